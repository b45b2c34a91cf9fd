// Runs one claimed job: builds its context, runs the handler OUTSIDE any transaction, and records the outcome with
// short fenced transactions. The outcome is decided by whichever comes first, the handler settling or the abort
// signal (cancel, timeout, lost lease, shutdown), so a handler that ignores its signal cannot hold a job hostage;
// anything it still tries to write afterwards is fenced out because the job is no longer RUNNING under its lease.
import type { ChildProcess } from 'node:child_process';
import type { Db, Tx } from '../infra/db/db.js';
import type { Logger } from '../infra/logging/logger.js';
import { completeOwnedJob, lockOwnedJob } from '../repositories/jobs.repository.js';
import { appendTask } from '../repositories/job-tasks.repository.js';
import { endJobUnsuccessfully, scheduleRetry } from './outcomes.js';
import { retryDelayMs, type JobRegistry } from './registry.js';
import { LeaseLostError, type ClaimedJob, type JobContext, type TaskLevel } from './types.js';

export type AbortKind = 'cancelled' | 'timeout' | 'lease_lost' | 'shutdown';

export class JobAbortError extends Error {
  constructor(readonly kind: AbortKind, message: string) {
    super(message);
    this.name = 'JobAbortError';
  }
}

/** Thrown by a handler for a failure that a retry cannot fix (bad input, missing prerequisite). */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export type RunJobDeps = { db: Db; registry: JobRegistry; logger: Logger };

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** SIGTERM to the child's process group (spawn it with `detached: true`), SIGKILL after the grace period. */
const killProcessGroup = (child: ChildProcess, graceMs: number) => {
  const send = (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      child.kill(sig); // not a group leader: signal the child itself
    }
  };
  send('SIGTERM');
  setTimeout(() => send('SIGKILL'), graceMs).unref();
};

export const createJobRunner = (deps: RunJobDeps) => {
  const { db, registry } = deps;

  /** Returns a promise that settles when the job has ended for this worker (never rejects). */
  const run = async (job: ClaimedJob, controller: AbortController): Promise<void> => {
    const kind = registry.get(job.kind);
    const logger = deps.logger.child({ job_id: job.jobId, kind: job.kind, attempt: job.attempts });
    const abort = (kindOfAbort: AbortKind, message: string) => {
      if (!controller.signal.aborted) controller.abort(new JobAbortError(kindOfAbort, message));
    };
    const lost = () => {
      abort('lease_lost', `lost the lease of job ${job.jobId}`);
      return new LeaseLostError(job.jobId);
    };

    const ctx: JobContext<unknown> = {
      job,
      payload: undefined,
      signal: controller.signal,
      logger,
      log: async (name: string, detail?: string, level: TaskLevel = 'info') => {
        const seq = await appendTask(db, { jobId: job.jobId, name, detail: detail ?? null, level }, job.leaseOwner);
        if (seq === null) throw lost();
        return seq;
      },
      fencedTransaction: <T>(fn: (tx: Tx) => Promise<T>) =>
        db.transaction(async (tx) => {
          if (!(await lockOwnedJob(tx, job.jobId, job.leaseOwner))) throw lost();
          return fn(tx);
        }),
      killOnAbort: (child: ChildProcess, graceMs = 5_000) => {
        if (controller.signal.aborted) return killProcessGroup(child, graceMs);
        const onAbort = () => killProcessGroup(child, graceMs);
        controller.signal.addEventListener('abort', onAbort, { once: true });
        child.once('exit', () => controller.signal.removeEventListener('abort', onAbort));
      },
    };

    let outcome: { ok: true; result: unknown } | { ok: false; error: unknown };
    const timer = setTimeout(() => abort('timeout', `timed out after ${kind?.timeoutMs ?? 0} ms`), kind?.timeoutMs ?? 0);
    try {
      if (!kind) throw new PermanentJobError(`no handler is registered for job kind ${job.kind}`);
      const parsed = kind.payload.safeParse(job.payload);
      if (!parsed.success) throw new PermanentJobError(`invalid payload: ${parsed.error.message}`);
      const aborted = new Promise<never>((_, reject) => {
        const onAbort = () => reject(controller.signal.reason as Error);
        if (controller.signal.aborted) onAbort();
        else controller.signal.addEventListener('abort', onAbort, { once: true });
      });
      const result = await Promise.race([kind.handler({ ...ctx, payload: parsed.data }), aborted]);
      outcome = { ok: true, result };
    } catch (err) {
      outcome = { ok: false, error: controller.signal.aborted ? controller.signal.reason : err };
    } finally {
      clearTimeout(timer);
    }

    try {
      await recordOutcome(job, outcome, logger);
    } catch (err) {
      // The lease will expire and the reaper will decide; nothing is lost.
      logger.error({ err }, 'could not record the job outcome');
    }
  };

  const recordOutcome = async (
    job: ClaimedJob,
    outcome: { ok: true; result: unknown } | { ok: false; error: unknown },
    logger: Logger,
  ) => {
    const abortKind = !outcome.ok && outcome.error instanceof JobAbortError ? outcome.error.kind : undefined;
    if (abortKind === 'lease_lost' || abortKind === 'shutdown' || (!outcome.ok && outcome.error instanceof LeaseLostError)) {
      logger.warn({ reason: abortKind ?? 'lease_lost' }, 'job stopped on this worker; its lease decides who continues');
      return;
    }
    const kind = registry.get(job.kind);
    if (outcome.ok) {
      const completed = await completeOwnedJob(db, { jobId: job.jobId, owner: job.leaseOwner, result: outcome.result ?? null });
      if (completed) logger.debug('job succeeded');
      else logger.warn('job succeeded after this worker lost its lease; outcome discarded');
      return;
    }
    const stillOwned = await db.transaction(async (tx) => {
      if (!(await lockOwnedJob(tx, job.jobId, job.leaseOwner))) return false;
      const message = errorMessage(outcome.error);
      if (abortKind === 'cancelled') {
        await endJobUnsuccessfully(tx, registry, job, 'CANCELLED', { type: 'cancelled', message: 'cancelled while running' });
        return true;
      }
      const permanent = outcome.error instanceof PermanentJobError || !kind;
      if (!permanent && job.attempts < job.maxAttempts) {
        await scheduleRetry(tx, job, message, retryDelayMs(job.attempts, kind.retry));
        return true;
      }
      await endJobUnsuccessfully(tx, registry, job, 'FAILED', {
        type: abortKind === 'timeout' ? 'timeout' : 'error',
        message,
      });
      return true;
    });
    if (!stillOwned) logger.warn('job ended after this worker lost its lease; outcome discarded');
    else logger.info({ err: outcome.error }, 'job did not succeed');
  };

  return { run };
};

export type JobRunner = ReturnType<typeof createJobRunner>;
