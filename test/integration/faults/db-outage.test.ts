// A 15-second outage of the metadata database, on a PRIVATE PostgreSQL instance this test starts itself (initdb +
// pg_ctl on a free port: test/helpers/private-pg.ts), with an app and a separate worker process on it and jobs in
// the queue: during the outage every API request that needs the database is a 503 with Retry-After (never a 500)
// and /api/healthz stays 200; after the server is back, the API answers again within 5 s and every job still runs
// to SUCCEEDED (none lost).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { prepareDatabase } from '../../../src/app/prepare-database.js';
import type { Db } from '../../../src/infra/db/db.js';
import { createPgDb } from '../../../src/infra/db/pg-db.js';
import { createJobQueue } from '../../../src/jobs/queue.js';
import { createWakeSignal } from '../../../src/jobs/wake.js';
import { buildTestApp } from '../../helpers/app.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { createTestRegistry, createTestRunsTable } from '../../helpers/job-kinds.js';
import { startPrivatePg, type PrivatePg } from '../../helpers/private-pg.js';
import { killAll, startScript, stopProcess } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait.js';

const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_MS ?? 15_000);
const JOBS = 200;
const WORKER = fileURLToPath(new URL('../jobs/fixtures/job-process.ts', import.meta.url));

describe('fault suite: a metadata-database outage', { timeout: 180_000 }, () => {
  let server: PrivatePg;
  let db: Db;
  let app: FastifyInstance;
  let admin: TestApiKey;

  before(async () => {
    server = await startPrivatePg();
    db = createPgDb({ connectionString: server.url, poolMax: 5 });
    await prepareDatabase(db);
    await createTestRunsTable(db);
    const built = await buildTestApp(db);
    app = built.app;
    admin = await createTestApiKey(db, built.secrets, { roles: ['CP_ADMIN'] });
  });
  after(async () => {
    await killAll();
    await app?.close();
    await db?.close().catch(() => undefined);
    await server?.destroy();
  });

  const count = async (sql: string) => Number((await db.query<{ n: number }>(sql)).rows[0]!.n);

  it(`${OUTAGE_MS / 1000} s down: 503 (never 500) during, answering again within 5 s after, no job lost`, async () => {
    const worker = await startScript(WORKER, { DATABASE_URL: server.url, CONCURRENCY: '4', POLL_MS: '100', LEASE_MS: '2000', LOG_LEVEL: 'warn' });
    const queue = createJobQueue({ db, registry: createTestRegistry(), wake: createWakeSignal() });
    await queue.transaction(async (tx) => {
      for (let n = 0; n < JOBS; n++) await queue.enqueue(tx, { kind: 'TEST_SLEEP_RESUMABLE', payload: { ms: 20 }, createdBy: 'test' });
    });
    assert.equal((await signedInject(app, admin, { url: '/api/clusters' })).statusCode, 200);

    await server.stop();
    const statuses: Record<string, number> = {};
    const note = (what: string, status: number) => (statuses[`${what} ${status}`] = (statuses[`${what} ${status}`] ?? 0) + 1);
    const until = Date.now() + OUTAGE_MS;
    let n = 0;
    while (Date.now() < until) {
      const list = await signedInject(app, admin, { url: '/api/clusters' });
      note('GET /api/clusters', list.statusCode);
      if (list.statusCode === 503) assert.equal(list.headers['retry-after'], '5');
      const write = await signedInject(app, admin, { method: 'POST', url: '/api/admin/versions', payload: { version: `v26.${n++}.0` } });
      note('POST /api/admin/versions', write.statusCode);
      note('GET /api/healthz', (await app.inject('/api/healthz')).statusCode);
      note('GET /api/readyz', (await app.inject('/api/readyz')).statusCode);
      await sleep(200);
    }
    assert.deepEqual(
      Object.keys(statuses).sort(),
      ['GET /api/clusters 503', 'GET /api/healthz 200', 'GET /api/readyz 503', 'POST /api/admin/versions 503'],
      JSON.stringify(statuses),
    );

    assert.equal(worker.exitCode ?? worker.signalCode, null, 'the worker process survived the outage');
    await server.start();
    const back = Date.now();
    await waitFor(async () => (await signedInject(app, admin, { url: '/api/clusters' })).statusCode, (s) => s === 200, 'the API to answer again', 5_000);
    const recoveryMs = Date.now() - back;
    assert.ok(recoveryMs <= 5_000, `answering again ${recoveryMs} ms after the database came back`);

    await waitFor(() => count(`SELECT count(*) AS n FROM jobs WHERE status = 'SUCCEEDED'`), (k) => k === JOBS, 'every job to succeed', 90_000);
    assert.equal(await count(`SELECT count(*) AS n FROM jobs WHERE status <> 'SUCCEEDED'`), 0, 'no job lost or failed');
    assert.equal(await count(`SELECT count(DISTINCT job_id) AS n FROM test_runs WHERE finished_at IS NOT NULL`), JOBS);
    await stopProcess(worker);
  });
});
