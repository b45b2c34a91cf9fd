// The worker runtime of one process: claims due jobs (one short autocommit UPDATE … SKIP LOCKED), runs them with
// bounded concurrency (per process and per kind), heartbeats their leases, forwards cancel requests as abort signals,
// reaps expired leases, and shuts down gracefully. It polls every `pollMs` and is woken at once by local enqueues.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../infra/db/db.js';
import type { Logger } from '../infra/logging/logger.js';
import { claimJobs, extendLeases, releaseOwnedJobs } from '../repositories/jobs.repository.js';
import { reapExpiredLeases } from './reaper.js';
import type { JobRegistry } from './registry.js';
import { createJobRunner, JobAbortError } from './run-job.js';
import type { ClaimedJob } from './types.js';
import type { WakeSignal } from './wake.js';

export type WorkerOptions = {
  /** Stable prefix of lease tokens; default host:pid:random. */
  workerId?: string;
  concurrency: number;
  /** Max jobs of a kind at once in this process. */
  perKindConcurrency?: Record<string, number>;
  pollMs: number;
  leaseMs: number;
  shutdownTimeoutMs: number;
  /** How often this process looks for expired leases; default leaseMs / 2. */
  reaperIntervalMs?: number;
  /** Only these kinds are claimed; default every registered kind. */
  kinds?: readonly string[];
};

export type WorkerDeps = { db: Db; registry: JobRegistry; wake: WakeSignal; logger: Logger };

type Running = { job: ClaimedJob; controller: AbortController; done: Promise<void> };

export const createWorker = (deps: WorkerDeps, opts: WorkerOptions) => {
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const logger = deps.logger.child({ worker_id: workerId });
  const runner = createJobRunner({ db: deps.db, registry: deps.registry, logger });
  const running = new Map<string, Running>();
  const kinds = opts.kinds ?? deps.registry.kinds();
  const limits = opts.perKindConcurrency ?? {};
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: (() => void) | undefined;
  let stopping = false;
  let pumping = false;
  let pumpAgain = false;
  let idle: Promise<void> = Promise.resolve();

  const countOf = (kind: string) => [...running.values()].filter((r) => r.job.kind === kind).length;

  const start = (job: ClaimedJob) => {
    running.get(job.jobId)?.controller.abort(new JobAbortError('lease_lost', 're-claimed by a newer run'));
    const controller = new AbortController();
    const entry: Running = {
      job,
      controller,
      done: runner.run(job, controller).finally(() => {
        if (running.get(job.jobId) === entry) running.delete(job.jobId);
        void pump();
      }),
    };
    running.set(job.jobId, entry);
  };

  /** Claims until the slots are full or nothing is due. Re-entrant calls coalesce into one more round. */
  const claimRound = async (): Promise<number> => {
    let claimed = 0;
    const claim = async (ks: string[], limit: number) => {
      const jobs = await claimJobs(deps.db, { owner: workerId, leaseMs: opts.leaseMs, kinds: ks, limit });
      for (const j of jobs) start(j);
      claimed += jobs.length;
    };
    const limited = kinds.filter((k) => limits[k] !== undefined);
    for (const k of limited) {
      const free = Math.min(opts.concurrency - running.size, limits[k]! - countOf(k));
      if (free > 0 && !stopping) await claim([k], free);
    }
    const unlimited = kinds.filter((k) => limits[k] === undefined);
    const free = opts.concurrency - running.size;
    if (free > 0 && unlimited.length > 0 && !stopping) await claim(unlimited, free);
    return claimed;
  };

  const pump = async (): Promise<void> => {
    if (stopping) return;
    if (pumping) {
      pumpAgain = true;
      return idle;
    }
    pumping = true;
    idle = (async () => {
      try {
        do {
          pumpAgain = false;
          while (!stopping && running.size < opts.concurrency && (await claimRound()) > 0);
        } while (pumpAgain && !stopping);
      } catch (err) {
        logger.error({ err }, 'claiming jobs failed; retrying at the next poll');
      } finally {
        pumping = false;
      }
    })();
    return idle;
  };

  const heartbeat = async () => {
    const entries = [...running.values()];
    if (entries.length === 0) return;
    try {
      const alive = await extendLeases(deps.db, entries.map((r) => ({ jobId: r.job.jobId, owner: r.job.leaseOwner })), opts.leaseMs);
      const byId = new Map(alive.map((a) => [a.jobId, a]));
      for (const r of entries) {
        const a = byId.get(r.job.jobId);
        if (!a) {
          if (running.get(r.job.jobId) === r) r.controller.abort(new JobAbortError('lease_lost', 'the lease was lost'));
        } else if (a.cancelRequested && deps.registry.get(r.job.kind)?.cancellable) {
          r.controller.abort(new JobAbortError('cancelled', 'cancel requested'));
        }
      }
    } catch (err) {
      logger.error({ err }, 'heartbeat failed; leases are kept until they expire');
    }
  };

  const reap = async () => {
    try {
      await reapExpiredLeases({ db: deps.db, registry: deps.registry, logger });
    } catch (err) {
      logger.error({ err }, 'reaper failed; retrying at its next interval');
    }
  };

  const every = (ms: number, fn: () => Promise<unknown>) => {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      void fn().finally(() => (busy = false));
    }, ms);
    timers.push(t);
  };

  return {
    workerId,
    running: () => running.size,
    start: () => {
      unsubscribe = deps.wake.subscribe(() => void pump());
      every(opts.pollMs, pump);
      // Heartbeats also carry cancel requests, hence at most 2 s apart even with long leases.
      every(Math.max(100, Math.min(2_000, Math.floor(opts.leaseMs / 3))), heartbeat);
      every(opts.reaperIntervalMs ?? Math.max(100, Math.floor(opts.leaseMs / 2)), reap);
      void pump();
      logger.info({ concurrency: opts.concurrency, kinds }, 'worker started');
    },
    /** Stop claiming, let running jobs finish up to shutdownTimeoutMs, then hand the rest back to the queue. */
    stop: async () => {
      if (stopping) return;
      stopping = true;
      unsubscribe?.();
      await idle;
      const all = () => Promise.allSettled([...running.values()].map((r) => r.done));
      let deadline: NodeJS.Timeout | undefined;
      await Promise.race([all(), new Promise((r) => (deadline = setTimeout(r, opts.shutdownTimeoutMs)))]);
      clearTimeout(deadline);
      const left = [...running.values()];
      if (left.length > 0) {
        // Release first so the interrupted handlers' last writes are fenced out, then abort them.
        const released = await releaseOwnedJobs(deps.db, left.map((r) => ({ jobId: r.job.jobId, owner: r.job.leaseOwner })))
          .catch((err: unknown) => (logger.error({ err }, 'could not release leases; they will expire'), []));
        for (const r of left) r.controller.abort(new JobAbortError('shutdown', 'the worker is shutting down'));
        await all();
        logger.warn({ released }, 'released the leases of unfinished jobs');
      }
      for (const t of timers) clearInterval(t);
      logger.info('worker stopped');
    },
  };
};

export type Worker = ReturnType<typeof createWorker>;
