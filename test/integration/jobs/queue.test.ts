// The queue core on real PostgreSQL, in one process: enqueue validation, exclusive-per-cluster conflicts, the task
// log, retries with backoff, fencing of a worker that lost its lease, cancel, graceful shutdown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../../src/infra/logging/logger.js';
import { createJobQueue } from '../../../src/jobs/queue.js';
import { reapExpiredLeases } from '../../../src/jobs/reaper.js';
import { createJobRegistry } from '../../../src/jobs/registry.js';
import { createWakeSignal } from '../../../src/jobs/wake.js';
import { createWorker, type WorkerOptions } from '../../../src/jobs/worker.js';
import { claimJobs, completeOwnedJob } from '../../../src/repositories/jobs.repository.js';
import { appendTask, MAX_TASK_DETAIL_CHARS } from '../../../src/repositories/job-tasks.repository.js';
import { createJobService } from '../../../src/services/jobs/jobs.service.js';
import { ConflictError, ValidationError } from '../../../src/shared/errors.js';
import { createTestRunsTable, insertTestCluster, TEST_KINDS } from '../../helpers/job-kinds.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { testContext } from '../../helpers/context.js';
import { waitFor } from '../../helpers/wait.js';
import { z } from 'zod';
import type { JobKind } from '../../../src/jobs/types.js';

const logger = createLogger('silent');
const admin = testContext('admin', { isAdmin: true });

