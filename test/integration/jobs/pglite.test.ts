// The same queue core on the embedded default (in-memory PGlite): enqueue, claim and run, fenced task log, exclusive
// conflicts, cancel, the reaper, the scheduler and graceful shutdown all work on one single-session database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { prepareDatabase } from '../../../src/app/prepare-database.js';
import type { Db } from '../../../src/infra/db/db.js';
import { createPgliteDb } from '../../../src/infra/db/pglite-db.js';
import { createLogger } from '../../../src/infra/logging/logger.js';
import { createJobQueue } from '../../../src/jobs/queue.js';
import { reapExpiredLeases } from '../../../src/jobs/reaper.js';
import { createScheduler } from '../../../src/jobs/scheduler.js';
import { createWakeSignal } from '../../../src/jobs/wake.js';
import { createWorker } from '../../../src/jobs/worker.js';
import { claimJobs } from '../../../src/repositories/jobs.repository.js';
import { createJobService } from '../../../src/services/jobs/jobs.service.js';
import { ConflictError } from '../../../src/shared/errors.js';
import { createTestRegistry, createTestRunsTable, insertTestCluster } from '../../helpers/job-kinds.js';
import { testContext } from '../../helpers/context.js';
import { waitFor } from '../../helpers/wait.js';

const logger = createLogger('silent');

describe('job queue on PGlite', () => {
  let db: Db;
  const registry = createTestRegistry();
  const wake = createWakeSignal();
  let queue: ReturnType<typeof createJobQueue>;
  const status = async (id: string) =>
    (await db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM jobs WHERE job_id = $1`, [id])).rows[0]!;
  const enqueue = (kind: string, payload: unknown, clusterId: string | null = null) =>
    queue.transaction((tx) => queue.enqueue(tx, { kind, payload, clusterId, createdBy: 'tester' })).then((r) => r.jobId);

  before(async () => {
    db = await createPgliteDb({});
    await prepareDatabase(db);
    await createTestRunsTable(db);
    queue = createJobQueue({ db, registry, wake });
  });
  after(() => db.close());

  it('runs jobs through the worker, retries, fails permanently, and logs tasks', async () => {
    const worker = createWorker({ db, registry, wake, logger }, { concurrency: 2, pollMs: 100, leaseMs: 5_000, shutdownTimeoutMs: 2_000 });
    worker.start();
    try {
      const ids = await Promise.all([1, 2, 3, 4, 5].map((n) => enqueue('TEST_NOOP', { n })));
      const slept = await enqueue('TEST_SLEEP_RESUMABLE', { ms: 1 });
      const bad = await enqueue('TEST_FLAKY', { succeed_on_attempt: 1, permanent: true });
      for (const id of [...ids, slept]) await waitFor(() => status(id), (s) => s.status === 'SUCCEEDED', `job ${id}`);
      assert.deepEqual(await waitFor(() => status(bad), (s) => s.status === 'FAILED', 'the failing job'), { status: 'FAILED', attempts: 1 });
      const runs = await db.query<{ n: number }>(`SELECT count(*) AS n FROM test_runs WHERE job_id = ANY($1::UUID[])`, [ids]);
      assert.equal(Number(runs.rows[0]!.n), 5);
      const tasks = await db.query<{ seq: number; name: string }>(`SELECT seq, name FROM job_tasks WHERE job_id = $1 ORDER BY seq`, [slept]);
      assert.deepEqual(tasks.rows.map((t) => [Number(t.seq), t.name]), [[1, 'slept'], [2, 'SUCCEEDED']]);
    } finally {
      await worker.stop();
    }
  });

  it('enforces one active exclusive job per cluster, cancels, and reaps a lost worker’s job', async () => {
    await insertTestCluster(db, 'lite');
    const first = await enqueue('TEST_SLEEP_ONCE', { ms: 1 }, 'lite');
    await assert.rejects(enqueue('TEST_SLEEP_ONCE', { ms: 1 }, 'lite'), (e: unknown) => e instanceof ConflictError && e.message.includes(first));
    const [claimed] = await claimJobs(db, { owner: 'gone', leaseMs: 1, kinds: ['TEST_SLEEP_ONCE'], limit: 1 });
    assert.equal(claimed!.jobId, first);
    await waitFor(() => reapExpiredLeases({ db, registry, logger }), (n) => n === 1, 'the lease to expire and be reaped');
    assert.equal((await status(first)).status, 'FAILED');
    const c = await db.query<{ status: string }>(`SELECT status FROM clusters WHERE cluster_id = 'lite'`);
    assert.equal(c.rows[0]!.status, 'CREATE_FAILED');
    const queued = await enqueue('TEST_NOOP', {});
    const service = createJobService({ db, queue, registry });
    assert.equal((await service.cancel(testContext('a', { isAdmin: true }), queued)).status, 'CANCELLED');
  });

  it('fires a due schedule once and releases running jobs on shutdown', async () => {
    await db.query(`INSERT INTO schedules (name, kind, payload, interval_seconds, next_run_at) VALUES ('lite', 'TEST_SLEEP_RESUMABLE', '{"ms": 600000}', 3600, now())`);
    const scheduler = createScheduler({ db, queue, logger }, { pollMs: 1_000 });
    assert.equal(await scheduler.tick(), 1);
    assert.equal(await scheduler.tick(), 0);
    const worker = createWorker({ db, registry, wake, logger }, { concurrency: 1, pollMs: 100, leaseMs: 5_000, shutdownTimeoutMs: 100, kinds: ['TEST_SLEEP_RESUMABLE'] });
    worker.start();
    const job = await db.query<{ job_id: string }>(`SELECT job_id FROM jobs WHERE schedule_name = 'lite'`);
    const id = job.rows[0]!.job_id;
    await waitFor(() => status(id), (s) => s.status === 'RUNNING', 'the scheduled job to start');
    await worker.stop();
    assert.deepEqual(await status(id), { status: 'QUEUED', attempts: 0 });
  });
});
