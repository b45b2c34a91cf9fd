// Producer side of the queue. `enqueue` runs inside the caller's transaction, so a state change and the job that
// acts on it commit (or roll back) together. `transaction` is `db.transaction` plus a wake-up of the local worker
// after the commit; services that enqueue use it so same-instance jobs start without waiting for a poll.
import type { Db, Queryable, Tx } from '../infra/db/db.js';
import { ConflictError, ValidationError } from '../shared/errors.js';
import { findActiveExclusiveJob, insertJob } from '../repositories/jobs.repository.js';
import type { JobRegistry } from './registry.js';
import type { WakeSignal } from './wake.js';

export type EnqueueSpec = {
  kind: string;
  payload: unknown;
  clusterId?: string | null;
  createdBy: string;
  priority?: number;
  /** Not before this time (default: now). */
  runAt?: Date | null;
  scheduleName?: string | null;
  rescheduledFrom?: string | null;
};

export type JobQueueDeps = { db: Db; registry: JobRegistry; wake: WakeSignal };

export const createJobQueue = (deps: JobQueueDeps) => {
  const enqueue = async (tx: Queryable, spec: EnqueueSpec): Promise<{ jobId: string }> => {
    const kind = deps.registry.get(spec.kind);
    if (!kind) throw new ValidationError(`Unknown job kind ${spec.kind}.`);
    const parsed = kind.payload.safeParse(spec.payload);
    if (!parsed.success) {
      throw new ValidationError(`Invalid payload for job kind ${spec.kind}.`, { issues: parsed.error.issues });
    }
    const clusterId = spec.clusterId ?? null;
    if (kind.exclusive && clusterId === null) throw new ValidationError(`Job kind ${spec.kind} needs a cluster.`);
    const inserted = await insertJob(tx, {
      kind: spec.kind,
      payload: parsed.data,
      clusterId,
      exclusive: kind.exclusive,
      priority: spec.priority ?? 0,
      maxAttempts: kind.retry.maxAttempts,
      runAt: spec.runAt ?? null,
      createdBy: spec.createdBy,
      scheduleName: spec.scheduleName ?? null,
      rescheduledFrom: spec.rescheduledFrom ?? null,
    });
    if (inserted) return inserted;
    const blocking = await findActiveExclusiveJob(tx, clusterId!);
    throw new ConflictError(
      blocking
        ? `Cluster ${clusterId} already has an active ${blocking.kind} job (${blocking.job_id}); wait for it or cancel it.`
        : `Cluster ${clusterId} already has an active exclusive job.`,
      { cluster_id: clusterId, blocking_job_id: blocking?.job_id ?? null, blocking_job_kind: blocking?.kind ?? null },
    );
  };

  const transaction = async <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const result = await deps.db.transaction(fn);
    deps.wake.notify();
    return result;
  };

  return { enqueue, transaction, wake: () => deps.wake.notify() };
};

export type JobQueue = ReturnType<typeof createJobQueue>;
