// SQL of the job queue: enqueue, claim, heartbeat, finish, retry, release, reap, cancel. Every statement a worker
// issues for a job it runs is fenced by (job_id, lease_owner, status = 'RUNNING'): a worker that lost its lease
// matches 0 rows. Durations are passed as milliseconds and turned into intervals in SQL, so the database clock
// (one clock for all instances) decides expiry and run times.
import type { Queryable } from '../infra/db/db.js';
import type { ClaimedJob } from '../jobs/types.js';

const CLAIMED_COLUMNS = `job_id, kind, payload, cluster_id, attempts, max_attempts, lease_owner, created_by`;

type ClaimedRow = {
  job_id: string;
  kind: string;
  payload: unknown;
  cluster_id: string | null;
  attempts: number;
  max_attempts: number;
  lease_owner: string;
  created_by: string;
};

const toClaimed = (r: ClaimedRow): ClaimedJob => ({
  jobId: r.job_id,
  kind: r.kind,
  payload: r.payload,
  clusterId: r.cluster_id,
  attempts: Number(r.attempts),
  maxAttempts: Number(r.max_attempts),
  leaseOwner: r.lease_owner,
  createdBy: r.created_by,
});

/** A job id and the lease token of one run of it. */
export type Lease = { jobId: string; owner: string };

export type NewJob = {
  kind: string;
  payload: unknown;
  clusterId: string | null;
  exclusive: boolean;
  priority: number;
  maxAttempts: number;
  runAt: Date | null;
  createdBy: string;
  scheduleName: string | null;
  rescheduledFrom: string | null;
};

/**
 * Inserts a job. An exclusive job that would be a second active exclusive job of its cluster is not inserted
 * (ON CONFLICT on the partial unique index) and null is returned, leaving the transaction usable so the caller
 * can name the blocking job.
 */
export const insertJob = async (q: Queryable, j: NewJob): Promise<{ jobId: string } | null> => {
  const { rows } = await q.query<{ job_id: string }>(
    `INSERT INTO jobs (kind, payload, cluster_id, exclusive, priority, max_attempts, run_at, created_by, schedule_name,
       rescheduled_from)
     VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::TIMESTAMPTZ, now()), $8, $9, $10)
     ON CONFLICT (cluster_id) WHERE exclusive AND status IN ('QUEUED', 'RUNNING') DO NOTHING
     RETURNING job_id`,
    [j.kind, JSON.stringify(j.payload ?? {}), j.clusterId, j.exclusive, j.priority, j.maxAttempts, j.runAt,
      j.createdBy, j.scheduleName, j.rescheduledFrom],
  );
  return rows[0] ? { jobId: rows[0].job_id } : null;
};

export const findActiveExclusiveJob = async (q: Queryable, clusterId: string) => {
  const { rows } = await q.query<{ job_id: string; kind: string; status: string }>(
    `SELECT job_id, kind, status FROM jobs
     WHERE cluster_id = $1 AND exclusive AND status IN ('QUEUED', 'RUNNING') LIMIT 1`,
    [clusterId],
  );
  return rows[0];
};

/**
 * Claims up to `limit` due jobs of the given kinds in one autocommit statement and takes a lease on them. SKIP LOCKED
 * lets concurrent claimers pass over each other's rows; the outer status check re-validates a row that changed
 * between the sub-select and the update. The sub-select is wrapped in ARRAY(...) on purpose: PostgreSQL may plan
 * `job_id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` as a nested-loop semi-join that re-runs the sub-select for
 * every outer row and so claims MORE than n jobs (seen here: LIMIT 1 claimed 4); ARRAY(...) is an init-plan that
 * runs exactly once. The lease token is `<worker id>:<attempt>`, unique per run of a job, so a
 * stalled run of this very worker is fenced out once the job has been re-claimed.
 */
export const claimJobs = async (
  q: Queryable,
  args: { owner: string; leaseMs: number; kinds: readonly string[]; limit: number },
): Promise<ClaimedJob[]> => {
  if (args.limit <= 0 || args.kinds.length === 0) return [];
  const { rows } = await q.query<ClaimedRow>(
    `UPDATE jobs SET status = 'RUNNING', lease_owner = $1::TEXT || ':' || CAST(attempts + 1 AS TEXT), lease_expires_at = now() + $2::INT8 * INTERVAL '1 millisecond',
       attempts = attempts + 1, started_at = now(), updated_at = now()
     WHERE job_id = ANY(ARRAY(
       SELECT job_id FROM jobs
       WHERE status = 'QUEUED' AND run_at <= now() AND kind = ANY($3::TEXT[])
       ORDER BY priority DESC, run_at
       LIMIT $4
       FOR UPDATE SKIP LOCKED))
       AND status = 'QUEUED'
     RETURNING ${CLAIMED_COLUMNS}`,
    [args.owner, args.leaseMs, [...args.kinds], args.limit],
  );
  return rows.map(toClaimed);
};

/** Extends the leases this worker still holds; returns those jobs (and whether a cancel was requested). */
export const extendLeases = async (q: Queryable, leases: readonly Lease[], leaseMs: number) => {
  if (leases.length === 0) return [];
  const { rows } = await q.query<{ job_id: string; cancel_requested_at: Date | null }>(
    `UPDATE jobs SET lease_expires_at = now() + $3::INT8 * INTERVAL '1 millisecond', updated_at = now()
     WHERE job_id = ANY($1::UUID[]) AND lease_owner = ANY($2::TEXT[]) AND status = 'RUNNING'
     RETURNING job_id, cancel_requested_at`,
    [leases.map((l) => l.jobId), leases.map((l) => l.owner), leaseMs],
  );
  return rows.map((r) => ({ jobId: r.job_id, cancelRequested: r.cancel_requested_at !== null }));
};

