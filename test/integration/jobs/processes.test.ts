// The queue across separate OS processes on one PostgreSQL database: thousands of jobs each run exactly once;
// kill -9 of a worker mid-job loses nothing (a resumable job is re-run once the lease expires, a non-resumable one
// is FAILED with a task row and its cluster leaves CREATING); schedules fire exactly once per period with three
// scheduler instances, even when their jobs fail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createJobQueue } from '../../../src/jobs/queue.js';
import { createWakeSignal } from '../../../src/jobs/wake.js';
import { createTestRegistry, createTestRunsTable, insertTestCluster } from '../../helpers/job-kinds.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { killAll, startScript, stopProcess } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait.js';

const SCRIPT = fileURLToPath(new URL('./fixtures/job-process.ts', import.meta.url));

describe('job processes on one PostgreSQL database', () => {
  let pg: TestPg;
  let queue: ReturnType<typeof createJobQueue>;
  const registry = createTestRegistry();

  before(async () => {
    pg = await createMigratedPg('jobs_procs');
    await createTestRunsTable(pg.db);
    queue = createJobQueue({ db: pg.db, registry, wake: createWakeSignal() });
  });
  after(async () => {
    await killAll();
    await pg.close();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await pg.db.query<{ n: number }>(sql, params)).rows[0]!.n);

  it('three worker processes run 2,000 jobs, each exactly once', async () => {
    const workers = await Promise.all([1, 2, 3].map(() => startScript(SCRIPT, { DATABASE_URL: pg.url, CONCURRENCY: '4' })));
    const total = 2_000;
    await queue.transaction(async (tx) => {
      for (let n = 0; n < total; n++) await queue.enqueue(tx, { kind: 'TEST_NOOP', payload: { n }, createdBy: 'test' });
    });
    await waitFor(() => count(`SELECT count(*) AS n FROM jobs WHERE status = 'SUCCEEDED'`), (n) => n === total, 'all jobs to succeed', 90_000);
    await Promise.all(workers.map((w) => stopProcess(w)));
    assert.equal(await count(`SELECT count(*) AS n FROM test_runs`), total, 'one execution per job');
    assert.equal(await count(`SELECT count(DISTINCT job_id) AS n FROM test_runs`), total);
    assert.equal(await count(`SELECT count(*) AS n FROM jobs WHERE attempts <> 1`), 0);
    const processes = await count(`SELECT count(DISTINCT split_part(lease_owner, ':', 2)) AS n FROM test_runs`);
    assert.ok(processes >= 2, `work was shared between processes (${processes} took part)`);
    await pg.db.query(`DELETE FROM jobs`);
    await pg.db.query(`DELETE FROM test_runs`);
  });

  it('kill -9 mid-job: a resumable job is re-run after its lease expires, a non-resumable one FAILS with a task row', async () => {
    await insertTestCluster(pg.db, 'doomed');
    const env = { DATABASE_URL: pg.url, LEASE_MS: '1500', POLL_MS: '100' };
    const victim = await startScript(SCRIPT, env);
    const [resumable, once] = await queue.transaction(async (tx) => [
      (await queue.enqueue(tx, { kind: 'TEST_SLEEP_RESUMABLE', payload: { ms: 600_000, then_ms: 10 }, createdBy: 'test' })).jobId,
      (await queue.enqueue(tx, { kind: 'TEST_SLEEP_ONCE', payload: { ms: 600_000 }, clusterId: 'doomed', createdBy: 'test' })).jobId,
    ]);
    await waitFor(() => count(`SELECT count(*) AS n FROM test_runs`), (n) => n === 2, 'both jobs to start on the victim');
    await stopProcess(victim, 'SIGKILL');
    const killedAt = (await pg.db.query<{ t: Date }>(`SELECT now() AS t`)).rows[0]!.t;
    const survivor = await startScript(SCRIPT, env);

    const status = (id: string) => pg.db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM jobs WHERE job_id = $1`, [id]).then((r) => r.rows[0]!);
    assert.deepEqual(await waitFor(() => status(resumable), (s) => s.status === 'SUCCEEDED', 'the resumable job to be re-run'), { status: 'SUCCEEDED', attempts: 2 });
    assert.deepEqual(await waitFor(() => status(once), (s) => s.status === 'FAILED', 'the non-resumable job to fail'), { status: 'FAILED', attempts: 1 });

    const runs = await pg.db.query<{ job_id: string; attempt: number; started_at: Date }>(`SELECT job_id, attempt, started_at FROM test_runs ORDER BY started_at`);
    const resumableRuns = runs.rows.filter((r) => r.job_id === resumable);
    assert.deepEqual(resumableRuns.map((r) => Number(r.attempt)), [1, 2]);
    assert.ok(resumableRuns[1]!.started_at > killedAt, 'the second run started only after the first worker was dead');
    assert.equal(runs.rows.filter((r) => r.job_id === once).length, 1, 'a non-resumable job is never run again');

    const failure = await pg.db.query<{ name: string; detail: string }>(`SELECT name, detail FROM job_tasks WHERE job_id = $1 ORDER BY seq`, [once]);
    assert.equal(failure.rows.at(-1)!.name, 'FAILURE');
    assert.match(failure.rows.at(-1)!.detail, /the worker running this job stopped responding \(lease expired at /);
    const cluster = await pg.db.query<{ status: string }>(`SELECT status FROM clusters WHERE cluster_id = 'doomed'`);
    assert.equal(cluster.rows[0]!.status, 'CREATE_FAILED', 'onFailure moved the cluster out of CREATING');
    const retryTask = await pg.db.query<{ detail: string }>(`SELECT detail FROM job_tasks WHERE job_id = $1 AND name = 'RETRY'`, [resumable]);
    assert.match(retryTask.rows[0]!.detail, /stopped responding/);
    await stopProcess(survivor);
    await pg.db.query(`DELETE FROM jobs`);
    await pg.db.query(`DELETE FROM test_runs`);
  });

  it('three scheduler instances fire each schedule exactly once per period, failing jobs or not', async () => {
    await pg.db.query(
      `INSERT INTO schedules (name, kind, payload, interval_seconds, next_run_at) VALUES
         ('tick', 'TEST_NOOP', '{}', 1, now() + INTERVAL '2 seconds'),
         ('always-fails', 'TEST_FLAKY', '{"succeed_on_attempt": 1, "permanent": true}', 1, now() + INTERVAL '2 seconds')`,
    );
    const start = await pg.db.query<{ name: string; next_run_at_text: string }>(`SELECT name, CAST(next_run_at AS TEXT) AS next_run_at_text FROM schedules`);
    const instances = await Promise.all([1, 2, 3].map(() => startScript(SCRIPT, { DATABASE_URL: pg.url, ROLES: 'worker,scheduler', POLL_MS: '100' })));
    await waitFor(() => count(`SELECT count(*) AS n FROM jobs WHERE schedule_name = 'always-fails' AND status = 'FAILED'`), (n) => n >= 3, 'three failed runs', 30_000);
    await Promise.all(instances.map((p) => stopProcess(p)));

    for (const s of start.rows) {
      // Periods elapsed = how far next_run_at advanced, in intervals. A period is claimed by exactly one instance, so
      // there is never more than one job per period; a period the schedulers reached late is skipped, not replayed
      // (schedules.repository.ts), so on a loaded machine a period may have none.
      const periods = await count(
        `SELECT CAST(EXTRACT(EPOCH FROM (next_run_at - $2::TIMESTAMPTZ)) AS INT8) AS n FROM schedules WHERE name = $1`,
        [s.name, s.next_run_at_text]);
      const jobs = await count(`SELECT count(*) AS n FROM jobs WHERE schedule_name = $1`, [s.name]);
      assert.ok(periods >= 3, `${s.name} fired ${periods} periods`);
      assert.ok(jobs >= 3 && jobs <= periods, `${s.name}: ${jobs} jobs in ${periods} periods (at most one per period)`);
    }
    assert.equal(await count(`SELECT count(*) AS n FROM jobs WHERE schedule_name = 'tick' AND status <> 'SUCCEEDED'`), 0);
  });
});
