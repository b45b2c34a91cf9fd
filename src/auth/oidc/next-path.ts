// Where to send the browser after login. Only same-origin absolute paths are accepted, so /api/auth/login cannot be
// used as an open redirect: "//evil.example" (scheme-relative), "/\evil.example" (browsers treat "\" as "/"),
// "https://evil.example" and anything with control characters all become "/". The result is printable ASCII only:
// every other character (U+2028, U+202E, U+3002, …) is percent-encoded, so the Location header can always be sent
// and no browser re-reads a look-alike character as "/" or ".". A string that cannot be encoded (an unpaired
// surrogate) becomes "/".
const PRINTABLE_ASCII = /^[\x21-\x7e]$/;

const toPrintableAscii = (s: string): string | undefined => {
  let out = '';
  for (const c of s) {
    if (PRINTABLE_ASCII.test(c)) out += c;
    else {
      try {
        out += encodeURIComponent(c);
      } catch {
        return undefined;
      }
    }
  }
  return out;
};

export const sanitizeNextPath = (next: unknown): string => {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return '/';
  if (!next.startsWith('/') || next.startsWith('//')) return '/';
  if (next.includes('\\') || [...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/';
  const ascii = toPrintableAscii(next);
  if (ascii === undefined || ascii.length > 2048 * 3) return '/';
  // A decoded form must not turn into a scheme-relative or backslash path either ("/%2F%2Fevil", "/%5Cevil").
  let decoded: string;
  try {
    decoded = decodeURIComponent(ascii);
  } catch {
    return '/';
  }
  if (decoded.startsWith('//') || decoded.includes('\\') || /^\/[a-z][a-z0-9+.-]*:/i.test(decoded)) return '/';
  return ascii;
};
