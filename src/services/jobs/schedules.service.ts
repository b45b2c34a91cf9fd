// Admin operations on schedules: list, change the interval, pause/resume, run now (one at a time). Each change is
// audited.
import type { Db } from '../../infra/db/db.js';
import type { JobQueue } from '../../jobs/queue.js';
import { findActiveScheduleJob } from '../../repositories/job-queries.repository.js';
import { findSchedule, listSchedules, lockSchedule, setScheduleLastJob, updateSchedule } from '../../repositories/schedules.repository.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { RequestContext } from '../../auth/identity.js';
import { recordEvent } from '../audit/audit.service.js';

export type ScheduleServiceDeps = { db: Db; queue: Pick<JobQueue, 'enqueue' | 'transaction'> };

export const MIN_INTERVAL_SECONDS = 10;
export const MAX_INTERVAL_SECONDS = 30 * 24 * 3600;

export const createScheduleService = (deps: ScheduleServiceDeps) => {
  // Pause, resume and interval changes are all SCHEDULE_UPDATED; the details say what changed.
  const change = async (ctx: RequestContext, name: string, c: { intervalSeconds?: number; enabled?: boolean }) =>
    deps.db.transaction(async (tx) => {
      const before = await findSchedule(tx, name);
      const updated = await updateSchedule(tx, name, c, ctx.identity.actor);
      if (!before || !updated) throw new NotFoundError(`Schedule ${name} not found.`);
      await recordEvent(tx, ctx, {
        action: 'SCHEDULE_UPDATED',
        targetType: 'schedule',
        targetId: name,
        details: { before: { interval_seconds: before.interval_seconds, enabled: before.enabled }, after: { interval_seconds: updated.interval_seconds, enabled: updated.enabled } },
      });
      return updated;
    });

  return {
    list: () => listSchedules(deps.db),

    /** Changes the interval and/or pauses (enabled=false) or resumes a schedule. */
    update: async (ctx: RequestContext, name: string, c: { intervalSeconds?: number; enabled?: boolean }) => {
      const i = c.intervalSeconds;
      if (i !== undefined && (!Number.isInteger(i) || i < MIN_INTERVAL_SECONDS || i > MAX_INTERVAL_SECONDS)) {
        throw new ValidationError(`interval_seconds must be an integer between ${MIN_INTERVAL_SECONDS} and ${MAX_INTERVAL_SECONDS}.`);
      }
      if (i === undefined && c.enabled === undefined) throw new ValidationError('Nothing to change: give interval_seconds and/or enabled.');
      return change(ctx, name, c);
    },

    /**
     * Enqueues one run now; the regular period is not shifted. Refused (409) while a job of the schedule is queued or
     * running. The schedule row is locked first, so concurrent requests queue up behind each other and every later
     * one sees the job the first enqueued (under SERIALIZABLE a waiter is retried on 40001 and then sees it).
     */
    runNow: (ctx: RequestContext, name: string) =>
      deps.queue.transaction(async (tx) => {
        const s = await lockSchedule(tx, name);
        if (!s) throw new NotFoundError(`Schedule ${name} not found.`);
        const active = await findActiveScheduleJob(tx, name);
        if (active) {
          throw new ConflictError(`Schedule ${name} already has a ${active.status} job (${active.job_id}); wait for it to finish.`, {
            job_id: active.job_id,
            status: active.status,
          });
        }
        const { jobId } = await deps.queue.enqueue(tx, { kind: s.kind, payload: s.payload, createdBy: ctx.identity.actor, scheduleName: name });
        await setScheduleLastJob(tx, name, jobId);
        await recordEvent(tx, ctx, { action: 'SCHEDULE_RUN_REQUESTED', targetType: 'schedule', targetId: name, details: { job_id: jobId } });
        return { job_id: jobId };
      }),
  };
};

export type ScheduleService = ReturnType<typeof createScheduleService>;
