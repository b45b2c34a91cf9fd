// Validates a web session on every cookie-authenticated request: the row must exist and be younger than
// oidc.session_max_age_seconds (the setting in force now, so lowering it shortens existing sessions too); tokens are
// refreshed at the IdP when the ID token expires within oidc.refresh_leeway_seconds, and the groups/roles follow the
// refreshed token. Mutating requests must carry the session's CSRF token. The row is trusted as it stands between
// refreshes: it is server-side and was written from a validated ID token.
import * as oidc from 'openid-client';
import type { Identity } from '../../auth/identity.js';
import type { OidcClient } from '../../auth/oidc/oidc-client.js';
import { csrfTokenMatches, sha256Hex } from '../../auth/oidc/session-tokens.js';
import type { Db } from '../../infra/db/db.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import { deleteSession, findSession, findSessionRefreshToken, touchSession, updateSessionTokens, type SessionRow } from '../../repositories/sessions.repository.js';
import type { SettingsReader } from '../settings/settings.reader.js';
import { ForbiddenError, UnauthenticatedError, UnavailableError } from '../../shared/errors.js';
import { encryptTokens, tokenAad } from './login.service.js';
import { sessionClaims, sessionIdentity, type SessionClaims } from './oidc-identity.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The IdP could not be reached (as opposed to refusing the refresh): keep the session, the user may retry. */
const isUnreachable = (err: unknown): boolean => {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e instanceof UnavailableError || (e instanceof TypeError && /fetch failed/i.test(e.message)) || e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  }
  return false;
};

export type SessionServiceDeps = {
  db: Db;
  secrets: Pick<SecretBox, 'encrypt' | 'decrypt'>;
  oidc: OidcClient;
  settings: Pick<SettingsReader, 'getInt'>;
  now?: () => Date;
};

export type SessionCheck = { sessionId: string; method: string; csrfHeader: string | undefined };

export const createSessionService = (deps: SessionServiceDeps) => {
  const now = deps.now ?? (() => new Date());

  const expire = async (sessionHash: string, message: string): Promise<never> => {
    await deleteSession(deps.db, sessionHash);
    throw new UnauthenticatedError(message);
  };

  /** Refreshes at the IdP; on failure, a concurrent request may have refreshed already (then its result is used). */
  const refresh = async (row: SessionRow, leewayMs: number): Promise<SessionRow> => {
    const encrypted = await findSessionRefreshToken(deps.db, row.session_hash);
    if (!encrypted) return expire(row.session_hash, 'Your session needs renewing but the identity provider gave no refresh token; sign in again.');
    const s = await deps.oidc.settings();
    try {
      const config = await deps.oidc.configuration(s);
      const tokens = await oidc.refreshTokenGrant(config, deps.secrets.decrypt(encrypted, tokenAad(row.session_hash, 'refresh')));
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('refresh response without an ID token');
      const claims = sessionClaims(idClaims, s);
      const tokenExpiresAt = new Date(idClaims.exp * 1000);
      await updateSessionTokens(deps.db, row.session_hash, {
        ...encryptTokens(deps.secrets, row.session_hash, tokens),
        tokenExpiresAt,
        groups: claims.groups,
        claims: { ...claims },
      });
      return { ...row, groups: claims.groups, claims: { ...claims }, token_expires_at: tokenExpiresAt };
    } catch (err) {
      const again = await findSession(deps.db, row.session_hash);
      if (again?.token_expires_at && again.token_expires_at.getTime() - leewayMs > now().getTime()) return again;
      if (err instanceof ForbiddenError) throw err;
      if (isUnreachable(err)) throw new UnavailableError('The identity provider is unreachable, so your session cannot be renewed right now; try again shortly.', err);
      return expire(row.session_hash, 'Your session could not be renewed at the identity provider; sign in again.');
    }
  };

  return {
    async authenticate(check: SessionCheck): Promise<Identity> {
      const sessionHash = sha256Hex(check.sessionId);
      let row = await findSession(deps.db, sessionHash);
      if (!row) throw new UnauthenticatedError('Your session has ended or is unknown; sign in again.');
      const maxAgeMs = (await deps.settings.getInt('oidc.session_max_age_seconds')) * 1000;
      const at = now().getTime();
      if (row.session_expires_at.getTime() <= at || row.created_at.getTime() + maxAgeMs <= at) {
        return expire(sessionHash, 'Your session has expired; sign in again.');
      }
      if (!SAFE_METHODS.has(check.method.toUpperCase()) && !csrfTokenMatches(check.csrfHeader, row.csrf_token_hash)) {
        throw new ForbiddenError(
          check.csrfHeader
            ? 'The X-CP-CSRF header does not match this session; reload the page (GET /api/auth/me returns the current token).'
            : 'Requests that change something need the X-CP-CSRF header (its value is csrf_token from GET /api/auth/me).',
        );
      }
      const leewayMs = (await deps.settings.getInt('oidc.refresh_leeway_seconds')) * 1000;
      if (row.token_expires_at && row.token_expires_at.getTime() - leewayMs <= at) row = await refresh(row, leewayMs);
      else await touchSession(deps.db, sessionHash);
      const s = await deps.oidc.settings();
      return sessionIdentity(row.claims as SessionClaims, s, sessionHash);
    },
  };
};

export type SessionService = ReturnType<typeof createSessionService>;
