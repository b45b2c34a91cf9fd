// The scheduler role: fires due schedules. Claiming a run (advancing next_run_at) and enqueueing its job happen in
// one transaction, so each period fires exactly once across all instances and a fired run always has its job. What
// the job then does (even failing) never affects the schedule. Internal schedules are registered at start without
// overwriting an admin's interval or pause.
import type { Db } from '../infra/db/db.js';
import type { Logger } from '../infra/logging/logger.js';
import {
  claimScheduleRun,
  listDueScheduleNames,
  setScheduleLastJob,
  upsertScheduleDefinition,
  type ScheduleDefinition,
} from '../repositories/schedules.repository.js';
import { AppError } from '../shared/errors.js';
import type { JobQueue } from './queue.js';

export type SchedulerDeps = { db: Db; queue: Pick<JobQueue, 'enqueue' | 'transaction'>; logger: Logger };

export const registerSchedules = async (db: Db, defs: readonly ScheduleDefinition[]) => {
  await db.transaction(async (tx) => {
    for (const d of defs) await upsertScheduleDefinition(tx, d);
  });
};

export const createScheduler = (deps: SchedulerDeps, opts: { pollMs: number }) => {
  const logger = deps.logger.child({ component: 'scheduler' });
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<number> | undefined;

  const fire = async (name: string): Promise<boolean> => {
    try {
      return await deps.queue.transaction(async (tx) => {
        const s = await claimScheduleRun(tx, name);
        if (!s) return false;
        const { jobId } = await deps.queue.enqueue(tx, { kind: s.kind, payload: s.payload, createdBy: `schedule:${name}`, scheduleName: name });
        await setScheduleLastJob(tx, name, jobId);
        return true;
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err; // database trouble: the run stays due and is retried next tick
      // The job was refused (unknown kind, invalid payload, exclusive conflict). Skip this period rather than
      // retrying the same refusal every tick, and say so.
      logger.error({ err, schedule: name }, 'schedule run could not enqueue its job; skipping this period');
      await deps.db.transaction((tx) => claimScheduleRun(tx, name));
      return false;
    }
  };

  /** Fires every due schedule once; returns how many fired on this instance. */
  const tick = async (): Promise<number> => {
    let fired = 0;
    for (const name of await listDueScheduleNames(deps.db)) {
      try {
        if (await fire(name)) fired++;
      } catch (err) {
        logger.error({ err, schedule: name }, 'schedule run failed; retrying at the next tick');
      }
    }
    return fired;
  };

  return {
    tick,
    start: () => {
      timer = setInterval(() => {
        if (ticking) return;
        ticking = tick().catch((err: unknown) => (logger.error({ err }, 'scheduler tick failed'), 0));
        void ticking.finally(() => (ticking = undefined));
      }, opts.pollMs);
    },
    stop: async () => {
      clearInterval(timer);
      await ticking;
    },
  };
};

export type Scheduler = ReturnType<typeof createScheduler>;
