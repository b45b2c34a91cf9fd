// SQL for API keys and their replay-protection signatures. The encrypted secret is selected only by
// findApiKeyForVerification, never by listings.
import type { Queryable } from '../infra/db/db.js';

export type ApiKeyRow = {
  access_key: string;
  owner: string;
  description: string;
  roles: string[];
  groups: string[];
  valid_until: Date;
  created_at: Date;
  last_used_at: Date | null;
};

const COLUMNS = 'access_key, owner, description, roles, groups, valid_until, created_at, last_used_at';

export type NewApiKey = {
  accessKey: string;
  encryptedSecret: Buffer;
  owner: string;
  description: string;
  roles: string[];
  groups: string[];
  validUntil: Date;
};

export const insertApiKey = async (q: Queryable, k: NewApiKey): Promise<ApiKeyRow> =>
  (
    await q.query<ApiKeyRow>(
      `INSERT INTO api_keys (access_key, encrypted_secret, owner, description, roles, groups, valid_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [k.accessKey, k.encryptedSecret, k.owner, k.description, k.roles, k.groups, k.validUntil],
    )
  ).rows[0]!;

export const findApiKeyForVerification = async (q: Queryable, accessKey: string) =>
  (
    await q.query<ApiKeyRow & { encrypted_secret: Buffer }>(
      `SELECT ${COLUMNS}, encrypted_secret FROM api_keys WHERE access_key = $1`,
      [accessKey],
    )
  ).rows[0];

export const listApiKeys = async (q: Queryable): Promise<ApiKeyRow[]> =>
  (await q.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY access_key`)).rows;

export type ApiKeyFilter = { accessKey?: string };

/** One page of keys by access key (limit + 1 rows, see shared/page.ts), optionally only the one with `accessKey`. */
export const listApiKeysPage = async (q: Queryable, f: ApiKeyFilter, [limit, offset]: [number, number]): Promise<ApiKeyRow[]> =>
  (
    await q.query<ApiKeyRow>(
      `SELECT ${COLUMNS} FROM api_keys WHERE ($1::TEXT IS NULL OR access_key = $1) ORDER BY access_key LIMIT $2 OFFSET $3`,
      [f.accessKey ?? null, limit, offset],
    )
  ).rows;

export const findApiKey = async (q: Queryable, accessKey: string): Promise<ApiKeyRow | undefined> =>
  (await q.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE access_key = $1`, [accessKey])).rows[0];

export const deleteApiKey = async (q: Queryable, accessKey: string): Promise<ApiKeyRow | undefined> =>
  (await q.query<ApiKeyRow>(`DELETE FROM api_keys WHERE access_key = $1 RETURNING ${COLUMNS}`, [accessKey])).rows[0];

/** Records a used signature; false when it was already recorded (a replay). */
export const recordSignatureOnce = async (q: Queryable, accessKey: string, signature: string, expiresAt: Date): Promise<boolean> =>
  (
    await q.query(
      `INSERT INTO api_key_signatures (access_key, signature, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (access_key, signature) DO NOTHING RETURNING access_key`,
      [accessKey, signature, expiresAt],
    )
  ).rows.length === 1;

/** Marks a key as used, at most once a minute, to keep verification cheap. */
export const touchApiKey = (q: Queryable, accessKey: string) =>
  q.query(
    `UPDATE api_keys SET last_used_at = now()
     WHERE access_key = $1 AND (last_used_at IS NULL OR last_used_at < now() - INTERVAL '60 seconds')`,
    [accessKey],
  );
