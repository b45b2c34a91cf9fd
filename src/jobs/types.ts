// The vocabulary of the job framework: statuses, kind definitions, the context a handler receives.
import type { ChildProcess } from 'node:child_process';
import type { z } from 'zod';
import type { Tx } from '../infra/db/db.js';
import type { Logger } from '../infra/logging/logger.js';

export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TASK_LEVELS = ['debug', 'info', 'warning', 'error'] as const;
export type TaskLevel = (typeof TASK_LEVELS)[number];

export type RetryPolicy = { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };

/** The queue's view of a claimed job (what the worker and reaper need). */
export type ClaimedJob = {
  jobId: string;
  kind: string;
  payload: unknown;
  clusterId: string | null;
  attempts: number;
  maxAttempts: number;
  leaseOwner: string;
  createdBy: string;
};

/** Why a job ended without success; handed to a kind's onFailure. */
export type FailureReason =
  | { type: 'error'; message: string }
  | { type: 'timeout'; message: string }
  | { type: 'cancelled'; message: string }
  | { type: 'lease_expired'; message: string };

export type JobContext<P> = {
  readonly job: ClaimedJob;
  readonly payload: P;
  /** Aborted on cancel, timeout, lost lease or shutdown; `signal.reason` is an Error saying which. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Appends a task row (fenced): throws LeaseLostError when this worker no longer owns the job. */
  log(name: string, detail?: string, level?: TaskLevel): Promise<number>;
  /**
   * Runs `fn` in a transaction that first locks the job row and checks this worker still holds the lease, so
   * domain writes (cluster status, inventory, …) of a worker that lost its job can never land.
   */
  fencedTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Ties a child process to the job: on abort its process group gets SIGTERM, then SIGKILL after a grace period. */
  killOnAbort(child: ChildProcess, graceMs?: number): void;
};

export type JobKind<P = unknown> = {
  kind: string;
  payload: z.ZodType<P>;
  /** At most one active exclusive job per cluster (enforced by a unique partial index). */
  exclusive: boolean;
  retry: RetryPolicy;
  timeoutMs: number;
  cancellable: boolean;
  /** May be run again after its worker was lost mid-run (idempotent handler). */
  resumable: boolean;
  handler: (ctx: JobContext<P>) => Promise<unknown>;
  /** Runs in the transaction that marks the job FAILED or CANCELLED: move domain state out of transitional states. */
  onFailure?: (tx: Tx, job: ClaimedJob, reason: FailureReason) => Promise<void>;
};

// Kinds are stored heterogeneously; the payload type is recovered by each kind's own schema at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobKind = JobKind<any>;

export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`this worker no longer holds the lease of job ${jobId}`);
    this.name = 'LeaseLostError';
  }
}
