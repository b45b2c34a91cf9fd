// The session cookie carries a random id that is never stored: the database keeps its sha256, so a leaked sessions
// table cannot be replayed as cookies. The CSRF token is derived from the session id (HMAC keyed by it), so the SPA
// can be given it again by /api/auth/me at any time while only its hash is stored; it is unguessable without the
// HttpOnly cookie.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'cp_session';
export const LOGIN_STATE_COOKIE = 'cp_oidc_state';
export const CSRF_HEADER = 'x-cp-csrf';

export const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

export const newSessionId = () => randomBytes(32).toString('base64url');

export const csrfTokenFor = (sessionId: string) => createHmac('sha256', sessionId).update('cp-csrf-v1').digest('base64url');

/** Constant-time comparison of a presented CSRF token with the stored hash. */
export const csrfTokenMatches = (presented: string | undefined, storedHash: string): boolean => {
  if (!presented) return false;
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
};
