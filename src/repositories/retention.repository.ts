// SQL of the retention sweeper: deletes old rows in bounded batches, so no statement holds many locks or exceeds
// CockroachDB's transaction size limits. Each function deletes at most `batch` rows and returns how many it deleted.
import type { Queryable } from '../infra/db/db.js';

const days = `$1::INT8 * INTERVAL '1 day'`;

const RULES = {
  jobs: `DELETE FROM jobs WHERE job_id IN (SELECT job_id FROM jobs
           WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND finished_at < now() - ${days} LIMIT $2)`,
  events: `DELETE FROM event_log WHERE event_id IN (SELECT event_id FROM event_log WHERE ts < now() - ${days} LIMIT $2)`,
  alerts: `DELETE FROM alerts WHERE fingerprint IN (SELECT fingerprint FROM alerts
             WHERE status = 'resolved' AND COALESCE(ends_at, updated_at) < now() - ${days} LIMIT $2)`,
  deleted_clusters: `DELETE FROM clusters WHERE cluster_id IN (SELECT cluster_id FROM clusters
             WHERE status = 'DELETED' AND COALESCE(deleted_at, updated_at) < now() - ${days} LIMIT $2)`,
} as const;

const EXPIRED = {
  sessions: `DELETE FROM sessions WHERE session_hash IN (SELECT session_hash FROM sessions WHERE session_expires_at < now() LIMIT $1)`,
  oidc_login_attempts: `DELETE FROM oidc_login_attempts WHERE state_hash IN (SELECT state_hash FROM oidc_login_attempts
             WHERE expires_at < now() LIMIT $1)`,
  api_key_signatures: `DELETE FROM api_key_signatures WHERE (access_key, signature) IN (SELECT access_key, signature
             FROM api_key_signatures WHERE expires_at < now() LIMIT $1)`,
} as const;

export type AgedTable = keyof typeof RULES;
export type ExpiringTable = keyof typeof EXPIRED;
export const AGED_TABLES = Object.keys(RULES) as AgedTable[];
export const EXPIRING_TABLES = Object.keys(EXPIRED) as ExpiringTable[];

export const deleteAgedBatch = async (q: Queryable, table: AgedTable, olderThanDays: number, batch: number) =>
  (await q.query(RULES[table], [olderThanDays, batch])).rowCount;

export const deleteExpiredBatch = async (q: Queryable, table: ExpiringTable, batch: number) =>
  (await q.query(EXPIRED[table], [batch])).rowCount;
