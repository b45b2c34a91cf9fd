// Three cp job processes (the real job runtime, test/integration/jobs/fixtures/job-process.ts) on one PostgreSQL
// database and FAULT_JOBS no-op jobs (3,000 in CI; `npm run bench:faults` runs 10,000), half enqueued before the
// processes start and half while they run: every job runs exactly once (one recorded run, attempt 1), none is lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createJobQueue } from '../../../src/jobs/queue.js';
import { createWakeSignal } from '../../../src/jobs/wake.js';
import { createTestRegistry, createTestRunsTable } from '../../helpers/job-kinds.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { killAll, startScript, stopProcess } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait.js';

const JOBS = Number(process.env.FAULT_JOBS ?? 3_000);
const WORKER = fileURLToPath(new URL('../jobs/fixtures/job-process.ts', import.meta.url));

describe('fault suite: three job processes on one database', { timeout: 600_000 }, () => {
  let pg: TestPg;
  before(async () => {
    pg = await createMigratedPg('fault_jobs');
    await createTestRunsTable(pg.db);
  });
  after(async () => {
    await killAll();
    await pg.close();
  });

  const count = async (sql: string) => Number((await pg.db.query<{ n: number }>(sql)).rows[0]!.n);

  it(`${JOBS} no-op jobs: each runs exactly once, none lost`, async () => {
    const queue = createJobQueue({ db: pg.db, registry: createTestRegistry(), wake: createWakeSignal() });
    const enqueue = (from: number, to: number) =>
      queue.transaction(async (tx) => {
        for (let n = from; n < to; n++) await queue.enqueue(tx, { kind: 'TEST_NOOP', payload: { n }, createdBy: 'test' });
      });
    const half = Math.floor(JOBS / 2);
    await enqueue(0, half);
    const workers = await Promise.all([1, 2, 3].map(() => startScript(WORKER, { DATABASE_URL: pg.url, CONCURRENCY: '8', POLL_MS: '50' })));
    for (let from = half; from < JOBS; from += 250) await enqueue(from, Math.min(JOBS, from + 250));
    await waitFor(() => count(`SELECT count(*) AS n FROM jobs WHERE status = 'SUCCEEDED'`), (n) => n === JOBS, 'every job to succeed', 300_000);
    await Promise.all(workers.map((w) => stopProcess(w)));
    assert.equal(await count(`SELECT count(*) AS n FROM jobs WHERE status <> 'SUCCEEDED'`), 0, 'none lost');
    assert.equal(await count(`SELECT count(*) AS n FROM test_runs`), JOBS, 'one run per job');
    assert.equal(await count(`SELECT count(DISTINCT job_id) AS n FROM test_runs`), JOBS);
    assert.equal(await count(`SELECT count(*) AS n FROM jobs WHERE attempts <> 1`), 0, 'no job needed a second attempt');
    const processes = await count(`SELECT count(DISTINCT split_part(lease_owner, ':', 2)) AS n FROM test_runs`);
    assert.equal(processes, 3, 'all three processes took part');
  });
});
