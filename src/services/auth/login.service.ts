// The browser login: authorization code + PKCE (S256) + state + nonce. The state, nonce and PKCE verifier live
// server-side (oidc_login_attempts: state hashed, verifier encrypted) and the state is also bound to the browser by a
// short-lived cookie, so a callback URL cannot be replayed into another browser (login CSRF). A successful callback
// creates a server-side session, ends the session the browser presented (if any), and writes LOGIN. Every refused
// callback is counted in cp_auth_login_failures_total{reason}; it writes LOGIN_FAILED when the IdP named the user,
// and otherwise (anonymous, so anyone can send them) at most once per source IP per minute, so bogus callbacks
// cannot flood the audit log.
import * as oidc from 'openid-client';
import type { RequestContext } from '../../auth/identity.js';
import type { OidcClient, OidcSettings } from '../../auth/oidc/oidc-client.js';
import { sanitizeNextPath } from '../../auth/oidc/next-path.js';
import { csrfTokenFor, newSessionId, sha256Hex } from '../../auth/oidc/session-tokens.js';
import type { Db } from '../../infra/db/db.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import type { Metrics } from '../../infra/metrics/metrics.js';
import { createRateCounter } from '../../auth/rate-limit.js';
import { deleteExpiredLoginAttempts, deleteExpiredSessions, deleteSession, insertLoginAttempt, insertSession, takeLoginAttempt } from '../../repositories/sessions.repository.js';
import type { SettingsReader } from '../settings/settings.reader.js';
import { recordEvent } from '../audit/audit.service.js';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../../shared/errors.js';
import { sessionClaims, sessionIdentity } from './oidc-identity.js';

const LOGIN_ATTEMPT_TTL_SECONDS = 600;

export const verifierAad = (stateHash: string) => `oidc_login:${stateHash}`;
export const tokenAad = (sessionHash: string, kind: 'id' | 'access' | 'refresh') => `session:${sessionHash}:${kind}`;

export type LoginServiceDeps = {
  db: Db;
  secrets: Pick<SecretBox, 'encrypt' | 'decrypt'>;
  oidc: OidcClient;
  settings: Pick<SettingsReader, 'getInt'>;
  metrics?: Pick<Metrics, 'loginFailures'>;
  now?: () => Date;
};

export type LoginFailureReason = 'idp_error' | 'missing_code_or_state' | 'unknown_state' | 'token_verification' | 'no_role';

export type Origin = { requestId: string; sourceIp: string };

export type CallbackInput = {
  query: Record<string, string | undefined>;
  rawQuery: string;
  stateCookie: string | undefined;
  /** The cp_session cookie the browser sent, if any: that session ends when the new one begins. */
  presentedSessionId?: string | undefined;
};

const anonymousContext = (o: Origin, actor = 'anonymous'): RequestContext => ({
  identity: { authType: 'oidc', subject: actor, actor, displayName: actor, roles: [], groups: [], isAdmin: false },
  ...o,
});

export const encryptTokens = (secrets: Pick<SecretBox, 'encrypt'>, sessionHash: string, t: oidc.TokenEndpointResponse) => ({
  encryptedIdToken: t.id_token ? secrets.encrypt(t.id_token, tokenAad(sessionHash, 'id')) : null,
  encryptedAccessToken: t.access_token ? secrets.encrypt(t.access_token, tokenAad(sessionHash, 'access')) : null,
  encryptedRefreshToken: t.refresh_token ? secrets.encrypt(t.refresh_token, tokenAad(sessionHash, 'refresh')) : null,
});

