// The job API's business rules: visibility-scoped list/stats/detail, reschedule (FAILED/CANCELLED only, once: a new
// job linked to the old one) and cancel, each with an audit event in the same transaction.
import type { Db, Tx } from '../../infra/db/db.js';
import { classifyDbError } from '../../infra/db/errors.js';
import { cancelJob } from '../../jobs/cancel.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { JobRegistry } from '../../jobs/registry.js';
import { listTasks } from '../../repositories/job-tasks.repository.js';
import {
  countVisibleJobs,
  findRescheduleOf,
  findVisibleJob,
  listVisibleJobs,
  type JobListFilter,
  type JobRow,
} from '../../repositories/job-queries.repository.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import type { RequestContext } from '../../auth/identity.js';
import { recordEvent } from '../audit/audit.service.js';
import { decodeJobCursor, encodeJobCursor } from './job-cursor.js';
import { redactSecrets } from './redact.js';

export type JobServiceDeps = { db: Db; queue: Pick<JobQueue, 'enqueue' | 'transaction'>; registry: Pick<JobRegistry, 'get'> };

export const MAX_PAGE = 500;
const MAX_TASKS_PER_CALL = 1_000;

export type JobListQuery = Omit<JobListFilter, 'after' | 'limit'> & { cursor?: string; limit?: number };

const toView = (r: JobRow) => {
  const { created_at_key: _key, task_seq: _seq, ...rest } = r;
  return { ...rest, payload: redactSecrets(r.payload), result: redactSecrets(r.result) };
};

export type JobView = ReturnType<typeof toView>;

/** CREATE_CLUSTER reruns as RECREATE_CLUSTER (the handler that cleans up a half-created cluster first). */
const RESCHEDULE_AS: Record<string, string> = { CREATE_CLUSTER: 'RECREATE_CLUSTER' };

export const createJobService = (deps: JobServiceDeps) => {
  const mustFind = async (ctx: RequestContext, jobId: string) => {
    const job = /^[0-9a-f-]{36}$/i.test(jobId) ? await findVisibleJob(deps.db, ctx.identity, jobId) : undefined;
    if (!job) throw new NotFoundError(`Job ${jobId} not found.`);
    return job;
  };

  return {
    list: async (ctx: RequestContext, q: JobListQuery) => {
      const limit = Math.min(Math.max(q.limit ?? 50, 1), MAX_PAGE);
      const rows = await listVisibleJobs(deps.db, ctx.identity, {
        ...q,
        limit: limit + 1,
        ...(q.cursor ? { after: decodeJobCursor(q.cursor) } : {}),
      });
      const page = rows.slice(0, limit);
      return { items: page.map(toView), next_cursor: rows.length > limit ? encodeJobCursor(page[page.length - 1]!) : null };
    },

    stats: (ctx: RequestContext) => countVisibleJobs(deps.db, ctx.identity),

    get: async (ctx: RequestContext, jobId: string, afterSeq = 0) => {
      const job = await mustFind(ctx, jobId);
      const tasks = await listTasks(deps.db, job.job_id, afterSeq, MAX_TASKS_PER_CALL);
      return { job: toView(job), tasks, last_seq: tasks.length ? tasks[tasks.length - 1]!.seq : afterSeq };
    },

    reschedule: async (ctx: RequestContext, jobId: string) => {
      const old = await mustFind(ctx, jobId);
      if (old.status !== 'FAILED' && old.status !== 'CANCELLED') {
        throw new ConflictError(`Job ${jobId} is ${old.status}; only FAILED or CANCELLED jobs can be rescheduled.`, { status: old.status });
      }
      const alias = RESCHEDULE_AS[old.kind];
      const kind = alias && deps.registry.get(alias) ? alias : old.kind;
      const already = (first: { job_id: string; status: string }) =>
        new ConflictError(`Job ${jobId} was already rescheduled as job ${first.job_id} (${first.status}); reschedule that one if it fails too.`, {
          rescheduled_as: first.job_id,
        });
      const rerun = async (tx: Tx) => {
        const first = await findRescheduleOf(tx, old.job_id);
        if (first) throw already(first);
        const { jobId: newId } = await deps.queue.enqueue(tx, {
          kind,
          payload: old.payload,
          clusterId: old.cluster_id,
          createdBy: ctx.identity.actor,
          rescheduledFrom: old.job_id,
        });
        await recordEvent(tx, ctx, {
          action: 'JOB_RESCHEDULE_REQUESTED',
          targetType: 'job',
          targetId: old.job_id,
          ...(old.cluster_id ? { clusterId: old.cluster_id } : {}),
          details: { new_job_id: newId, kind },
        });
        return { job_id: newId, kind, rescheduled_from: old.job_id };
      };
      try {
        return await deps.queue.transaction(rerun);
      } catch (err) {
        // Two requests at the same moment: the unique index (jobs_rescheduled_once) let one in; name it to the other.
        if (classifyDbError(err) !== 'conflict') throw err;
        const first = await findRescheduleOf(deps.db, old.job_id);
        throw first ? already(first) : err;
      }
    },

    cancel: async (ctx: RequestContext, jobId: string) => {
      const job = await mustFind(ctx, jobId);
      if (!deps.registry.get(job.kind)?.cancellable) throw new ConflictError(`Jobs of kind ${job.kind} cannot be cancelled.`);
      const outcome = await deps.db.transaction(async (tx) => {
        const o = await cancelJob(tx, deps.registry, job.job_id, ctx.identity.actor);
        if (o !== 'NOT_ACTIVE') {
          await recordEvent(tx, ctx, {
            action: 'JOB_CANCEL_REQUESTED',
            targetType: 'job',
            targetId: job.job_id,
            ...(job.cluster_id ? { clusterId: job.cluster_id } : {}),
            details: { outcome: o, kind: job.kind },
          });
        }
        return o;
      });
      if (outcome === 'NOT_ACTIVE') throw new ConflictError(`Job ${jobId} has already finished.`, { status: job.status });
      return { job_id: job.job_id, status: outcome };
    },
  };
};

export type JobService = ReturnType<typeof createJobService>;
