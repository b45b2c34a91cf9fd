// Starts the job roles of a process: `worker` (claims and runs jobs, reaps expired leases) and `scheduler` (fires
// schedules, registers the internal ones), plus the instance heartbeat. `stop()` stops the scheduler, then the
// worker (which waits for running jobs up to the shutdown timeout and releases the rest), then the heartbeat.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../infra/db/db.js';
import type { Logger } from '../infra/logging/logger.js';
import type { ScheduleDefinition } from '../repositories/schedules.repository.js';
import { startInstanceHeartbeat } from './instance-heartbeat.js';
import type { JobQueue } from './queue.js';
import type { JobRegistry } from './registry.js';
import { createScheduler, registerSchedules } from './scheduler.js';
import type { WakeSignal } from './wake.js';
import { createWorker } from './worker.js';

export type JobRuntimeOptions = {
  roles: readonly string[];
  version: string;
  concurrency: number;
  perKindConcurrency: Record<string, number>;
  pollMs: number;
  leaseMs: number;
  shutdownTimeoutMs: number;
  schedules: readonly ScheduleDefinition[];
};

export type JobRuntimeDeps = { db: Db; logger: Logger; registry: JobRegistry; wake: WakeSignal; queue: JobQueue };

export const startJobRuntime = async (deps: JobRuntimeDeps, opts: JobRuntimeOptions) => {
  const runsWorker = opts.roles.includes('worker');
  const runsScheduler = opts.roles.includes('scheduler');
  if (!runsWorker && !runsScheduler) return { stop: async () => undefined };

  const instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const heartbeat = startInstanceHeartbeat(deps, {
    instanceId, hostname: hostname(), pid: process.pid, roles: opts.roles, version: opts.version,
  });
  const worker = runsWorker
    ? createWorker(deps, {
      workerId: instanceId,
      concurrency: opts.concurrency,
      perKindConcurrency: opts.perKindConcurrency,
      pollMs: opts.pollMs,
      leaseMs: opts.leaseMs,
      shutdownTimeoutMs: opts.shutdownTimeoutMs,
    })
    : undefined;
  const scheduler = runsScheduler ? createScheduler(deps, { pollMs: opts.pollMs }) : undefined;
  if (scheduler) await registerSchedules(deps.db, opts.schedules);
  worker?.start();
  scheduler?.start();
  deps.logger.info({ instance_id: instanceId, worker: runsWorker, scheduler: runsScheduler }, 'job runtime started');

  return {
    stop: async () => {
      await scheduler?.stop();
      await worker?.stop();
      await heartbeat.stop();
    },
  };
};

export type JobRuntime = Awaited<ReturnType<typeof startJobRuntime>>;
