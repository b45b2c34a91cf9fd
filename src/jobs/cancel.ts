// Cancel: a QUEUED job is cancelled at once (task row + the kind's onFailure, in the caller's transaction); a
// RUNNING job gets cancel_requested_at, which its worker sees at the next heartbeat and turns into an abort signal
// (child processes are killed through ctx.killOnAbort). If that worker is gone, the reaper finishes the cancel.
import type { Tx } from '../infra/db/db.js';
import { cancelQueuedJob, requestCancelOfRunningJob } from '../repositories/jobs.repository.js';
import { appendTask } from '../repositories/job-tasks.repository.js';
import type { JobRegistry } from './registry.js';

export type CancelOutcome = 'CANCELLED' | 'CANCEL_REQUESTED' | 'NOT_ACTIVE';

export const cancelJob = async (tx: Tx, registry: Pick<JobRegistry, 'get'>, jobId: string, by: string): Promise<CancelOutcome> => {
  const queued = await cancelQueuedJob(tx, jobId, by);
  if (queued) {
    const message = `cancelled by ${by} before it started`;
    await appendTask(tx, { jobId, level: 'warning', name: 'CANCELLED', detail: message });
    await registry.get(queued.kind)?.onFailure?.(tx, queued, { type: 'cancelled', message });
    return 'CANCELLED';
  }
  if (await requestCancelOfRunningJob(tx, jobId, by)) {
    await appendTask(tx, { jobId, level: 'warning', name: 'CANCEL REQUESTED', detail: `cancel requested by ${by}` });
    return 'CANCEL_REQUESTED';
  }
  return 'NOT_ACTIVE';
};
