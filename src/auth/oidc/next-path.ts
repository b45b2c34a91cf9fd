// Where to send the browser after login. Only same-origin absolute paths are accepted, so /api/auth/login cannot be
// used as an open redirect: "//evil.example" (scheme-relative), "/\evil.example" (browsers treat "\" as "/"),
// "https://evil.example" and anything with control characters all become "/".
export const sanitizeNextPath = (next: unknown): string => {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return '/';
  if (!next.startsWith('/') || next.startsWith('//')) return '/';
  if (next.includes('\\') || [...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/';
  // A decoded form must not turn into a scheme-relative or backslash path either ("/%2F%2Fevil", "/%5Cevil").
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return '/';
  }
  if (decoded.startsWith('//') || decoded.includes('\\') || /^\/[a-z][a-z0-9+.-]*:/i.test(decoded)) return '/';
  return next;
};