/** Locks the job row if (and only if) `owner` still holds its lease; the fence of every transactional job write. */
export const lockOwnedJob = async (q: Queryable, jobId: string, owner: string): Promise<boolean> => {
  const { rows } = await q.query(
    `SELECT job_id FROM jobs WHERE job_id = $1 AND lease_owner = $2 AND status = 'RUNNING' FOR UPDATE`,
    [jobId, owner],
  );
  return rows.length === 1;
};

/**
 * Marks a running job SUCCEEDED and appends its final task row in ONE fenced autocommit statement (the hot path of
 * every job). Returns false when the lease was lost: nothing is written then.
 */
export const completeOwnedJob = async (q: Queryable, args: { jobId: string; owner: string; result?: unknown }): Promise<boolean> => {
  const { rowCount } = await q.query(
    `WITH j AS (
       UPDATE jobs SET status = 'SUCCEEDED', result = $3, error = NULL, finished_at = now(), updated_at = now(),
         lease_expires_at = NULL, task_seq = task_seq + 1
       WHERE job_id = $1 AND lease_owner = $2 AND status = 'RUNNING'
       RETURNING job_id, task_seq)
     INSERT INTO job_tasks (job_id, seq, level, name) SELECT job_id, task_seq, 'info', 'SUCCEEDED' FROM j`,
    [args.jobId, args.owner, args.result === undefined ? null : JSON.stringify(args.result)],
  );
  return rowCount === 1;
};

/** Graceful shutdown: hands running jobs back without counting the interrupted attempt. */
export const releaseOwnedJobs = async (q: Queryable, leases: readonly Lease[]): Promise<string[]> => {
  if (leases.length === 0) return [];
  const { rows } = await q.query<{ job_id: string }>(
    `UPDATE jobs SET status = 'QUEUED', attempts = attempts - 1, run_at = now(), lease_expires_at = NULL, updated_at = now()
     WHERE job_id = ANY($1::UUID[]) AND lease_owner = ANY($2::TEXT[]) AND status = 'RUNNING'
     RETURNING job_id`,
    [leases.map((l) => l.jobId), leases.map((l) => l.owner)],
  );
  return rows.map((r) => r.job_id);
};

export type ExpiredJob = ClaimedJob & { leaseExpiresAt: Date; cancelRequested: boolean };

export const findExpiredLeases = async (q: Queryable, limit: number): Promise<ExpiredJob[]> => {
  const { rows } = await q.query<ClaimedRow & { lease_expires_at: Date; cancel_requested_at: Date | null }>(
    `SELECT ${CLAIMED_COLUMNS}, lease_expires_at, cancel_requested_at FROM jobs
     WHERE status = 'RUNNING' AND lease_expires_at < now()
     ORDER BY lease_expires_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ ...toClaimed(r), leaseExpiresAt: r.lease_expires_at, cancelRequested: r.cancel_requested_at !== null }));
};

/** Locks a RUNNING job whose lease (held by `owner`) has expired; false if it was renewed or handled meanwhile. */
export const lockExpiredJob = async (q: Queryable, jobId: string, owner: string): Promise<boolean> => {
  const { rows } = await q.query(
    `SELECT job_id FROM jobs
     WHERE job_id = $1 AND lease_owner = $2 AND status = 'RUNNING' AND lease_expires_at < now() FOR UPDATE`,
    [jobId, owner],
  );
  return rows.length === 1;
};

/** Cancels a job that has not started. Returns the job if it was QUEUED. */
export const cancelQueuedJob = async (q: Queryable, jobId: string, by: string): Promise<ClaimedJob | undefined> => {
  const { rows } = await q.query<ClaimedRow>(
    `UPDATE jobs SET status = 'CANCELLED', cancel_requested_at = now(), cancel_requested_by = $2, finished_at = now(),
       updated_at = now(), error = 'cancelled before it started'
     WHERE job_id = $1 AND status = 'QUEUED'
     RETURNING ${CLAIMED_COLUMNS}`,
    [jobId, by],
  );
  return rows[0] ? toClaimed(rows[0]) : undefined;
};

/** Asks the worker running a job to stop; it sees the request at its next heartbeat. */
export const requestCancelOfRunningJob = async (q: Queryable, jobId: string, by: string): Promise<boolean> => {
  const { rowCount } = await q.query(
    `UPDATE jobs SET cancel_requested_at = COALESCE(cancel_requested_at, now()),
       cancel_requested_by = COALESCE(cancel_requested_by, $2), updated_at = now()
     WHERE job_id = $1 AND status = 'RUNNING'`,
    [jobId, by],
  );
  return rowCount === 1;
};

/** Ends a job the reaper or a cancel found (not fenced by owner: the caller locked the row first). */
export const finishJobUnowned = async (
  q: Queryable,
  args: { jobId: string; status: 'FAILED' | 'CANCELLED' | 'QUEUED'; error: string; delayMs?: number },
) => {
  await q.query(
    `UPDATE jobs SET status = $2, error = $3, updated_at = now(), lease_expires_at = NULL,
       finished_at = CASE WHEN $2 = 'QUEUED' THEN NULL ELSE now() END,
       run_at = CASE WHEN $2 = 'QUEUED' THEN now() + $4::INT8 * INTERVAL '1 millisecond' ELSE run_at END
     WHERE job_id = $1`,
    [args.jobId, args.status, args.error, args.delayMs ?? 0],
  );
};
