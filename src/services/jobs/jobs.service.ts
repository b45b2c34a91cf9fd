// The job API's business rules: visibility-scoped list/stats/detail, reschedule (FAILED/CANCELLED only, a new job
// linked to the old one) and cancel, each with an audit event in the same transaction.
import type { Db } from '../../infra/db/db.js';
import { cancelJob } from '../../jobs/cancel.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { JobRegistry } from '../../jobs/registry.js';
import { listTasks } from '../../repositories/job-tasks.repository.js';
import {
  countVisibleJobs,
  findVisibleJob,
  listVisibleJobs,
  type JobListFilter,
  type JobRow,
} from '../../repositories/job-queries.repository.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { RequestContext } from '../../auth/identity.js';
import { recordEvent } from '../audit/audit.service.js';
import { redactSecrets } from './redact.js';

export type JobServiceDeps = { db: Db; queue: Pick<JobQueue, 'enqueue' | 'transaction'>; registry: Pick<JobRegistry, 'get'> };

export const MAX_PAGE = 500;
const MAX_TASKS_PER_CALL = 1_000;

export type JobListQuery = Omit<JobListFilter, 'after' | 'limit'> & { cursor?: string; limit?: number };

const encodeCursor = (r: JobRow) => Buffer.from(JSON.stringify([r.created_at_key, r.job_id])).toString('base64url');
const decodeCursor = (c: string): JobListFilter['after'] => {
  try {
    const [createdAt, jobId] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof jobId === 'string' && /^[0-9a-f-]{36}$/i.test(jobId)) return { createdAt, jobId };
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is not valid; use next_cursor from the previous page.');
};

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
        ...(q.cursor ? { after: decodeCursor(q.cursor) } : {}),
      });
      const page = rows.slice(0, limit);
      return { items: page.map(toView), next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
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
      return deps.queue.transaction(async (tx) => {
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
      });
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
