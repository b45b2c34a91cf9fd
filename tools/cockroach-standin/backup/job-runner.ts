// Running a BACKUP or RESTORE as a CockroachDB job (catalog/jobs.ts): the node that accepted the statement is the
// job's coordinator and runs it in-process. Between steps the runner reports fraction_completed and looks at control
// requests: `cancel-requested` → canceled (show-jobs.md: "canceled"), `pause-requested` → paused, and it waits until
// RESUME JOB sets it running again. COCKROACH_STANDIN_BACKUP_STEP_DELAY_MS slows every step (tests use it to catch a
// job while it runs); real CockroachDB has no such knob.
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import { SqlError } from '../sql/engine.types.js';

export class JobCanceled extends Error {}

export type JobControl = {
  jobId: string;
  /** Progress + the chance to be paused or canceled. */
  step(fraction: number, runningStatus?: string): Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stepDelay = () => Number(process.env.COCKROACH_STANDIN_BACKUP_STEP_DELAY_MS ?? 0) || 0;

const control = (catalog: ClusterCatalog, jobId: string): JobControl => ({
  jobId,
  async step(fraction, runningStatus) {
    await catalog.jobs.updateProgress(jobId, fraction, runningStatus ?? null);
    const delay = stepDelay();
    if (delay > 0) await sleep(delay);
    let request = await catalog.jobs.observeControl(jobId);
    if (request === 'pause') {
      await catalog.jobs.markPaused(jobId);
      for (;;) {
        await sleep(100);
        const job = await catalog.jobs.get(jobId);
        if (!job || job.status === 'canceled') throw new JobCanceled();
        if (job.status === 'cancel-requested') { request = 'cancel'; break; }
        if (job.status === 'running') { request = null; break; }
      }
    }
    if (request === 'cancel') throw new JobCanceled();
  },
});

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Runs `work` as job `jobId` and records the outcome; rethrows failures (a canceled job throws XXUUU "job canceled"). */
export const runAsJob = async <T>(catalog: ClusterCatalog, jobId: string, work: (ctl: JobControl) => Promise<T>): Promise<T> => {
  try {
    const out = await work(control(catalog, jobId));
    await catalog.jobs.finishJob(jobId, { status: 'succeeded' });
    return out;
  } catch (err) {
    if (err instanceof JobCanceled) {
      await catalog.jobs.markCanceled(jobId).catch(() => undefined);
      throw new SqlError('XXUUU', `job ${jobId}: job canceled`);
    }
    await catalog.jobs.finishJob(jobId, { status: 'failed', error: messageOf(err) }).catch(() => undefined);
    throw err;
  }
};
