// CockroachDB jobs (src/current/v24.3/show-jobs.md: the Job status table). The stand-in has no job registry
// running in the background, so control requests resolve the way an adopting node's registry would:
//  - a job with a live runner (coordinator_id set, e.g. a BACKUP run by the backup room) sees `cancel-requested` /
//    `pause-requested` through observeControl() and moves itself on (markCanceled / markPaused);
//  - a job without a runner (coordinator_id NULL) moves straight to `canceled` / `paused`.
// Later work (BACKUP/RESTORE) drives its jobs through createJob → updateProgress → finishJob.
import { randomInt } from 'node:crypto';
import { SqlError } from '../sql/engine.types.js';
import type { CatalogDb } from './tx.js';

export const JOB_STATUSES = ['pending', 'running', 'paused', 'pause-requested', 'cancel-requested', 'reverting', 'succeeded',
  'failed', 'canceled', 'retry-running', 'retry-reverting', 'revert-failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'canceled', 'revert-failed'];

export type JobRow = {
  jobId: string; jobType: string; description: string; statement: string; userName: string; status: JobStatus;
  runningStatus: string | null; created: Date; started: Date | null; finished: Date | null; modified: Date;
  fractionCompleted: number; error: string; coordinatorId: number | null; traceId: string; executionErrors: string[];
  payload: Record<string, unknown>;
};

type Raw = { job_id: string; job_type: string; description: string; statement: string; user_name: string; status: JobStatus;
  running_status: string | null; created: Date; started: Date | null; finished: Date | null; modified: Date;
  fraction_completed: number; error: string; coordinator_id: number | null; trace_id: string; execution_errors: string[];
  payload: Record<string, unknown> };

const toRow = (r: Raw): JobRow => ({
  jobId: String(r.job_id), jobType: r.job_type, description: r.description, statement: r.statement, userName: r.user_name,
  status: r.status, runningStatus: r.running_status, created: r.created, started: r.started, finished: r.finished,
  modified: r.modified, fractionCompleted: Number(r.fraction_completed), error: r.error, coordinatorId: r.coordinator_id,
  traceId: String(r.trace_id), executionErrors: r.execution_errors, payload: r.payload,
});

/** An id shaped like CockroachDB's unique_rowid(): wall time in 10µs units shifted left 15 bits, plus a node-ish tail. */
export const newJobId = (nodeId = 1): bigint =>
  ((BigInt(Date.now()) * 100n + BigInt(randomInt(100))) << 15n) | BigInt(nodeId & 0x7fff);

const notFound = (id: string) => new SqlError('42704', `job with ID ${id} does not exist`);
// CockroachDB raises these without a pgcode, which clients see as XXUUU (uncategorized).
const badState = (status: string, what: string) => new SqlError('XXUUU', `job with status ${status} cannot be requested to be ${what}`);

export const createJobs = (db: CatalogDb) => {
  const set = async (id: string, sql: string, params: unknown[] = []) => {
    await db.query(`UPDATE standin.jobs SET ${sql}, modified = now() WHERE job_id = $1`, [id, ...params]);
  };
  const api = {
    async createJob(o: { jobType: string; description: string; statement?: string; userName: string; coordinatorId?: number | null;
      status?: JobStatus; payload?: Record<string, unknown> }): Promise<JobRow> {
      for (;;) {
        const id = newJobId(o.coordinatorId ?? 1).toString();
        const status = o.status ?? 'running';
        const r = await db.query<Raw>(
          `INSERT INTO standin.jobs (job_id, job_type, description, statement, user_name, status, started, coordinator_id, trace_id, payload)
           VALUES ($1,$2,$3,$4,$5,$6, CASE WHEN $6 = 'running' THEN now() END, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING *`,
          [id, o.jobType, o.description, o.statement ?? o.description, o.userName, status, o.coordinatorId ?? null,
            randomInt(1, 2 ** 47).toString(), JSON.stringify(o.payload ?? {})]);
        if (r.rows[0]) return toRow(r.rows[0]);
      }
    },
    async get(id: string): Promise<JobRow | null> {
      if (!/^\d+$/.test(id)) return null;
      const r = await db.query<Raw>('SELECT * FROM standin.jobs WHERE job_id = $1', [id]);
      return r.rows[0] ? toRow(r.rows[0]) : null;
    },
    /** What SHOW JOBS lists: the last 12 hours plus anything not finished, newest first (CockroachDB's ordering). */
    async list(): Promise<JobRow[]> {
      const r = await db.query<Raw>(
        `SELECT * FROM standin.jobs WHERE finished IS NULL OR finished > now() - interval '12 hours'
          ORDER BY COALESCE(finished, now()) DESC, created DESC`);
      return r.rows.map(toRow);
    },
    /** Every job, as crdb_internal.jobs has them. */
    async listAll(): Promise<JobRow[]> {
      return (await db.query<Raw>('SELECT * FROM standin.jobs ORDER BY created DESC')).rows.map(toRow);
    },
    async updateProgress(id: string, fraction: number, runningStatus?: string | null): Promise<void> {
      await set(id, `fraction_completed = $2, running_status = COALESCE($3, running_status),
                     status = CASE WHEN status = 'pending' THEN 'running' ELSE status END, started = COALESCE(started, now())`,
      [Math.max(0, Math.min(1, fraction)), runningStatus ?? null]);
    },
    async finishJob(id: string, outcome: { status: 'succeeded' } | { status: 'failed' | 'canceled'; error: string }): Promise<void> {
      const error = 'error' in outcome ? outcome.error : '';
      await set(id, `status = $2, error = $3, finished = now(), running_status = NULL,
                     fraction_completed = CASE WHEN $2 = 'succeeded' THEN 1 ELSE fraction_completed END,
                     execution_errors = CASE WHEN $3 = '' THEN execution_errors ELSE execution_errors || $3 END`,
      [outcome.status, error]);
    },
    /** For a job's runner: a pending control request it must act on. */
    async observeControl(id: string): Promise<'cancel' | 'pause' | null> {
      const job = await api.get(id);
      if (job?.status === 'cancel-requested') return 'cancel';
      if (job?.status === 'pause-requested') return 'pause';
      return null;
    },
    async markPaused(id: string): Promise<void> { await set(id, `status = 'paused'`); },
    async markCanceled(id: string): Promise<void> {
      await set(id, `status = 'canceled', finished = now(), error = 'job canceled', running_status = NULL`);
    },
    /** CANCEL JOB (src/current/v24.3/cancel-job.md). */
    async requestCancel(id: string): Promise<void> {
      const job = await api.get(id);
      if (!job) throw notFound(id);
      if (job.status === 'cancel-requested' || job.status === 'canceled') return;
      if (!['pending', 'running', 'paused'].includes(job.status)) throw badState(job.status, 'canceled');
      if (job.coordinatorId === null) await api.markCanceled(id);
      else await set(id, `status = 'cancel-requested'`);
    },
    /** PAUSE JOB (src/current/v24.3/pause-job.md). */
    async requestPause(id: string): Promise<void> {
      const job = await api.get(id);
      if (!job) throw notFound(id);
      if (job.status === 'paused' || job.status === 'pause-requested') return;
      if (!['pending', 'running'].includes(job.status)) throw badState(job.status, 'paused');
      await set(id, job.coordinatorId === null ? `status = 'paused'` : `status = 'pause-requested'`);
    },
    /** RESUME JOB (src/current/v24.3/resume-job.md). */
    async resume(id: string): Promise<void> {
      const job = await api.get(id);
      if (!job) throw notFound(id);
      if (job.status === 'running' || job.status === 'pending') return;
      if (job.status !== 'paused' && job.status !== 'pause-requested') {
        throw new SqlError('XXUUU', `job with status ${job.status} cannot be resumed`);
      }
      await set(id, `status = 'running'`);
    },
    /** SHOW JOBS WHEN COMPLETE: polls the shared catalog (another node may be running the job). */
    async waitForTerminal(id: string, o: { pollMs?: number; timeoutMs?: number } = {}): Promise<JobRow> {
      const deadline = Date.now() + (o.timeoutMs ?? 24 * 3600_000);
      for (;;) {
        const job = await api.get(id);
        if (!job) throw notFound(id);
        if (TERMINAL_STATUSES.includes(job.status)) return job;
        if (Date.now() > deadline) throw new SqlError('57014', `timed out waiting for job ${id}`);
        await new Promise((r) => setTimeout(r, o.pollMs ?? 100));
      }
    },
  };
  return api;
};

export type Jobs = ReturnType<typeof createJobs>;
