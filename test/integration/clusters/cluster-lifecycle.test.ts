// The whole lifecycle against the real thing: HTTP API signed with an API key → exclusive jobs → the real worker →
// ansible-playbook over SSH to the sshd test hosts running the fixture playbooks (same contract as production), which
// start real CockroachDB stand-in nodes (tools/cockroach-standin) and an HAProxy per region on loopback addresses.
// create → health flips (a drained node) → scale out → scale in + add region → scale in → upgrade → finalize →
// delete, with job tasks watched incrementally (?after_seq=) while the playbooks run, and the nodes' own view checked
// through their `cockroach` CLI (node status, SHOW USERS, the cluster setting the upgrade pins).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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
import pgLib from 'pg';
import {
  createBody, destroyTestCluster, dropStandinCluster, installFixturePlaybooks, nodeCockroach, nodeSql, restartNode, seedClusterConfig,
  startClusterWorker, TEST_NODES_DIR,
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
  let ips: string[] = [];
  let caCert: string | null = null;
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
    // A guard against a hung job, not a timing goal: a loaded CI machine runs playbooks several times slower.
    for (const deadline = Date.now() + 300_000; Date.now() < deadline;) {
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
  const prefix = () => ips[0]!.split('.').slice(0, 3).join('.');
  const allNodes = (c: Json): string[] => c.cluster_inventory.flatMap((g: Json) => g.nodes);
  const nodeJson = (ip: string) => JSON.parse(readFileSync(`${nodeDir}/${ip}/node.json`, 'utf8')) as Json;
  /** `cockroach node status` rows (id, address, …, is_live) as seen from node `ip`. */
  const nodeStatus = async (ip: string) => {
    const r = await nodeCockroach(name, ip, ['node', 'status']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
  };

  before(async () => {
    pg = await createMigratedPg('clusters_life');
    await seedClusterConfig(pg.db);
    await installFixturePlaybooks(pg.db);
    // cp probes the real nodes: CockroachDB's /health?ready=1 over HTTPS on :8080, verified against the cluster CA.
    const config = testConfig({ CP_HEALTHCHECK_SCHEME: 'https', CP_HEALTHCHECK_PORT: '8080' });
    const secrets = createSecretBox(createKeyring(config.masterKey!));
    worker = startClusterWorker(pg.db, secrets);
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
    await pg?.close();
    // DELETE_CLUSTER stops the nodes; if a step failed before it, nothing may outlive the suite.
    await destroyTestCluster(name);
    await dropStandinCluster(caCert);
  });

  it('creates a cluster: job tasks stream live, the cluster becomes ACTIVE with the playbook inventory', async () => {
    const created = await api('POST', '/api/clusters', createBody(name));
    assert.equal(created.status, 202, JSON.stringify(created.body));
    assert.equal((await cluster()).status, 'CREATING');

    // An overlapping operation is refused while the create runs, naming the blocking job.
    const overlap = await api('DELETE', `/api/clusters/${name}`);
    assert.equal(overlap.status, 409, JSON.stringify(overlap.body));
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
    caCert = c.ca_cert;
    // Each node got its own loopback address in one block 127.<a>.<b>.x (a ≥ 1: never the sshd hosts' 127.0.0.x).
    const prefix = String(c.cluster_inventory[0].nodes[0]).split('.').slice(0, 3).join('.');
    assert.match(prefix, /^127\.([1-9]\d*)\.\d+$/);
    ips = [1, 2, 3, 4].map((i) => `${prefix}.${i}`);
    assert.deepEqual(c.cluster_inventory, [{ cloud: 'test', region: 'local', nodes: ips.slice(0, 3) }]);
    assert.deepEqual(c.lbs_inventory, [{ cloud: 'test', region: 'local', dns_address: `${prefix}.200` }]);
    assert.equal(c.total_nodes, 3);
    assert.equal(c.encrypted_sql_password, undefined);
    assert.equal(c.encrypted_ca_key, undefined);
    assert.match(c.ca_cert, /BEGIN CERTIFICATE/);
    // The playbook really ran on the nodes over SSH, with the extra vars of the contract.
    assert.deepEqual(nodeJson(ips[2]!), {
      version: 'v24.1.3', cloud: 'test', region: 'local', nodes: 3, organization: '', users: ['cp_service', 'dba'], ssh_host: '127.0.0.1',
    });
    assert.equal(readFileSync(`${nodeDir}/${ips[1]}/certs/ca.crt`, 'utf8'), c.ca_cert);
    // ... and the nodes are a real cluster: three live nodes of v24.1.3, the users the contract asked for.
    const status = await nodeStatus(ips[0]!);
    assert.deepEqual(status.map((r) => [r[1], r[3], r.at(-1)]).sort(), ips.slice(0, 3).map((ip) => [`${ip}:26257`, 'v24.1.3', 'true']));
    const users = (await nodeSql(name, ips[0]!, 'SHOW USERS')).map((r) => r[0]);
    assert.ok(['cp_service', 'dba'].every((u) => users.includes(u)), users.join(','));
    // The region's HAProxy forwards SQL to the nodes (TLS end to end: the node certificates name the LB address).
    const certs = `${nodeDir}/${ips[0]}/certs`;
    const viaLb = new pgLib.Client({ host: `${prefix}.200`, port: 26257, user: 'root', database: 'defaultdb', ssl: {
      ca: c.ca_cert, cert: readFileSync(`${certs}/client.root.crt`, 'utf8'), key: readFileSync(`${certs}/client.root.key`, 'utf8'), servername: `${prefix}.200`,
    } });
    await viaLb.connect();
    assert.equal((await viaLb.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one, 1);
    await viaLb.end();

    // Another group's caller cannot see it, nor operate on it.
    assert.equal((await api('GET', `/api/clusters/${name}`, undefined, other)).status, 404);
    assert.equal((await api('DELETE', `/api/clusters/${name}`, undefined, other)).status, 404);
    const list = await api('GET', '/api/clusters?name_prefix=life-');
    assert.ok(list.body.items.some((x: Json) => x.cluster_id === name));
    assert.ok(!(await api('GET', '/api/clusters', undefined, other)).body.items.some((x: Json) => x.cluster_id === name));
  });

  it('health check flips ACTIVE → UNHEALTHY → ACTIVE against the nodes\' /health?ready=1 (a drained node)', async () => {
    const check = async (jobId: string) => {
      await waitFor(() => pg.db.query<{ status: string }>(`SELECT status FROM jobs WHERE job_id = $1`, [jobId]), (r) => r.rows[0]?.status === 'SUCCEEDED', 'health job');
      return cluster();
    };
    // First through the production schedule (as the scheduler fires it), then a direct enqueue.
    await registerSchedules(pg.db, [{ ...HEALTHCHECK_SCHEDULE, firstRunDelaySeconds: 0 }]);
    // A drained node answers ready=1 with 503 (monitoring-and-alerting.md) until it is restarted.
    const drain = await nodeCockroach(name, ips[1]!, ['node', 'drain', '--self']);
    assert.equal(drain.code, 0, drain.stderr);
    assert.equal(await createScheduler({ db: pg.db, queue: worker.queue, logger: createLogger('silent') }, { pollMs: 1_000 }).tick(), 1);
    const fired = await pg.db.query<{ job_id: string }>(`SELECT job_id FROM jobs WHERE kind = $1 AND schedule_name = 'cluster-healthcheck'`, [HEALTHCHECK_CLUSTERS]);
    const down = await check(fired.rows[0]!.job_id);
    assert.equal(down.status, 'UNHEALTHY');
    assert.match(down.status_reason, new RegExp(`${ips[1]!.replaceAll('.', '\\.')} \\(HTTP 503\\)`));
    await restartNode(name, ips[1]!);
    await waitFor(async () => (await nodeStatus(ips[0]!)).length, (n) => n === 3, 'the restarted node to rejoin');
    const { jobId } = await worker.queue.transaction((tx) => worker.queue.enqueue(tx, { kind: HEALTHCHECK_CLUSTERS, payload: {}, createdBy: 'test' }));
    const up = await check(jobId);
    assert.equal(up.status, 'ACTIVE');
    assert.equal(up.status_reason, null);
    assert.deepEqual(up.health[ips[1]!], { ready: true, status: 200 });
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
    assert.deepEqual(c.cluster_inventory[0].nodes, ips);
    assert.equal(readFileSync(`${nodeDir}/${ips[0]}/disk_size`, 'utf8'), '20');
    assert.ok(existsSync(`${nodeDir}/${ips[3]}/joined`) && !existsSync(`${nodeDir}/${ips[0]}/joined`), 'only the new node joined');
    assert.equal(readFileSync(`${nodeDir}/${ips[3]}/certs/ca.crt`, 'utf8'), c.ca_cert, 'the new node got the cluster CA cp generated');
    assert.deepEqual((await nodeStatus(ips[3]!)).map((r) => r.at(-1)), ['true', 'true', 'true', 'true'], 'four live nodes, the new one joined');

    // Scale-in runs before the new region's nodes exist: 4 → 2 local nodes would leave too few live nodes (cp asks
    // the real cluster), so cp refuses it; 4 → 3 local + 3 remote is fine.
    const tooFew = await api('POST', `/api/clusters/${name}/scale`, { node_count: 2, node_cpus: 2, disk_size: 20, regions: ['test:local', 'test:remote'] });
    assert.equal(tooFew.status, 409, JSON.stringify(tooFew.body));
    assert.match(tooFew.body.error.message, /would leave 2 live node\(s\).*needs at least 3/);
    const inAdd = await api('POST', `/api/clusters/${name}/scale`, { node_count: 3, node_cpus: 2, disk_size: 20, regions: ['test:local', 'test:remote'] });
    assert.equal(inAdd.status, 202, JSON.stringify(inAdd.body));
    const runIn = await follow(inAdd.body.job_id);
    assert.equal(runIn.job.status, 'SUCCEEDED', runIn.tasks.map((t) => `${t.name} ${t.detail ?? ''}`).join('\n'));
    assert.deepEqual(runIn.tasks.filter((t) => String(t.name).startsWith('PLAYBOOK')).map((t) => t.name), ['PLAYBOOK SCALE_CLUSTER_IN', 'PLAYBOOK SCALE_CLUSTER_OUT']);
    c = await cluster();
    assert.equal(c.status, 'ACTIVE');
    assert.deepEqual(c.regions, ['test:local', 'test:remote']);
    const six = [...ips, `${prefix()}.5`, `${prefix()}.6`];
    assert.deepEqual(c.cluster_inventory, [
      { cloud: 'test', region: 'local', nodes: six.slice(0, 3) },
      { cloud: 'test', region: 'remote', nodes: six.slice(3, 6) },
    ]);
    assert.equal(nodeJson(ips[3]!).region, 'remote');
    assert.deepEqual(c.lbs_inventory.map((l: Json) => l.dns_address), [`${prefix()}.200`, `${prefix()}.201`], 'an HAProxy for the new region');
    const localities = Object.fromEntries((await nodeStatus(ips[0]!)).map((r) => [r[1], r[6]]));
    assert.match(localities[`${ips[3]}:26257`] ?? '', /region=remote/, 'the moved node restarted with its new locality');
    assert.equal(Object.keys(localities).length, 6);

    // A plain scale-in decommissions the removed nodes (cockroach node decommission --wait=all), then stops them.
    const scaleIn = await api('POST', `/api/clusters/${name}/scale`, { node_count: 2, node_cpus: 2, disk_size: 20, regions: ['test:local', 'test:remote'] });
    assert.equal(scaleIn.status, 202, JSON.stringify(scaleIn.body));
    const runScaleIn = await follow(scaleIn.body.job_id);
    assert.equal(runScaleIn.job.status, 'SUCCEEDED', runScaleIn.tasks.map((t) => `${t.name} ${t.detail ?? ''}`).join('\n'));
    assert.ok(runScaleIn.tasks.some((t) => t.name === 'TASK [Decommission the node (its replicas move to the remaining nodes)]'));
    c = await cluster();
    assert.equal(allNodes(c).length, 4);
    assert.ok(!existsSync(`${nodeDir}/${six[4]}`) && !existsSync(`${nodeDir}/${six[5]}`), 'removed nodes are gone');
    // node status drops a decommissioned node once it is offline (its liveness record expired).
    const left = await waitFor(() => nodeStatus(ips[0]!), (rows) => rows.length === 4, 'the decommissioned nodes to leave node status', 30_000);
    assert.deepEqual(left.map((r) => r[1]).sort(), ips.map((ip) => `${ip}:26257`));
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
    assert.equal(nodeJson(ips[3]!).version, 'v24.2.0');
    assert.deepEqual((await nodeStatus(ips[0]!)).map((r) => r[3]), ['v24.2.0', 'v24.2.0', 'v24.2.0', 'v24.2.0'], 'every node restarted on v24.2.0');
    const pinned = () => nodeSql(name, ips[0]!, 'SHOW CLUSTER SETTING cluster.preserve_downgrade_option');
    assert.deepEqual(await pinned(), [['24.1']]);
    assert.equal((await api('GET', `/api/clusters/${name}/options`)).body.can_finalize, true);
    assert.equal((await api('POST', `/api/clusters/${name}/upgrade`, { version: 'v24.3.1', auto_finalize: true })).status, 409);

    const fin = await api('POST', `/api/clusters/${name}/finalize`);
    assert.equal(fin.status, 202, JSON.stringify(fin.body));
    assert.equal((await follow(fin.body.job_id)).job.status, 'SUCCEEDED');
    c = await cluster();
    assert.deepEqual([c.status, c.version, c.previous_version, c.upgrade_finalized], ['ACTIVE', 'v24.2.0', null, true]);
    assert.deepEqual(await pinned(), [['']]);
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
    assert.deepEqual(mine?.targets, ips.map((ip) => `${ip}:8080`));
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
    assert.ok(!existsSync(`${nodeDir}/${ips[0]}`), 'nodes destroyed over SSH');
    for (const ip of ips) {
      await assert.rejects(new pgLib.Client({ host: ip, port: 26257, connectionTimeoutMillis: 2_000 }).connect(), `nothing listens on ${ip}:26257`);
    }
    const jobs = await api('GET', `/api/clusters/${name}/jobs`);
    assert.deepEqual(jobs.body.items.map((j: Json) => j.kind).reverse(), [
      'CREATE_CLUSTER', 'SCALE_CLUSTER', 'SCALE_CLUSTER', 'SCALE_CLUSTER', 'UPGRADE_CLUSTER', 'FINALIZE_UPGRADE', 'DELETE_CLUSTER',
    ]);
    const events = await pg.db.query<{ action: string; details: Json }>(`SELECT action, details FROM event_log WHERE cluster_id = $1 ORDER BY ts`, [name]);
    assert.deepEqual(events.rows.map((e) => e.action), [
      'CLUSTER_CREATE_REQUESTED', 'CLUSTER_SCALE_REQUESTED', 'CLUSTER_SCALE_REQUESTED', 'CLUSTER_SCALE_REQUESTED', 'CLUSTER_UPGRADE_REQUESTED',
      'CLUSTER_FINALIZE_REQUESTED', 'CLUSTER_DELETE_REQUESTED',
    ]);
    assert.ok(events.rows.every((e) => typeof e.details.job_id === 'string'));
  });
});
