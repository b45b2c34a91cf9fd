// Queue benchmark (not a test): no-op job throughput of cp's queue with 1 and 4 workers, enqueue→start latency on the
// same instance, and pg-boss on the same PostgreSQL in the same run. The summary's pg-boss figure is the run with the
// same number of jobs in flight per worker as cp (batchSize = cp's concurrency); a large-batch run is printed too. `npm run bench:queue`; DATABASE_URL selects
// the database (default: a fresh database on the test PostgreSQL, dropped afterwards). The LAST line is the summary:
//   queue p50_ms=<n> p95_ms=<n> throughput_per_s=<n> pgboss_throughput_per_s=<n> ratio=<n>
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import { prepareDatabase } from '../src/app/prepare-database.js';
import type { Db } from '../src/infra/db/db.js';
import { createPgDb } from '../src/infra/db/pg-db.js';
import { createLogger } from '../src/infra/logging/logger.js';
import { createJobQueue } from '../src/jobs/queue.js';
import { createJobRegistry } from '../src/jobs/registry.js';
import { createWakeSignal } from '../src/jobs/wake.js';
import { createWorker, type Worker } from '../src/jobs/worker.js';
import { createTestDatabase } from '../test/helpers/pg.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 3_000);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 200);
/** Jobs in flight per worker: cp worker concurrency, pg-boss batchSize. */
const SLOTS = Number(process.env.BENCH_SLOTS ?? 16);
/** pg-boss at SLOTS jobs per fetch is bound by its 0.5 s minimum poll (~32 jobs/s per worker): fewer jobs suffice. */
const PGBOSS_JOBS = Number(process.env.BENCH_PGBOSS_JOBS ?? 1_000);
/** pg-boss's best case for no-op jobs: one fetch takes a large batch. */
const PGBOSS_BIG_BATCH = 500;
const logger = createLogger('silent');

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

const waitUntil = async (probe: () => Promise<boolean>) => {
  while (!(await probe())) await sleep(20);
};

const benchCp = async (db: Db) => {
  let started: ((id: string) => void) | undefined;
  const registry = createJobRegistry([{
    kind: 'BENCH_NOOP', payload: z.object({ n: z.number() }), exclusive: false, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    timeoutMs: 60_000, cancellable: false, resumable: true,
    handler: async (ctx) => {
      started?.(ctx.job.jobId);
      return null;
    },
  }]);
  const wake = createWakeSignal();
  const queue = createJobQueue({ db, registry, wake });
  const opts = { concurrency: SLOTS, pollMs: 500, leaseMs: 30_000, shutdownTimeoutMs: 10_000 };
  const done = async () => Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM jobs WHERE kind = 'BENCH_NOOP' AND status <> 'SUCCEEDED'`)).rows[0]!.n) === 0;

  const throughput = async (workers: number) => {
    await db.query(`DELETE FROM jobs WHERE kind = 'BENCH_NOOP'`);
    await queue.transaction(async (tx) => {
      for (let n = 0; n < JOBS; n++) await queue.enqueue(tx, { kind: 'BENCH_NOOP', payload: { n }, createdBy: 'bench' });
    });
    const ws: Worker[] = Array.from({ length: workers }, () => createWorker({ db, registry, wake: createWakeSignal(), logger }, opts));
    const t0 = performance.now();
    for (const w of ws) w.start();
    await waitUntil(done);
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(ws.map((w) => w.stop()));
    return JOBS / seconds;
  };

  const latency = async () => {
    await db.query(`DELETE FROM jobs WHERE kind = 'BENCH_NOOP'`);
    const worker = createWorker({ db, registry, wake, logger }, opts);
    worker.start();
    await sleep(200);
    const samples: number[] = [];
    for (let n = 0; n < LATENCY_SAMPLES; n++) {
      const t0 = performance.now();
      const begun = new Promise<void>((resolve) => (started = () => resolve()));
      await queue.transaction((tx) => queue.enqueue(tx, { kind: 'BENCH_NOOP', payload: { n }, createdBy: 'bench' }));
      await begun;
      samples.push(performance.now() - t0);
    }
    started = undefined;
    await worker.stop();
    return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
  };

  const one = await throughput(1);
  const four = await throughput(4);
  const lat = await latency();
  await db.query(`DELETE FROM jobs WHERE kind = 'BENCH_NOOP'`);
  return { one, four, ...lat };
};

const benchPgBoss = async (url: string) => {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss_bench', max: 20, supervise: false, schedule: false });
  boss.on('error', (err) => console.error('pg-boss error', err));
  await boss.start();
  const throughput = async (workers: number, batchSize: number, jobs: number) => {
    const name = `bench_noop_${workers}_${batchSize}`;
    await boss.createQueue(name);
    for (let i = 0; i < jobs; i += 500) {
      await boss.insert(Array.from({ length: Math.min(500, jobs - i) }, (_, k) => ({ name, data: { n: i + k } })));
    }
    const t0 = performance.now();
    const ids: string[] = [];
    for (let w = 0; w < workers; w++) {
      ids.push(await boss.work(name, { batchSize, pollingIntervalSeconds: 0.5 }, async () => undefined));
    }
    await waitUntil(async () => (await boss.getQueueSize(name, { before: 'completed' })) === 0);
    const seconds = (performance.now() - t0) / 1000;
    for (const id of ids) await boss.offWork({ id });
    return jobs / seconds;
  };
  const one = await throughput(1, SLOTS, PGBOSS_JOBS);
  const four = await throughput(4, SLOTS, PGBOSS_JOBS);
  const bigOne = await throughput(1, PGBOSS_BIG_BATCH, JOBS);
  const bigFour = await throughput(4, PGBOSS_BIG_BATCH, JOBS);
  await boss.stop({ graceful: false, wait: true });
  return { one, four, bigOne, bigFour };
};

const main = async () => {
  const temp = process.env.DATABASE_URL ? undefined : await createTestDatabase('bench');
  const url = process.env.DATABASE_URL ?? temp!.url;
  const db = createPgDb({ connectionString: url, poolMax: 20 });
  try {
    await prepareDatabase(db);
    const cp = await benchCp(db);
    const boss = await benchPgBoss(url);
    console.log(`jobs per run: cp ${JOBS}, pg-boss ${PGBOSS_JOBS} (batch ${SLOTS}) / ${JOBS} (batch ${PGBOSS_BIG_BATCH})`);
    console.log('| queue | in flight per worker | 1 worker (jobs/s) | 4 workers (jobs/s) |');
    console.log('|---|---|---|---|');
    console.log(`| cp | ${SLOTS} (concurrency) | ${round(cp.one)} | ${round(cp.four)} |`);
    console.log(`| pg-boss 10.4 | ${SLOTS} (batchSize, poll 0.5 s) | ${round(boss.one)} | ${round(boss.four)} |`);
    console.log(`| pg-boss 10.4 | ${PGBOSS_BIG_BATCH} (batchSize, poll 0.5 s) | ${round(boss.bigOne)} | ${round(boss.bigFour)} |`);
    console.log(`cp enqueue→start on the same instance (${LATENCY_SAMPLES} samples): p50 ${round(cp.p50, 2)} ms, p95 ${round(cp.p95, 2)} ms`);
    console.log(`queue p50_ms=${round(cp.p50, 2)} p95_ms=${round(cp.p95, 2)} throughput_per_s=${round(cp.four)} pgboss_throughput_per_s=${round(boss.four)} ratio=${round(cp.four / boss.four, 2)}`);
  } finally {
    await db.close();
    await temp?.drop();
  }
};

await main();
