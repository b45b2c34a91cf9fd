// The whole lifecycle against the real thing: HTTP API signed with an API key → exclusive jobs → the real worker →
// ansible-playbook over SSH to the sshd test hosts running the fixture playbooks (same contract as production).
// create → scale out → scale in + add region → upgrade → finalize → health flips → delete, with job tasks watched
// incrementally (?after_seq=) while the playbooks run.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createKeyring, createSecretBox } from '../../../src/infra/crypto/secrets.js';
import { settingSecretAad } from '../../../src/services/settings/settings.reader.js';
import { HEALTHCHECK_CLUSTERS } from '../../../src/workers/remote/healthcheck.handler.js';
import { HEALTHCHECK_SCHEDULE } from '../../../src/workers/remote/cluster-kinds.js';
import { createScheduler, registerSchedules } from '../../../src/jobs/scheduler.js';
import { createLogger } from '../../../src/infra/logging/logger.js';
import { buildTestApp, testConfig } from '../../helpers/app.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import {
  createBody, installFixturePlaybooks, seedClusterConfig, startClusterWorker, startHealthEndpoints, TEST_NODES_DIR,
} from '../../helpers/clusters.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { waitFor } from '../../helpers/wait.js';

// Responses are checked field by field against literal expectations, so they are handled as loose JSON here.
/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