export const createLoginService = (deps: LoginServiceDeps) => {
  const now = deps.now ?? (() => new Date());
  const anonymousAudits = createRateCounter(() => now().getTime());

  const failed = async (o: Origin, kind: LoginFailureReason, reason: string, actor?: string) => {
    deps.metrics?.loginFailures.inc({ reason: kind });
    if (actor === undefined && anonymousAudits.hit(o.sourceIp, 1) !== undefined) return;
    await recordEvent(deps.db, anonymousContext(o, actor), { action: 'LOGIN_FAILED', details: { reason } });
  };

  return {
    /** Starts a login: returns the IdP authorization URL and the state to bind to the browser. */
    async start(next: unknown): Promise<{ redirectUrl: string; state: string }> {
      const s = await deps.oidc.settings();
      const config = await deps.oidc.configuration(s);
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const verifier = oidc.randomPKCECodeVerifier();
      const stateHash = sha256Hex(state);
      // Housekeeping where it is cheap and naturally rate limited: each sign-in clears what has expired.
      await deleteExpiredLoginAttempts(deps.db);
      await deleteExpiredSessions(deps.db);
      await insertLoginAttempt(deps.db, {
        stateHash,
        encryptedCodeVerifier: deps.secrets.encrypt(verifier, verifierAad(stateHash)),
        nonce,
        nextPath: sanitizeNextPath(next),
        expiresAt: new Date(now().getTime() + LOGIN_ATTEMPT_TTL_SECONDS * 1000),
      });
      const url = oidc.buildAuthorizationUrl(config, {
        ...s.extraParams,
        redirect_uri: s.redirectUri,
        scope: s.scopes,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        ...(s.audience ? { audience: s.audience } : {}),
      });
      return { redirectUrl: url.href, state };
    },

    /** Completes a login at the callback: returns the new session id (for the cookie) and where to go next. */
    async finish(input: CallbackInput, o: Origin): Promise<{ sessionId: string; nextPath: string; maxAgeSeconds: number; csrfToken: string }> {
      const { query } = input;
      if (query.error) {
        await failed(o, 'idp_error', `identity provider error: ${query.error}`);
        throw new UnauthenticatedError(`The identity provider refused the sign-in: ${query.error}${query.error_description ? `: ${query.error_description}` : ''}.`);
      }
      if (!query.state || !query.code) {
        await failed(o, 'missing_code_or_state', 'callback without code or state');
        throw new ValidationError('The sign-in callback needs "code" and "state" query parameters; start again at /api/auth/login.');
      }
      const stateHash = sha256Hex(query.state);
      const attempt = await takeLoginAttempt(deps.db, stateHash);
      if (!attempt || attempt.expires_at.getTime() <= now().getTime() || input.stateCookie !== query.state) {
        await failed(o, 'unknown_state', 'unknown, expired or foreign login state');
        throw new UnauthenticatedError('This sign-in is unknown, expired or was started in another browser; start again at /api/auth/login.');
      }
      const s: OidcSettings = await deps.oidc.settings();
      const config = await deps.oidc.configuration(s);
      let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
      try {
        const callbackUrl = new URL(s.redirectUri);
        callbackUrl.search = input.rawQuery;
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: deps.secrets.decrypt(attempt.encrypted_code_verifier, verifierAad(stateHash)),
          expectedState: query.state,
          expectedNonce: attempt.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        await failed(o, 'token_verification', 'code exchange or ID-token validation failed');
        throw new UnauthenticatedError('The identity provider response could not be verified; start again at /api/auth/login.', {
          // The library's error code only: messages may echo IdP responses.
          reason: (err as { code?: unknown }).code ?? 'unknown',
        });
      }
      const claims = sessionClaims(tokens.claims() ?? {}, s);
      try {
        sessionIdentity(claims, s);
      } catch (err) {
        if (err instanceof ForbiddenError) await failed(o, 'no_role', 'no group mapped to a cp role', claims.username);
        throw err;
      }
      const sessionId = newSessionId();
      const sessionHash = sha256Hex(sessionId);
      const csrfToken = csrfTokenFor(sessionId);
      const maxAgeSeconds = await deps.settings.getInt('oidc.session_max_age_seconds');
      const exp = tokens.claims()?.exp;
      const presented = input.presentedSessionId ? sha256Hex(input.presentedSessionId) : undefined;
      await deps.db.transaction(async (tx) => {
        // Signing in again replaces the browser's session: the old cookie must not stay valid next to the new one.
        if (presented) await deleteSession(tx, presented);
        await insertSession(tx, {
          sessionHash,
          subject: claims.sub,
          username: claims.username,
          groups: claims.groups,
          claims: { ...claims },
          csrfTokenHash: sha256Hex(csrfToken),
          ...encryptTokens(deps.secrets, sessionHash, tokens),
          tokenExpiresAt: typeof exp === 'number' ? new Date(exp * 1000) : null,
          sessionExpiresAt: new Date(now().getTime() + maxAgeSeconds * 1000),
        });
        await recordEvent(tx, { identity: sessionIdentity(claims, s, sessionHash), ...o }, {
          action: 'LOGIN',
          targetType: 'session',
          details: { groups: claims.groups, refresh_token_present: Boolean(tokens.refresh_token), dev_idp: s.devIdp },
        });
      });
      return { sessionId, nextPath: attempt.next_path, maxAgeSeconds, csrfToken };
    },

    /** Ends a web session (API-key callers have none: nothing to do). */
    async logout(ctx: RequestContext): Promise<void> {
      const sessionHash = ctx.identity.sessionId;
      if (ctx.identity.authType !== 'oidc' || !sessionHash) return;
      await deps.db.transaction(async (tx) => {
        if (!(await deleteSession(tx, sessionHash))) return;
        await recordEvent(tx, ctx, { action: 'LOGOUT', targetType: 'session', details: {} });
      });
    },
  };
};

export type LoginService = ReturnType<typeof createLoginService>;
