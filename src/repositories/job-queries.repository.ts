// Read-side SQL of the job API: list (keyset pagination on created_at, job_id), stats, detail. Visibility is applied
// in SQL: admins see every job; others only jobs whose cluster's group is one of theirs (jobs without a cluster
// are admin-only).
import type { Queryable } from '../infra/db/db.js';

export type JobScope = { isAdmin: boolean; groups: readonly string[] };

export type JobListFilter = {
  statuses?: readonly string[];
  kinds?: readonly string[];
  clusterId?: string;
  createdBy?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  /** Keyset cursor: rows strictly after (older than) this position. */
  after?: { createdAt: string; jobId: string };
  limit: number;
};

export type JobRow = {
  job_id: string;
  kind: string;
  status: string;
  payload: unknown;
  result: unknown;
  error: string | null;
  cluster_id: string | null;
  exclusive: boolean;
  priority: number;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  cancel_requested_at: Date | null;
  cancel_requested_by: string | null;
  task_seq: number;
  schedule_name: string | null;
  rescheduled_from: string | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** created_at as text at full precision, for the keyset cursor (a JS Date keeps only milliseconds). */
  created_at_key: string;
};

const COLUMNS = `j.job_id, j.kind, j.status, j.payload, j.result, j.error, j.cluster_id, j.exclusive, j.priority, j.attempts,
  j.max_attempts, j.run_at, j.lease_owner, j.lease_expires_at, j.cancel_requested_at, j.cancel_requested_by, j.task_seq,
  j.schedule_name, j.rescheduled_from, j.created_at, j.created_by, j.updated_at, j.started_at, j.finished_at,
  CAST(j.created_at AS TEXT) AS created_at_key`;

const NUMERIC = ['priority', 'attempts', 'max_attempts', 'task_seq'] as const;
const norm = (r: JobRow): JobRow => {
  for (const k of NUMERIC) (r as Record<string, unknown>)[k] = Number(r[k]);
  return r;
};

/** The visibility predicate on `jobs j LEFT JOIN clusters c`, with its two parameters at $1 and $2. */
const VISIBLE = `($1::BOOL OR (j.cluster_id IS NOT NULL AND c.grp = ANY($2::TEXT[])))`;
const FROM = `FROM jobs j LEFT JOIN clusters c ON c.cluster_id = j.cluster_id`;

export const listVisibleJobs = async (q: Queryable, scope: JobScope, f: JobListFilter): Promise<JobRow[]> => {
  const params: unknown[] = [scope.isAdmin, [...scope.groups]];
  const where = [VISIBLE];
  /** Adds a parameter and returns its placeholder ($n). */
  const param = (value: unknown) => {
    params.push(value);
    return '$' + String(params.length);
  };
  const add = (sql: (p: string) => string, value: unknown) => where.push(sql(param(value)));
  if (f.statuses?.length) add((p) => `j.status = ANY(${p}::TEXT[])`, [...f.statuses]);
  if (f.kinds?.length) add((p) => `j.kind = ANY(${p}::TEXT[])`, [...f.kinds]);
  if (f.clusterId) add((p) => `j.cluster_id = ${p}`, f.clusterId);
  if (f.createdBy) add((p) => `j.created_by = ${p}`, f.createdBy);
  if (f.createdAfter) add((p) => `j.created_at >= ${p}::TIMESTAMPTZ`, f.createdAfter);
  if (f.createdBefore) add((p) => `j.created_at < ${p}::TIMESTAMPTZ`, f.createdBefore);
  if (f.after) {
    const at = param(f.after.createdAt);
    const id = param(f.after.jobId);
    where.push(`(j.created_at, j.job_id) < (${at}::TIMESTAMPTZ, ${id}::UUID)`);
  }
  const limit = param(f.limit);
  const { rows } = await q.query<JobRow>(
    `SELECT ${COLUMNS} ${FROM} WHERE ${where.join(' AND ')} ORDER BY j.created_at DESC, j.job_id DESC LIMIT ${limit}`,
    params,
  );
  return rows.map(norm);
};

export const findVisibleJob = async (q: Queryable, scope: JobScope, jobId: string): Promise<JobRow | undefined> => {
  const { rows } = await q.query<JobRow>(`SELECT ${COLUMNS} ${FROM} WHERE ${VISIBLE} AND j.job_id = $3`, [
    scope.isAdmin, [...scope.groups], jobId,
  ]);
  return rows[0] ? norm(rows[0]) : undefined;
};

export type JobStats = { total: number; queued: number; running: number; succeeded: number; failed: number; cancelled: number };

export const countVisibleJobs = async (q: Queryable, scope: JobScope): Promise<JobStats> => {
  const { rows } = await q.query<{ status: string; n: number }>(
    `SELECT j.status, count(*) AS n ${FROM} WHERE ${VISIBLE} GROUP BY j.status`,
    [scope.isAdmin, [...scope.groups]],
  );
  const stats: JobStats = { total: 0, queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    stats.total += n;
    stats[r.status.toLowerCase() as Exclude<keyof JobStats, 'total'>] = n;
  }
  return stats;
};

/** The job that re-runs `jobId` (jobs are rescheduled at most once: unique index jobs_rescheduled_once). */
export const findRescheduleOf = async (q: Queryable, jobId: string): Promise<{ job_id: string; kind: string; status: string } | undefined> =>
  (await q.query<{ job_id: string; kind: string; status: string }>(
    `SELECT job_id, kind, status FROM jobs WHERE rescheduled_from = $1`, [jobId],
  )).rows[0];

/** A queued or running job fired by schedule `name`, if any. */
export const findActiveScheduleJob = async (q: Queryable, name: string): Promise<{ job_id: string; status: string } | undefined> =>
  (await q.query<{ job_id: string; status: string }>(
    `SELECT job_id, status FROM jobs WHERE schedule_name = $1 AND status IN ('QUEUED', 'RUNNING') ORDER BY created_at LIMIT 1`, [name],
  )).rows[0];
