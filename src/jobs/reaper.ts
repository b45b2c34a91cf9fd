// The reaper: jobs whose worker stopped heartbeating (crash, kill -9, network partition) never vanish. A RUNNING job
// whose lease expired is retried if its kind is resumable and has attempts left, cancelled if a cancel was pending,
// and otherwise FAILED with a task row saying the worker was lost (plus the kind's onFailure). Every instance may
// run it: each job is handled in a transaction that re-checks the expiry under a row lock, so two reapers never
// both act on one job.
import type { Db } from '../infra/db/db.js';
import type { Logger } from '../infra/logging/logger.js';
import { findExpiredLeases, lockExpiredJob, type ExpiredJob } from '../repositories/jobs.repository.js';
import { endJobUnsuccessfully, scheduleRetry } from './outcomes.js';
import { retryDelayMs, type JobRegistry } from './registry.js';

export type ReaperDeps = { db: Db; registry: JobRegistry; logger: Logger };

export const lostWorkerMessage = (job: ExpiredJob) =>
  `the worker running this job stopped responding (lease expired at ${job.leaseExpiresAt.toISOString()}; lease ${job.leaseOwner})`;

/** Handles up to `batch` expired leases; returns how many jobs it retried, failed or cancelled. */
export const reapExpiredLeases = async (deps: ReaperDeps, batch = 100): Promise<number> => {
  const expired = await findExpiredLeases(deps.db, batch);
  let handled = 0;
  for (const job of expired) {
    const kind = deps.registry.get(job.kind);
    const message = lostWorkerMessage(job);
    const acted = await deps.db.transaction(async (tx) => {
      if (!(await lockExpiredJob(tx, job.jobId, job.leaseOwner))) return false;
      if (job.cancelRequested) {
        await endJobUnsuccessfully(tx, deps.registry, job, 'CANCELLED', { type: 'cancelled', message: `cancelled; ${message}` });
      } else if (kind?.resumable && job.attempts < job.maxAttempts) {
        await scheduleRetry(tx, job, message, retryDelayMs(job.attempts, kind.retry));
      } else {
        await endJobUnsuccessfully(tx, deps.registry, job, 'FAILED', { type: 'lease_expired', message });
      }
      return true;
    });
    if (acted) {
      handled++;
      deps.logger.warn({ job_id: job.jobId, kind: job.kind, lease_owner: job.leaseOwner }, 'reaped a job with an expired lease');
    }
  }
  return handled;
};