describe('job queue on PostgreSQL', () => {
  let pg: TestPg;
  let gate!: () => void;
  let handlerSaw: { logError?: unknown } = {};
  // A kind whose handler waits until the test lets it go, then tries to write a task.
  const gatedKind: JobKind<Record<string, never>> = {
    kind: 'TEST_GATED', payload: z.object({}), exclusive: false, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    timeoutMs: 60_000, cancellable: true, resumable: true,
    handler: async (ctx) => {
      await new Promise<void>((r) => (gate = r));
      try {
        await ctx.log('after the gate');
      } catch (err) {
        handlerSaw.logError = err;
        throw err;
      }
      return { done: true };
    },
  };
  const slowKind: JobKind<Record<string, never>> = {
    kind: 'TEST_TIMES_OUT', payload: z.object({}), exclusive: false, retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
    timeoutMs: 200, cancellable: true, resumable: true,
    handler: async (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', resolve)),
  };
  const registry = createJobRegistry([...TEST_KINDS, gatedKind, slowKind]);
  const wake = createWakeSignal();
  let queue: ReturnType<typeof createJobQueue>;
  let service: ReturnType<typeof createJobService>;
  const workerOpts: WorkerOptions = { concurrency: 4, pollMs: 200, leaseMs: 3_000, shutdownTimeoutMs: 5_000 };

  const job = async (id: string) =>
    (await pg.db.query<{ status: string; attempts: number; run_at: Date; updated_at: Date; error: string | null; lease_owner: string | null; lease_expires_at: Date | null; result: unknown }>(
      `SELECT status, attempts, run_at, updated_at, error, lease_owner, lease_expires_at, result FROM jobs WHERE job_id = $1`, [id])).rows[0]!;
  const tasks = async (id: string) =>
    (await pg.db.query<{ seq: number; name: string; level: string; detail: string | null }>(
      `SELECT seq, name, level, detail FROM job_tasks WHERE job_id = $1 ORDER BY seq`, [id])).rows;
  const enqueue = (kind: string, payload: unknown, clusterId: string | null = null) =>
    queue.transaction((tx) => queue.enqueue(tx, { kind, payload, clusterId, createdBy: 'tester' })).then((r) => r.jobId);

  before(async () => {
    pg = await createMigratedPg('jobs_queue');
    await createTestRunsTable(pg.db);
    queue = createJobQueue({ db: pg.db, registry, wake });
    service = createJobService({ db: pg.db, queue, registry });
  });
  after(() => pg.close());

  it('rejects unknown kinds and payloads that fail the kind schema, writing nothing', async () => {
    await assert.rejects(enqueue('NO_SUCH_KIND', {}), ValidationError);
    await assert.rejects(enqueue('TEST_SLEEP_RESUMABLE', { ms: 'soon' }), ValidationError);
    await assert.rejects(enqueue('TEST_SLEEP_ONCE', { ms: 1 }), /needs a cluster/);
    const { rows } = await pg.db.query(`SELECT 1 FROM jobs`);
    assert.equal(rows.length, 0);
  });

  it('a second active exclusive job on a cluster is a ConflictError naming the blocking job', async () => {
    await insertTestCluster(pg.db, 'excl-1');
    const first = await enqueue('TEST_SLEEP_ONCE', { ms: 1 }, 'excl-1');
    const err = await enqueue('TEST_SLEEP_ONCE', { ms: 1 }, 'excl-1').then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ConflictError, String(err));
    assert.match(err.message, new RegExp(first));
    assert.equal((err.details as { blocking_job_id: string }).blocking_job_id, first);
    // Non-exclusive jobs on the same cluster and exclusive jobs on another cluster are not blocked.
    await enqueue('TEST_SLEEP_RESUMABLE', { ms: 1 }, 'excl-1');
    await insertTestCluster(pg.db, 'excl-2');
    await enqueue('TEST_SLEEP_ONCE', { ms: 1 }, 'excl-2');
    // Once the first is cancelled the cluster accepts a new exclusive job.
    await service.cancel(admin, first);
    await enqueue('TEST_SLEEP_ONCE', { ms: 1 }, 'excl-1');
    await pg.db.query(`DELETE FROM jobs`);
  });

  it('cancelling a queued job ends it at once, writes a task row and runs onFailure', async () => {
    await insertTestCluster(pg.db, 'cancel-q');
    const id = await enqueue('TEST_SLEEP_ONCE', { ms: 1 }, 'cancel-q');
    assert.deepEqual(await service.cancel(admin, id), { job_id: id, status: 'CANCELLED' });
    assert.equal((await job(id)).status, 'CANCELLED');
    assert.deepEqual((await tasks(id)).map((t) => t.name), ['CANCELLED']);
    const { rows } = await pg.db.query<{ status: string }>(`SELECT status FROM clusters WHERE cluster_id = 'cancel-q'`);
    assert.equal(rows[0]!.status, 'CREATE_FAILED');
    const events = await pg.db.query(`SELECT 1 FROM event_log WHERE action = 'JOB_CANCEL_REQUESTED' AND target_id = $1`, [id]);
    assert.equal(events.rows.length, 1);
    await assert.rejects(service.cancel(admin, id), ConflictError);
  });

  it('a claim takes at most `limit` jobs', async () => {
    for (let n = 0; n < 5; n++) await enqueue('TEST_NOOP', { n });
    const claimed = await claimJobs(pg.db, { owner: 'limit', leaseMs: 10_000, kinds: ['TEST_NOOP'], limit: 2 });
    assert.equal(claimed.length, 2);
    const { rows } = await pg.db.query(`SELECT 1 FROM jobs WHERE status = 'RUNNING'`);
    assert.equal(rows.length, 2);
    await pg.db.query(`DELETE FROM jobs`);
  });

  it('a cancel requested on a job whose worker died is finished by the reaper as CANCELLED', async () => {
    await insertTestCluster(pg.db, 'cancel-dead');
    const id = await enqueue('TEST_SLEEP_ONCE', { ms: 1 }, 'cancel-dead');
    const [claimed] = await claimJobs(pg.db, { owner: 'dead-worker', leaseMs: 60_000, kinds: ['TEST_SLEEP_ONCE'], limit: 1 });
    assert.equal(claimed!.jobId, id);
    assert.equal((await service.cancel(admin, id)).status, 'CANCEL_REQUESTED');
    await pg.db.query(`UPDATE jobs SET lease_expires_at = now() - INTERVAL '1 second' WHERE job_id = $1`, [id]);
    assert.equal(await reapExpiredLeases({ db: pg.db, registry, logger }), 1);
    assert.equal((await job(id)).status, 'CANCELLED');
    assert.deepEqual((await tasks(id)).map((t) => t.name), ['CANCEL REQUESTED', 'CANCELLED']);
    const { rows } = await pg.db.query<{ status: string }>(`SELECT status FROM clusters WHERE cluster_id = 'cancel-dead'`);
    assert.equal(rows[0]!.status, 'CREATE_FAILED');
  });

  it('task rows get a per-job monotonic seq, and long details are truncated with a marker', async () => {
    const id = await enqueue('TEST_NOOP', {});
    const [claimed] = await claimJobs(pg.db, { owner: 'manual', leaseMs: 10_000, kinds: ['TEST_NOOP'], limit: 1 });
    assert.equal(claimed!.jobId, id);
    const seqs = await Promise.all([1, 2, 3, 4, 5].map((i) => appendTask(pg.db, { jobId: id, name: `step ${i}` }, claimed!.leaseOwner)));
    assert.deepEqual([...seqs].sort(), [1, 2, 3, 4, 5]);
    await appendTask(pg.db, { jobId: id, name: 'big', detail: 'x'.repeat(MAX_TASK_DETAIL_CHARS + 10) }, claimed!.leaseOwner);
    const big = (await tasks(id)).find((t) => t.name === 'big')!;
    assert.equal(big.seq, 6);
    assert.match(big.detail!, /\[truncated: 10 more characters\]$/);
    assert.ok(await completeOwnedJob(pg.db, { jobId: id, owner: claimed!.leaseOwner }));
  });

  it('a worker that lost its lease can neither write tasks nor complete the job', async () => {
    const worker = createWorker({ db: pg.db, registry, wake, logger }, { ...workerOpts, kinds: ['TEST_GATED'] });
    handlerSaw = {};
    worker.start();
    try {
      const id = await enqueue('TEST_GATED', {});
      const first = await waitFor(() => job(id), (j) => j.status === 'RUNNING', 'the gated job to run');
      // Steal: another worker took the job over (as after an expired lease and a re-claim).
      const thief = { leaseOwner: 'thief:2' };
      await pg.db.query(
        `UPDATE jobs SET lease_owner = $2, attempts = 2, lease_expires_at = now() + INTERVAL '1 minute' WHERE job_id = $1`,
        [id, thief.leaseOwner]);
      gate();
      await waitFor(async () => handlerSaw.logError, (e) => e !== undefined, 'the old handler to hit the fence');
      assert.match(String(handlerSaw.logError), /no longer holds the lease/);
      const now = await job(id);
      assert.equal(now.status, 'RUNNING', 'the old worker did not complete or fail the job');
      assert.equal(now.lease_owner, thief.leaseOwner);
      assert.notEqual(first.lease_owner, thief.leaseOwner);
      assert.ok(!(await tasks(id)).some((t) => t.name === 'after the gate'));
      assert.equal(await completeOwnedJob(pg.db, { jobId: id, owner: first.lease_owner! }), false, 'the old lease cannot complete');
      assert.ok(await completeOwnedJob(pg.db, { jobId: id, owner: thief.leaseOwner }));
    } finally {
      await worker.stop();
    }
  });

  it('retries a failing job with capped exponential backoff, counting attempts, until it succeeds', async () => {
    const worker = createWorker({ db: pg.db, registry, wake, logger }, { ...workerOpts, kinds: ['TEST_FLAKY'] });
    worker.start();
    try {
      const id = await enqueue('TEST_FLAKY', { succeed_on_attempt: 2 });
      const retried = await waitFor(() => job(id), (j) => j.status === 'QUEUED' && j.attempts === 1, 'the first failure');
      // Backoff for attempt 1 is 2 s ± 20 %: run_at is pushed out from the moment of failure.
      assert.ok(retried.run_at.getTime() - retried.updated_at.getTime() >= 1_500, `run_at ${retried.run_at.toISOString()}`);
      assert.match(retried.error!, /flaky failure on attempt 1/);
      const done = await waitFor(() => job(id), (j) => j.status === 'SUCCEEDED', 'the retry to succeed');
      assert.equal(done.attempts, 2);
      assert.deepEqual(done.result, { attempt: 2 });
      assert.deepEqual((await tasks(id)).map((t) => t.name), ['RETRY', 'SUCCEEDED']);

      const permanent = await enqueue('TEST_FLAKY', { succeed_on_attempt: 1, permanent: true });
      const failed = await waitFor(() => job(permanent), (j) => j.status === 'FAILED', 'the permanent failure');
      assert.equal(failed.attempts, 1, 'a permanent error is not retried');
      assert.deepEqual((await tasks(permanent)).map((t) => [t.name, t.level]), [['FAILURE', 'error']]);
    } finally {
      await worker.stop();
    }
  });

  it('cancelling a running job aborts its handler and kills its child process group', async () => {
    const worker = createWorker({ db: pg.db, registry, wake, logger }, { ...workerOpts, kinds: ['TEST_CHILD'] });
    worker.start();
    try {
      const id = await enqueue('TEST_CHILD', {});
      const run = await waitFor(
        async () => (await pg.db.query<{ info: string }>(`SELECT info FROM test_runs WHERE job_id = $1`, [id])).rows[0],
        (r) => r !== undefined, 'the child to start');
      const pid = Number(run!.info);
      assert.ok(isAlive(pid));
      assert.deepEqual(await service.cancel(admin, id), { job_id: id, status: 'CANCEL_REQUESTED' });
      await waitFor(() => job(id), (j) => j.status === 'CANCELLED', 'the running job to be cancelled');
      await waitFor(async () => isAlive(pid), (alive) => !alive, 'the child process to be killed');
      assert.deepEqual((await tasks(id)).map((t) => t.name), ['CANCEL REQUESTED', 'CANCELLED']);
    } finally {
      await worker.stop();
    }
  });

  it('a local enqueue wakes the worker: it runs jobs even though it would not poll again for an hour', async () => {
    const worker = createWorker({ db: pg.db, registry, wake, logger }, { ...workerOpts, pollMs: 3_600_000, kinds: ['TEST_NOOP'] });
    worker.start();
    try {
      for (let n = 0; n < 3; n++) {
        const id = await enqueue('TEST_NOOP', { n });
        await waitFor(() => job(id), (j) => j.status === 'SUCCEEDED', `job ${n} to run after its wake-up`);
      }
    } finally {
      await worker.stop();
    }
  });

  it('per-kind concurrency: never more than the limit of a kind at once', async () => {
    const worker = createWorker({ db: pg.db, registry, wake, logger },
      { ...workerOpts, concurrency: 4, perKindConcurrency: { TEST_SLEEP_RESUMABLE: 1 }, kinds: ['TEST_SLEEP_RESUMABLE'] });
    worker.start();
    try {
      const ids = await Promise.all([1, 2, 3].map(() => enqueue('TEST_SLEEP_RESUMABLE', { ms: 150 })));
      for (const id of ids) await waitFor(() => job(id), (j) => j.status === 'SUCCEEDED', 'the sleeps to finish');
      const runs = (await pg.db.query<{ started_at: Date; finished_at: Date }>(
        `SELECT started_at, finished_at FROM test_runs WHERE job_id = ANY($1::UUID[]) ORDER BY started_at`, [ids])).rows;
      assert.equal(runs.length, 3);
      for (let i = 1; i < runs.length; i++) assert.ok(runs[i]!.started_at >= runs[i - 1]!.finished_at, 'runs of the kind did not overlap');
    } finally {
      await worker.stop();
    }
  });

  it('a handler that exceeds its kind’s timeout is aborted and FAILED', async () => {
    const worker = createWorker({ db: pg.db, registry, wake, logger }, { ...workerOpts, kinds: ['TEST_TIMES_OUT'] });
    worker.start();
    try {
      const id = await enqueue('TEST_TIMES_OUT', {});
      const failed = await waitFor(() => job(id), (j) => j.status === 'FAILED', 'the timeout');
      assert.match(failed.error!, /timed out after 200 ms/);
    } finally {
      await worker.stop();
    }
  });

  it('graceful shutdown lets short jobs finish and hands long ones back without counting the attempt', async () => {
    const worker = createWorker({ db: pg.db, registry, wake, logger }, { ...workerOpts, shutdownTimeoutMs: 300, kinds: ['TEST_SLEEP_RESUMABLE'] });
    worker.start();
    const long = await enqueue('TEST_SLEEP_RESUMABLE', { ms: 120_000 });
    await waitFor(() => job(long), (j) => j.status === 'RUNNING', 'the long job to start');
    await worker.stop();
    const released = await job(long);
    assert.equal(released.status, 'QUEUED');
    assert.equal(released.attempts, 0);
    assert.equal(released.lease_expires_at, null);
    await pg.db.query(`DELETE FROM jobs WHERE job_id = $1`, [long]);
  });
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
