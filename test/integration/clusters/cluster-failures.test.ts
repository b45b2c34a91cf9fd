// What goes wrong, against the real thing: requests that cannot run fail fast with a 400 that says what to configure
// (no job, no cluster row); a failing playbook lands the cluster in CREATE_FAILED with Ansible's error in the tasks;
// a cancel mid-playbook kills ansible and lands in a defined state; a worker killed with -9 mid-playbook leaves no
// stuck CREATING (the reaper moves it to CREATE_FAILED) and no orphaned ansible-playbook.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createKeyring, createSecretBox, type SecretBox } from '../../../src/infra/crypto/secrets.js';
import { createLogger } from '../../../src/infra/logging/logger.js';
import { createJobQueue } from '../../../src/jobs/queue.js';
import { createJobRegistry } from '../../../src/jobs/registry.js';
import { reapExpiredLeases } from '../../../src/jobs/reaper.js';
import { createWakeSignal } from '../../../src/jobs/wake.js';
import { createSettingsReader } from '../../../src/services/settings/settings.reader.js';
import { createAnsibleRunner } from '../../../src/infra/ansible/runner.js';
import { createClusterJobKinds } from '../../../src/workers/remote/cluster-kinds.js';
import { buildTestApp, testConfig } from '../../helpers/app.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { createBody, destroyTestCluster, installFixturePlaybooks, installPlaybook, seedClusterConfig, startClusterWorker } from '../../helpers/clusters.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { waitFor } from '../../helpers/wait.js';

type Res = { status: number; body: { job_id?: string; error?: { message: string }; status?: string; status_reason?: string } };

