// The ways a job ends other than success, shared by the worker, the reaper and cancel. Callers hold the job row
// (locked by a fenced or expiry-checked SELECT … FOR UPDATE in the same transaction), so these writes are not
// fenced again. A kind's onFailure runs here, in the transaction that marks the job, so the domain state (e.g. a
// cluster in CREATING) leaves its transitional state atomically with the job.
import type { Tx } from '../infra/db/db.js';
import { finishJobUnowned } from '../repositories/jobs.repository.js';
import { appendTask } from '../repositories/job-tasks.repository.js';
import type { JobRegistry } from './registry.js';
import type { ClaimedJob, FailureReason } from './types.js';

/** Marks a job FAILED or CANCELLED, writes the task row that says why, and runs the kind's onFailure. */
export const endJobUnsuccessfully = async (
  tx: Tx,
  registry: Pick<JobRegistry, 'get'>,
  job: ClaimedJob,
  status: 'FAILED' | 'CANCELLED',
  reason: FailureReason,
) => {
  await appendTask(tx, {
    jobId: job.jobId,
    level: 'error',
    name: status === 'CANCELLED' ? 'CANCELLED' : 'FAILURE',
    detail: reason.message,
  });
  await finishJobUnowned(tx, { jobId: job.jobId, status, error: reason.message });
  await registry.get(job.kind)?.onFailure?.(tx, job, reason);
};

/** Puts a job back in the queue after `delayMs`, with a warning task row explaining the retry. */
export const scheduleRetry = async (tx: Tx, job: ClaimedJob, message: string, delayMs: number) => {
  await appendTask(tx, {
    jobId: job.jobId,
    level: 'warning',
    name: 'RETRY',
    detail: `attempt ${job.attempts} of ${job.maxAttempts} failed: ${message}; retrying in ${Math.ceil(delayMs / 1000)} s`,
  });
  await finishJobUnowned(tx, { jobId: job.jobId, status: 'QUEUED', error: message, delayMs });
};
