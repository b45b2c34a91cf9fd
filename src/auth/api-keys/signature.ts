// The request-signing scheme of the reference cp, kept so its clients keep working:
//   X-CP-Signature = lowercase hex HMAC-SHA256(secret, METHOD "\n" PATH[?QUERY] "\n" TIMESTAMP "\n" BODY)
// PATH is the raw path as sent (including /api), "?" + raw query only when the query is non-empty, TIMESTAMP is the
// X-Timestamp header trimmed (epoch seconds or ISO-8601), BODY the raw body bytes.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const API_KEY_HEADERS = { accessKey: 'x-cp-access-key', signature: 'x-cp-signature', timestamp: 'x-timestamp' } as const;

/** Canonical path: the raw request target, without a dangling "?" for an empty query. */
export const canonicalTarget = (rawUrl: string) => (rawUrl.endsWith('?') ? rawUrl.slice(0, -1) : rawUrl);

export const canonicalRequest = (method: string, rawUrl: string, timestamp: string, body: Buffer | string): Buffer =>
  Buffer.concat([
    Buffer.from(`${method.toUpperCase()}\n${canonicalTarget(rawUrl)}\n${timestamp.trim()}\n`, 'utf8'),
    typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  ]);

export const signRequest = (secret: string, method: string, rawUrl: string, timestamp: string, body: Buffer | string = '') =>
  createHmac('sha256', secret).update(canonicalRequest(method, rawUrl, timestamp, body)).digest('hex');

export const signaturesEqual = (expectedHex: string, givenHex: string): boolean => {
  const a = Buffer.from(expectedHex, 'utf8');
  const b = Buffer.from(givenHex.trim().toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Parses X-Timestamp: epoch seconds (integer or fractional) or ISO-8601 (a naive time is UTC). Anything that is not
 * a representable time (e.g. 99999999999999 seconds, beyond JavaScript's ±8.64e15 ms) is undefined, never an
 * Invalid Date: NaN compares false with everything and would slip through the freshness check.
 */
export const parseTimestamp = (value: string): Date | undefined => {
  const v = value.trim();
  if (/^\d{1,20}(\.\d{1,9})?$/.test(v)) {
    const d = new Date(Number(v) * 1000);
    return Number.isFinite(d.getTime()) ? d : undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(v)) return undefined;
  const iso = /(Z|[+-]\d{2}:?\d{2})$/i.test(v) ? v : `${v}Z`;
  const d = new Date(iso.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? undefined : d;
};
