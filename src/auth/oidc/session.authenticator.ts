// The guard's web-session slot: a request with a cp_session cookie is authenticated by the session service (which
// also enforces CSRF on mutating requests); without the cookie there is no session identity.
import type { FastifyRequest } from 'fastify';
import type { SessionService } from '../../services/auth/session.service.js';
import type { SessionAuthenticator } from '../guard.js';
import { CSRF_HEADER, SESSION_COOKIE } from './session-tokens.js';

export const createSessionAuthenticator = (sessions: SessionService): SessionAuthenticator => async (req: FastifyRequest) => {
  const sessionId = req.cookies[SESSION_COOKIE];
  if (!sessionId) return null;
  const csrf = req.headers[CSRF_HEADER];
  return sessions.authenticate({ sessionId, method: req.method, csrfHeader: typeof csrf === 'string' ? csrf : undefined });
};