describe('cluster lifecycle over Ansible and SSH', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let key: TestApiKey;
  let other: TestApiKey;
  let worker: ReturnType<typeof startClusterWorker>;
  let health: Awaited<ReturnType<typeof startHealthEndpoints>>;
  const name = `life-${randomBytes(3).toString('hex')}`;
  const nodeDir = `${TEST_NODES_DIR}/${name}`;

  const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, as: TestApiKey = key) => {
    const res = await signedInject(app, as, { method, url, ...(payload === undefined ? {} : { payload }) });
    return { status: res.statusCode, body: res.json<Json>() };
  };

  /** Polls the job's tasks with after_seq until it ends; returns every task and how many polls brought new ones. */
  const follow = async (jobId: string) => {
    let after = 0;
    const tasks: Json[] = [];
    let pollsWithNews = 0;
    let seenWhileRunning = 0;
    for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
      const { status, body } = await api('GET', `/api/clusters/${name}/jobs/${jobId}?after_seq=${after}`);
      assert.equal(status, 200, JSON.stringify(body));
      for (const t of body.tasks as Json[]) assert.ok(t.seq > after, 'after_seq returns only newer tasks');
      if (body.tasks.length > 0) {
        pollsWithNews++;
        if (body.job.status === 'RUNNING') seenWhileRunning += body.tasks.length;
      }
      tasks.push(...body.tasks);
      after = body.last_seq;
      if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(body.job.status)) return { job: body.job, tasks, pollsWithNews, seenWhileRunning };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${jobId} did not finish; tasks: ${tasks.map((t) => t.name).join(' | ')}`);
  };

  const cluster = async () => (await api('GET', `/api/clusters/${name}`)).body;
  const nodeJson = (ip: string) => JSON.parse(readFileSync(`${nodeDir}/${ip}/node.json`, 'utf8')) as Json;

  before(async () => {
    pg = await createMigratedPg('clusters_life');
    await seedClusterConfig(pg.db);
    await installFixturePlaybooks(pg.db);
    health = await startHealthEndpoints(['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4']);
    const config = testConfig({ CP_HEALTHCHECK_SCHEME: 'http', CP_HEALTHCHECK_PORT: String(health.port) });
    const secrets = createSecretBox(createKeyring(config.masterKey!));
    worker = startClusterWorker(pg.db, secrets, { healthPort: health.port });
    await pg.db.query(`UPDATE settings SET value = 'dba' WHERE key = 'cluster.default_username'`);
    await pg.db.query(`UPDATE settings SET encrypted_value = $1 WHERE key = 'observability.prom_sd_token'`, [
      secrets.encrypt('sd-token-1', settingSecretAad('observability.prom_sd_token')),
    ]);
    ({ app } = await buildTestApp(pg.db, { config, jobs: worker.jobs }));
    key = await createTestApiKey(pg.db, secrets, { roles: ['CP_USER'], groups: ['team-a'] });
    other = await createTestApiKey(pg.db, secrets, { roles: ['CP_USER'], groups: ['team-b'] });
  });

  after(async () => {
    await worker?.worker.stop();
    await app?.close();
    await health?.close();
    await pg?.close();
    rmSync(nodeDir, { recursive: true, force: true });
  });

  it('creates a cluster: job tasks stream live, the cluster becomes ACTIVE with the playbook inventory', async () => {
    const created = await api('POST', '/api/clusters', createBody(name));
    assert.equal(created.status, 202, JSON.stringify(created.body));
    assert.equal((await cluster()).status, 'CREATING');

    // An overlapping operation is refused while the create runs, naming the blocking job.
    const overlap = await api('DELETE', `/api/clusters/${name}`);
    assert.equal(overlap.status, 409);
    assert.match(overlap.body.error.message, new RegExp(`active CREATE_CLUSTER job \\(${created.body.job_id}\\)`));

    const run = await follow(created.body.job_id);
    assert.equal(run.job.status, 'SUCCEEDED', run.tasks.map((t) => `${t.name} ${t.detail ?? ''}`).join('\n'));
    assert.ok(run.pollsWithNews >= 3 && run.seenWhileRunning > 0, `tasks arrived incrementally (${run.pollsWithNews} polls)`);
    const names = run.tasks.map((t) => t.name);
    for (const n of ['PLAYBOOK CREATE_CLUSTER', 'PLAY [Deploy CockroachDB (test double)]', 'TASK [Write the node configuration]', 'PLAY RECAP', 'SUCCEEDED']) {
      assert.ok(names.includes(n), `task ${n} in ${names.join(' | ')}`);
    }
    assert.ok(run.tasks.every((t) => !String(t.detail ?? '').includes('PRIVATE KEY')), 'no secret in tasks');

    const c = await cluster();
    assert.equal(c.status, 'ACTIVE');
    assert.deepEqual(c.cluster_inventory, [{ cloud: 'test', region: 'local', nodes: ['127.0.0.1', '127.0.0.2', '127.0.0.3'] }]);
    assert.deepEqual(c.lbs_inventory, [{ cloud: 'test', region: 'local', dns_address: `lb.local.${name}.test` }]);
    assert.equal(c.total_nodes, 3);
    assert.equal(c.encrypted_sql_password, undefined);
    assert.equal(c.encrypted_ca_key, undefined);
    assert.match(c.ca_cert, /BEGIN CERTIFICATE/);
    // The playbook really ran on the nodes over SSH, with the extra vars of the contract.
    assert.deepEqual(nodeJson('127.0.0.3'), {
      version: 'v24.1.3', cloud: 'test', region: 'local', nodes: 3, organization: '', users: ['cp_service', 'dba'], ssh_host: '127.0.0.1',
    });
    assert.equal(readFileSync(`${nodeDir}/127.0.0.2/ca.crt`, 'utf8'), c.ca_cert);

    // Another group's caller cannot see it, nor operate on it.
    assert.equal((await api('GET', `/api/clusters/${name}`, undefined, other)).status, 404);
    assert.equal((await api('DELETE', `/api/clusters/${name}`, undefined, other)).status, 404);
    const list = await api('GET', '/api/clusters?name_prefix=life-');
    assert.ok(list.body.items.some((x: Json) => x.cluster_id === name));
    assert.ok(!(await api('GET', '/api/clusters', undefined, other)).body.items.some((x: Json) => x.cluster_id === name));
  });

  it('health check flips ACTIVE → UNHEALTHY → ACTIVE against the nodes\' /health?ready=1', async () => {
    const check = async (jobId: string) => {
      await waitFor(() => pg.db.query<{ status: string }>(`SELECT status FROM jobs WHERE job_id = $1`, [jobId]), (r) => r.rows[0]?.status === 'SUCCEEDED', 'health job');
      return cluster();
    };
    // First through the production schedule (as the scheduler fires it), then a direct enqueue.
    await registerSchedules(pg.db, [{ ...HEALTHCHECK_SCHEDULE, firstRunDelaySeconds: 0 }]);
    health.setReady('127.0.0.2', false);
    assert.equal(await createScheduler({ db: pg.db, queue: worker.queue, logger: createLogger('silent') }, { pollMs: 1_000 }).tick(), 1);
    const fired = await pg.db.query<{ job_id: string }>(`SELECT job_id FROM jobs WHERE kind = $1 AND schedule_name = 'cluster-healthcheck'`, [HEALTHCHECK_CLUSTERS]);
    const down = await check(fired.rows[0]!.job_id);
    assert.equal(down.status, 'UNHEALTHY');
    assert.match(down.status_reason, /127\.0\.0\.2 \(HTTP 503\)/);
    health.setReady('127.0.0.2', true);
    const { jobId } = await worker.queue.transaction((tx) => worker.queue.enqueue(tx, { kind: HEALTHCHECK_CLUSTERS, payload: {}, createdBy: 'test' }));
    const up = await check(jobId);
    assert.equal(up.status, 'ACTIVE');
    assert.equal(up.status_reason, null);
    assert.deepEqual(up.health['127.0.0.2'], { ready: true, status: 200 });
  });

  it('scales out (disk + nodes) and in (nodes) with a new region, each step through its playbook', async () => {
    const dry = await api('POST', `/api/clusters/${name}/scale?dry_run=true`, { node_count: 4, node_cpus: 2, disk_size: 20, regions: ['test:local'] });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual(dry.body.steps.map((s: Json) => [s.step, s.playbook]), [['disk_size', 'SCALE_DISK_SIZE'], ['nodes_out', 'SCALE_CLUSTER_OUT']]);
    assert.ok(dry.body.checks.some((c: Json) => c.check === 'playbook SCALE_CLUSTER_OUT'));
    assert.equal((await cluster()).status, 'ACTIVE', 'a dry run changes nothing');

    const noop = await api('POST', `/api/clusters/${name}/scale`, { node_count: 3, node_cpus: 2, disk_size: 10, regions: ['test:local'] });
    assert.equal(noop.status, 400);

    const out = await api('POST', `/api/clusters/${name}/scale`, { node_count: 4, node_cpus: 2, disk_size: 20, regions: ['test:local'] });
    assert.equal(out.status, 202, JSON.stringify(out.body));
    const runOut = await follow(out.body.job_id);
    assert.equal(runOut.job.status, 'SUCCEEDED', runOut.tasks.map((t) => `${t.name} ${t.detail ?? ''}`).join('\n'));
    let c = await cluster();
    assert.equal(c.status, 'ACTIVE');
    assert.equal(c.disk_size, 20);
    assert.equal(c.node_count, 4);
    assert.deepEqual(c.cluster_inventory[0].nodes, ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4']);
    assert.equal(readFileSync(`${nodeDir}/127.0.0.1/disk_size`, 'utf8'), '20');
    assert.ok(existsSync(`${nodeDir}/127.0.0.4/joined`) && !existsSync(`${nodeDir}/127.0.0.1/joined`), 'only the new node joined');
    assert.equal(readFileSync(`${nodeDir}/127.0.0.4/ca.crt`, 'utf8'), c.ca_cert, 'the new node got the cluster CA cp generated');

    const inAdd = await api('POST', `/api/clusters/${name}/scale`, { node_count: 2, node_cpus: 2, disk_size: 20, regions: ['test:local', 'test:remote'] });
    assert.equal(inAdd.status, 202, JSON.stringify(inAdd.body));
    const runIn = await follow(inAdd.body.job_id);
    assert.equal(runIn.job.status, 'SUCCEEDED', runIn.tasks.map((t) => `${t.name} ${t.detail ?? ''}`).join('\n'));
    assert.deepEqual(runIn.tasks.filter((t) => String(t.name).startsWith('PLAYBOOK')).map((t) => t.name), ['PLAYBOOK SCALE_CLUSTER_IN', 'PLAYBOOK SCALE_CLUSTER_OUT']);
    c = await cluster();
    assert.equal(c.status, 'ACTIVE');
    assert.deepEqual(c.regions, ['test:local', 'test:remote']);
    assert.deepEqual(c.cluster_inventory, [
      { cloud: 'test', region: 'local', nodes: ['127.0.0.1', '127.0.0.2'] },
      { cloud: 'test', region: 'remote', nodes: ['127.0.0.3', '127.0.0.4'] },
    ]);
    assert.equal(nodeJson('127.0.0.3').region, 'remote');
  });

  it('upgrades to the next major without finalizing, then finalizes', async () => {
    const options = await api('GET', `/api/clusters/${name}/options`);
    assert.deepEqual(options.body.upgrade_versions, ['v24.1.4', 'v24.1.20', 'v24.2.0'], 'patches (incl. the seeded v24.1.20) and the next major, oldest first');
    const bad = await api('POST', `/api/clusters/${name}/upgrade`, { version: 'v24.3.1', auto_finalize: false });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /allowed: v24\.1\.4, v24\.1\.20, v24\.2\.0/);

    const plan = await api('POST', `/api/clusters/${name}/upgrade?dry_run=true`, { version: 'v24.2.0', auto_finalize: false });
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    assert.deepEqual(plan.body.steps.map((s: Json) => s.playbook), ['UPGRADE_CLUSTER']);
    assert.match(plan.body.steps[0].description, /v24\.1\.3 → v24\.2\.0; then finalize/);
    assert.ok(plan.body.checks.some((c: Json) => c.check === 'upgrade path allowed'));

    const up = await api('POST', `/api/clusters/${name}/upgrade`, { version: 'v24.2.0', auto_finalize: false });
    assert.equal(up.status, 202, JSON.stringify(up.body));
    const run = await follow(up.body.job_id);
    assert.equal(run.job.status, 'SUCCEEDED', run.tasks.map((t) => `${t.name} ${t.detail ?? ''}`).join('\n'));
    let c = await cluster();
    assert.deepEqual([c.status, c.version, c.previous_version, c.upgrade_finalized], ['ACTIVE', 'v24.2.0', 'v24.1.3', false]);
    assert.equal(nodeJson('127.0.0.4').version, 'v24.2.0');
    assert.ok(existsSync(`${nodeDir}/127.0.0.1/preserve_downgrade_option`));
    assert.equal((await api('GET', `/api/clusters/${name}/options`)).body.can_finalize, true);
    assert.equal((await api('POST', `/api/clusters/${name}/upgrade`, { version: 'v24.3.1', auto_finalize: true })).status, 409);

    const fin = await api('POST', `/api/clusters/${name}/finalize`);
    assert.equal(fin.status, 202, JSON.stringify(fin.body));
    assert.equal((await follow(fin.body.job_id)).job.status, 'SUCCEEDED');
    c = await cluster();
    assert.deepEqual([c.status, c.version, c.previous_version, c.upgrade_finalized], ['ACTIVE', 'v24.2.0', null, true]);
    assert.ok(!existsSync(`${nodeDir}/127.0.0.1/preserve_downgrade_option`));
    assert.equal((await api('POST', `/api/clusters/${name}/finalize`)).status, 409);
  });

  it('serves Prometheus SD with the bearer token or an API key, never anonymously', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/api/prom-targets' })).statusCode, 401);
    const wrong = await app.inject({ method: 'GET', url: '/api/prom-targets', headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.statusCode, 401);
    const bearer = await app.inject({ method: 'GET', url: '/api/prom-targets', headers: { authorization: 'Bearer sd-token-1' } });
    assert.equal(bearer.statusCode, 200);
    const signed = await api('GET', '/api/prom-targets');
    assert.equal(signed.status, 200);
    const mine = (signed.body as unknown as Json[]).find((t) => t.labels.cluster === name);
    assert.deepEqual(mine?.targets, ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'].map((ip) => `${ip}:${health.port}`));
  });

  it('deletes the cluster through its playbook; the history stays', async () => {
    const dry = await api('DELETE', `/api/clusters/${name}?dry_run=true`);
    assert.deepEqual(dry.body.steps.map((s: Json) => s.playbook), ['DELETE_CLUSTER']);
    const del = await api('DELETE', `/api/clusters/${name}`);
    assert.equal(del.status, 202);
    assert.equal((await follow(del.body.job_id)).job.status, 'SUCCEEDED');
    const c = await cluster();
    assert.equal(c.status, 'DELETED');
    assert.ok(c.deleted_at);
    assert.ok(!existsSync(`${nodeDir}/127.0.0.1`), 'nodes destroyed over SSH');
    const jobs = await api('GET', `/api/clusters/${name}/jobs`);
    assert.deepEqual(jobs.body.items.map((j: Json) => j.kind).reverse(), [
      'CREATE_CLUSTER', 'SCALE_CLUSTER', 'SCALE_CLUSTER', 'UPGRADE_CLUSTER', 'FINALIZE_UPGRADE', 'DELETE_CLUSTER',
    ]);
    const events = await pg.db.query<{ action: string; details: Json }>(`SELECT action, details FROM event_log WHERE cluster_id = $1 ORDER BY ts`, [name]);
    assert.deepEqual(events.rows.map((e) => e.action), [
      'CLUSTER_CREATE_REQUESTED', 'CLUSTER_SCALE_REQUESTED', 'CLUSTER_SCALE_REQUESTED', 'CLUSTER_UPGRADE_REQUESTED',
      'CLUSTER_FINALIZE_REQUESTED', 'CLUSTER_DELETE_REQUESTED',
    ]);
    assert.ok(events.rows.every((e) => typeof e.details.job_id === 'string'));
  });
});
