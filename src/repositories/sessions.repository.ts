// SQL for web sessions and pending OIDC logins. Sessions are keyed by the sha256 of the cookie value; encrypted
// tokens are selected only where a refresh needs them.
import type { Queryable } from '../infra/db/db.js';

export type SessionRow = {
  session_hash: string;
  subject: string;
  username: string;
  groups: string[];
  claims: Record<string, unknown>;
  csrf_token_hash: string;
  token_expires_at: Date | null;
  session_expires_at: Date;
  created_at: Date;
};

const COLUMNS = 'session_hash, subject, username, groups, claims, csrf_token_hash, token_expires_at, session_expires_at, created_at';

export type SessionTokens = {
  encryptedIdToken: Buffer | null;
  encryptedAccessToken: Buffer | null;
  encryptedRefreshToken: Buffer | null;
  tokenExpiresAt: Date | null;
};

export type NewSession = SessionTokens & {
  sessionHash: string;
  subject: string;
  username: string;
  groups: string[];
  claims: Record<string, unknown>;
  csrfTokenHash: string;
  sessionExpiresAt: Date;
};

export const insertSession = (q: Queryable, s: NewSession) =>
  q.query(
    `INSERT INTO sessions (session_hash, subject, username, groups, claims, csrf_token_hash, encrypted_id_token,
       encrypted_access_token, encrypted_refresh_token, token_expires_at, session_expires_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11)`,
    [s.sessionHash, s.subject, s.username, s.groups, JSON.stringify(s.claims), s.csrfTokenHash, s.encryptedIdToken,
      s.encryptedAccessToken, s.encryptedRefreshToken, s.tokenExpiresAt, s.sessionExpiresAt],
  );

export const findSession = async (q: Queryable, sessionHash: string): Promise<SessionRow | undefined> =>
  (await q.query<SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE session_hash = $1`, [sessionHash])).rows[0];

export const findSessionRefreshToken = async (q: Queryable, sessionHash: string): Promise<Buffer | null | undefined> =>
  (await q.query<{ encrypted_refresh_token: Buffer | null }>(
    `SELECT encrypted_refresh_token FROM sessions WHERE session_hash = $1`, [sessionHash],
  )).rows[0]?.encrypted_refresh_token;

/** Stores refreshed tokens; a refresh response without a new refresh token keeps the old one. */
export const updateSessionTokens = (q: Queryable, sessionHash: string, t: SessionTokens & { groups: string[]; claims: Record<string, unknown> }) =>
  q.query(
    `UPDATE sessions SET encrypted_id_token = $2, encrypted_access_token = $3,
       encrypted_refresh_token = COALESCE($4, encrypted_refresh_token), token_expires_at = $5, groups = $6,
       claims = $7::jsonb, updated_at = now(), last_seen_at = now()
     WHERE session_hash = $1`,
    [sessionHash, t.encryptedIdToken, t.encryptedAccessToken, t.encryptedRefreshToken, t.tokenExpiresAt, t.groups, JSON.stringify(t.claims)],
  );

/** Marks activity at most once a minute, to keep authenticated reads cheap. */
export const touchSession = (q: Queryable, sessionHash: string) =>
  q.query(
    `UPDATE sessions SET last_seen_at = now() WHERE session_hash = $1 AND last_seen_at < now() - INTERVAL '60 seconds'`,
    [sessionHash],
  );

export const deleteSession = async (q: Queryable, sessionHash: string): Promise<boolean> =>
  (await q.query(`DELETE FROM sessions WHERE session_hash = $1 RETURNING session_hash`, [sessionHash])).rows.length === 1;

export const deleteExpiredSessions = (q: Queryable) => q.query(`DELETE FROM sessions WHERE session_expires_at <= now()`);

export type LoginAttemptRow = { encrypted_code_verifier: Buffer; nonce: string; next_path: string; expires_at: Date };

export const insertLoginAttempt = (
  q: Queryable,
  a: { stateHash: string; encryptedCodeVerifier: Buffer; nonce: string; nextPath: string; expiresAt: Date },
) =>
  q.query(
    `INSERT INTO oidc_login_attempts (state_hash, encrypted_code_verifier, nonce, next_path, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [a.stateHash, a.encryptedCodeVerifier, a.nonce, a.nextPath, a.expiresAt],
  );

/** Removes and returns a pending login: each state can complete at most one login. */
export const takeLoginAttempt = async (q: Queryable, stateHash: string): Promise<LoginAttemptRow | undefined> =>
  (await q.query<LoginAttemptRow>(
    `DELETE FROM oidc_login_attempts WHERE state_hash = $1 RETURNING encrypted_code_verifier, nonce, next_path, expires_at`,
    [stateHash],
  )).rows[0];

export const deleteExpiredLoginAttempts = (q: Queryable) => q.query(`DELETE FROM oidc_login_attempts WHERE expires_at <= now()`);
