// Admin operations on schedules: list, change the interval, pause/resume, run now. Each change is audited.
import type { Db } from '../../infra/db/db.js';
import type { JobQueue } from '../../jobs/queue.js';
import { findSchedule, listSchedules, setScheduleLastJob, updateSchedule } from '../../repositories/schedules.repository.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { recordEvent, type Actor } from './audit.js';

export type ScheduleServiceDeps = { db: Db; queue: Pick<JobQueue, 'enqueue' | 'transaction'> };

export const MIN_INTERVAL_SECONDS = 10;
export const MAX_INTERVAL_SECONDS = 30 * 24 * 3600;

export const createScheduleService = (deps: ScheduleServiceDeps) => {
  const change = async (who: Actor, name: string, c: { intervalSeconds?: number; enabled?: boolean }, action: string) =>
    deps.db.transaction(async (tx) => {
      const before = await findSchedule(tx, name);
      const updated = await updateSchedule(tx, name, c, who.actor);
      if (!before || !updated) throw new NotFoundError(`Schedule ${name} not found.`);
      await recordEvent(tx, who, {
        action,
        targetType: 'schedule',
        targetId: name,
        details: { before: { interval_seconds: before.interval_seconds, enabled: before.enabled }, after: { interval_seconds: updated.interval_seconds, enabled: updated.enabled } },
      });
      return updated;
    });

  return {
    list: () => listSchedules(deps.db),

    setInterval: async (who: Actor, name: string, intervalSeconds: number) => {
      if (!Number.isInteger(intervalSeconds) || intervalSeconds < MIN_INTERVAL_SECONDS || intervalSeconds > MAX_INTERVAL_SECONDS) {
        throw new ValidationError(`interval_seconds must be an integer between ${MIN_INTERVAL_SECONDS} and ${MAX_INTERVAL_SECONDS}.`);
      }
      return change(who, name, { intervalSeconds }, 'SCHEDULE_UPDATED');
    },

    setEnabled: (who: Actor, name: string, enabled: boolean) =>
      change(who, name, { enabled }, enabled ? 'SCHEDULE_RESUMED' : 'SCHEDULE_PAUSED'),

    /** Enqueues one run now; the regular period is not shifted. */
    runNow: (who: Actor, name: string) =>
      deps.queue.transaction(async (tx) => {
        const s = await findSchedule(tx, name);
        if (!s) throw new NotFoundError(`Schedule ${name} not found.`);
        const { jobId } = await deps.queue.enqueue(tx, { kind: s.kind, payload: s.payload, createdBy: who.actor, scheduleName: name });
        await setScheduleLastJob(tx, name, jobId);
        await recordEvent(tx, who, { action: 'SCHEDULE_RUN_REQUESTED', targetType: 'schedule', targetId: name, details: { job_id: jobId } });
        return { job_id: jobId };
      }),
  };
};

export type ScheduleService = ReturnType<typeof createScheduleService>;