const ansibleProcessesOf = (jobId: string) => {
  try {
    return execFileSync('pgrep', ['-f', `cp-ansible-${jobId}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

const jobStatus = async (pg: TestPg, jobId: string) =>
  (await pg.db.query<{ status: string; error: string | null }>(`SELECT status, error FROM jobs WHERE job_id = $1`, [jobId])).rows[0];

const tasksOf = async (pg: TestPg, jobId: string) =>
  (await pg.db.query<{ name: string; detail: string | null }>(`SELECT name, detail FROM job_tasks WHERE job_id = $1 ORDER BY seq`, [jobId])).rows;

const clusterOf = async (pg: TestPg, id: string) =>
  (await pg.db.query<{ status: string; status_reason: string | null }>(`SELECT status, status_reason FROM clusters WHERE cluster_id = $1`, [id])).rows[0];

describe('cluster failures', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let key: TestApiKey;
  let worker: ReturnType<typeof startClusterWorker>;
  const names: string[] = [];
  const fresh = (p: string) => {
    const n = `${p}-${randomBytes(3).toString('hex')}`;
    names.push(n);
    return n;
  };
  const post = async (url: string, payload?: unknown, as: TestApiKey = key): Promise<Res> => {
    const res = await signedInject(app, as, { method: 'POST', url, ...(payload === undefined ? {} : { payload }) });
    return { status: res.statusCode, body: res.json() };
  };

  before(async () => {
    pg = await createMigratedPg('clusters_fail');
    const config = testConfig();
    const secrets = createSecretBox(createKeyring(config.masterKey!));
    worker = startClusterWorker(pg.db, secrets, { leaseMs: 3_000 });
    ({ app } = await buildTestApp(pg.db, { config, jobs: worker.jobs }));
    key = await createTestApiKey(pg.db, secrets, { roles: ['CP_USER'], groups: ['team-a'] });
  });

  after(async () => {
    await worker?.worker.stop();
    await app?.close();
    await pg?.close();
    // The recreated cluster runs real stand-in nodes until its DELETE; nothing may outlive the suite either way.
    for (const n of names) await destroyTestCluster(n);
  });

  it('fails fast with a 400 that says what to configure; nothing is created or queued', async () => {
    const name = fresh('pre');
    const noRegion = await post('/api/clusters', createBody(name, { version: 'v24.1.20', disk_size: 100 }));
    assert.equal(noRegion.status, 400);
    assert.match(noRegion.body.error!.message, /No region configuration found for test:local: an admin must add .*Admin → Regions/);

    await seedClusterConfig(pg.db);
    // cp seeds its shipped playbooks at start; an admin may have removed one.
    await pg.db.query(`DELETE FROM playbooks WHERE name = 'CREATE_CLUSTER'`);
    const noPlaybook = await post('/api/clusters', createBody(name));
    assert.equal(noPlaybook.status, 400);
    assert.match(noPlaybook.body.error!.message, /No CREATE_CLUSTER playbook is configured: an admin must add a version/);

    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ name: 'Bad_Name' }, 400, /not a valid cluster name: .*\^\[a-z\]\[a-z0-9-\]\{2,38\}\[a-z0-9\]\$/],
      [{ node_count: 1 }, 400, /at least 3 nodes in total \(node_count is per region\): 1 × 1 region/],
      [{ version: 'v99.1.0' }, 400, /version v99\.1\.0 is not offered .*Admin → Versions/],
      [{ regions: ['test:nowhere'] }, 400, /No region configuration found for test:nowhere/],
      [{ group: 'team-b' }, 403, /group you belong to/],
    ];
    for (const [over, status, message] of cases) {
      const r = await post('/api/clusters', createBody(name, over));
      assert.equal(r.status, status, JSON.stringify([over, r.body]));
      assert.match(r.body.error!.message, message);
    }
    assert.equal((await pg.db.query(`SELECT 1 FROM jobs`)).rowCount, 0, 'no job was queued');
    assert.equal((await pg.db.query(`SELECT 1 FROM clusters`)).rowCount, 0, 'no cluster row was written');
    await installFixturePlaybooks(pg.db);
  });

  it('a failing playbook ends in CREATE_FAILED with the Ansible error in the job tasks', async () => {
    await installPlaybook(pg.db, 'CREATE_CLUSTER', 'CREATE_CLUSTER_FAILING.yml');
    const name = fresh('fail');
    const r = await post('/api/clusters', createBody(name));
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const job = await waitFor(() => jobStatus(pg, r.body.job_id!), (j) => j?.status === 'FAILED', 'job FAILED', 180_000);
    assert.match(job!.error ?? '', /CREATE_CLUSTER: task "Install CockroachDB" failed on node-\d/);
    const tasks = await tasksOf(pg, r.body.job_id!);
    const fatal = tasks.find((t) => t.name.startsWith('fatal: [node-'));
    assert.match(fatal?.detail ?? '', /Install CockroachDB: .*disk \/dev\/nvme1n1 not found on 127\.0\.0\.\d/s);
    assert.equal(tasks.at(-1)?.name, 'FAILURE');
    const c = await clusterOf(pg, name);
    assert.equal(c?.status, 'CREATE_FAILED');
    assert.match(c?.status_reason ?? '', /disk \/dev\/nvme1n1 not found|Install CockroachDB/);
    // A second create of the same name is a conflict.
    assert.equal((await post('/api/clusters', createBody(name))).status, 409);

    // Rescheduling the failed create (once the playbook is fixed) reruns it as RECREATE_CLUSTER → ACTIVE.
    await installPlaybook(pg.db, 'CREATE_CLUSTER');
    const again = await signedInject(app, key, { method: 'POST', url: `/api/jobs/${r.body.job_id!}/reschedule` });
    assert.ok(again.statusCode < 300, again.body);
    const recreate = again.json<{ job_id: string; kind: string }>();
    assert.equal(recreate.kind, 'RECREATE_CLUSTER');
    await waitFor(() => jobStatus(pg, recreate.job_id), (j) => j?.status === 'SUCCEEDED' || j?.status === 'FAILED', 'recreate', 180_000);
    assert.equal((await jobStatus(pg, recreate.job_id))?.status, 'SUCCEEDED');
    assert.equal((await clusterOf(pg, name))?.status, 'ACTIVE');

    const del = await signedInject(app, key, { method: 'DELETE', url: `/api/clusters/${name}` });
    assert.equal(del.statusCode, 202, del.body);
    await waitFor(() => clusterOf(pg, name), (x) => x?.status === 'DELETED', 'deleted', 180_000);
  });

  it('cancel mid-playbook kills ansible and lands the cluster in CREATE_FAILED', async () => {
    await installPlaybook(pg.db, 'CREATE_CLUSTER', 'CREATE_CLUSTER_SLOW.yml');
    const name = fresh('cancel');
    const r = await post('/api/clusters', createBody(name));
    assert.equal(r.status, 202);
    const jobId = r.body.job_id!;
    await waitFor(() => tasksOf(pg, jobId), (ts) => ts.some((t) => t.name === 'TASK [Download CockroachDB slowly]'), 'the slow task to start', 180_000);
    assert.ok(ansibleProcessesOf(jobId).length > 0, 'ansible-playbook is running');
    const cancel = await post(`/api/jobs/${jobId}/cancel`);
    assert.ok(cancel.status < 300, JSON.stringify(cancel.body));
    await waitFor(() => jobStatus(pg, jobId), (j) => j?.status === 'CANCELLED', 'job CANCELLED', 20_000);
    await waitFor(async () => ansibleProcessesOf(jobId), (p) => p.length === 0, 'ansible-playbook to be gone', 15_000);
    const c = await clusterOf(pg, name);
    assert.equal(c?.status, 'CREATE_FAILED');
    assert.match(c?.status_reason ?? '', /cancel/);
  });
});

describe('a worker killed with -9 during a playbook', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let secrets: SecretBox;
  let child: ChildProcess | undefined;
  let registry: ReturnType<typeof createJobRegistry>;
  const name = `kill-${randomBytes(3).toString('hex')}`;

  before(async () => {
    pg = await createMigratedPg('clusters_kill');
    await seedClusterConfig(pg.db);
    await installFixturePlaybooks(pg.db);
    await installPlaybook(pg.db, 'CREATE_CLUSTER', 'CREATE_CLUSTER_SLOW.yml');
    const config = testConfig();
    secrets = createSecretBox(createKeyring(config.masterKey!));
    // This process only serves the API and reaps; the worker that runs the job is the child process.
    const settings = createSettingsReader({ db: pg.db, secrets });
    registry = createJobRegistry(createClusterJobKinds({
      db: pg.db, secrets, settings, ansible: createAnsibleRunner({ playbookBin: 'ansible-playbook' }), healthcheck: { scheme: 'http', port: 8080 },
    }));
    ({ app } = await buildTestApp(pg.db, { config, jobs: { registry, queue: createJobQueue({ db: pg.db, registry, wake: createWakeSignal() }) } }));
    child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/cluster-worker-process.ts'], {
      env: { ...process.env, TEST_DB_URL: pg.url, CP_MASTER_KEY: config.masterKey!.key },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child!.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
  });

  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await app?.close();
    await pg?.close();
    await destroyTestCluster(name);
  });

  it('leaves no stuck CREATING: the reaper fails the job and the cluster becomes CREATE_FAILED; ansible dies with it', async () => {
    const key = await createTestApiKey(pg.db, secrets, { roles: ['CP_ADMIN'] });
    const res = await signedInject(app, key, { method: 'POST', url: '/api/clusters', payload: createBody(name) });
    assert.equal(res.statusCode, 202, res.body);
    const jobId = res.json<{ job_id: string }>().job_id;
    await waitFor(() => tasksOf(pg, jobId), (ts) => ts.some((t) => t.name === 'TASK [Download CockroachDB slowly]'), 'the slow task to start', 180_000);
    assert.ok(ansibleProcessesOf(jobId).length > 0);

    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    // The playbook's watchdog sees its parent die and takes the whole process group down.
    await waitFor(async () => ansibleProcessesOf(jobId), (p) => p.length === 0, 'orphaned ansible-playbook to be gone', 15_000);
    // ... and removes the run directory (extra vars included) that the dead worker could not remove.
    await waitFor(async () => readdirSync(tmpdir()).filter((n) => n.startsWith(`cp-ansible-${jobId}`)), (d) => d.length === 0, 'run dir removed', 10_000);

    await waitFor(
      async () => {
        await reapExpiredLeases({ db: pg.db, registry, logger: createLogger('silent') });
        return clusterOf(pg, name);
      },
      (c) => c?.status === 'CREATE_FAILED',
      'the reaper to move the cluster out of CREATING',
      20_000,
    );
    const job = await jobStatus(pg, jobId);
    assert.equal(job?.status, 'FAILED');
    assert.match(job?.error ?? '', /stopped responding/);
    assert.match((await clusterOf(pg, name))?.status_reason ?? '', /CREATE_CLUSTER: the worker running this job stopped responding/);
  });
});
