// A managed cluster cp can talk to, end to end: the API creates a cluster with the test playbooks, which start real
// CockroachDB stand-in nodes on the sshd test hosts (TLS SQL on :26257, HTTPS on :8080, an haproxy per region); cp
// then reaches them only through its managed-cluster SQL client (src/infra/cockroach). Asserted here as a user sees
// it: the live overview (every node live, the deployed version), a node that stops shows as dead and blocks a
// scale-in, failover across load balancer and nodes, 503 naming the cluster within the connect timeout, a server
// certificate from another CA refused, and the admin SQL login whose password rotation really changes it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { generateClusterCa } from '../../../src/infra/crypto/cluster-ca.js';
import { createKeyring, createSecretBox } from '../../../src/infra/crypto/secrets.js';
import { buildTestApp, testConfig } from '../../helpers/app.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { createBody, installFixturePlaybooks, seedClusterConfig, startClusterWorker, stopStandinNode, TEST_NODES_DIR } from '../../helpers/clusters.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { waitFor } from '../../helpers/wait.js';

// Responses are checked field by field against literal expectations, so they are handled as loose JSON here.
/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

describe('a managed cluster cp can talk to (stand-in nodes over SSH, TLS SQL)', () => {
  let db: TestPg;
  let app: FastifyInstance;
  let key: TestApiKey;
  let reader: TestApiKey;
  let worker: ReturnType<typeof startClusterWorker>;
  const name = `live-${randomBytes(3).toString('hex')}`;

  const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, as: TestApiKey = key) => {
    const res = await signedInject(app, as, { method, url, ...(payload === undefined ? {} : { payload }) });
    return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json<Json>() : res.body as unknown as Json, raw: res };
  };
  const waitForJob = async (jobId: string) =>
    (await waitFor(async () => (await api('GET', `/api/jobs/${jobId}`)).body, (b) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(b.job?.status ?? b.status),
      `job ${jobId} to end`, 180_000));
  const cluster = async () => (await db.db.query<Json>(`SELECT * FROM clusters WHERE cluster_id = $1`, [name])).rows[0]!;

  before(async () => {
    db = await createMigratedPg('cluster_live');
    await seedClusterConfig(db.db);
    await installFixturePlaybooks(db.db);
    // A short connect timeout keeps the "all unreachable" case quick; the failover case must still fit inside it.
    await db.db.query(`UPDATE settings SET value = '3' WHERE key = 'cluster.sql_connect_timeout_seconds'`);
    const config = testConfig();
    const secrets = createSecretBox(createKeyring(config.masterKey!));
    worker = startClusterWorker(db.db, secrets);
    ({ app } = await buildTestApp(db.db, { settingsTtlMs: 0, jobs: worker.jobs, config }));
    key = await createTestApiKey(db.db, secrets, { roles: ['CP_USER'], groups: ['team-a'] });
    reader = await createTestApiKey(db.db, secrets, { roles: ['CP_READONLY'], groups: ['team-a'] });
  });

  after(async () => {
    // Whatever happened, the cluster's nodes and load balancers must not outlive the suite.
    if (app && (await cluster().catch(() => undefined))?.status !== 'DELETED') {
      const del = await api('DELETE', `/api/clusters/${name}`).catch(() => undefined);
      if (del?.status === 202) await waitForJob(del.body.job_id).catch(() => undefined);
    }
    await worker?.worker.stop();
    await app?.close();
    await db?.close();
  });

  let overview: Json;

  it('creates the cluster: real nodes run and the overview shows every node live with the deployed version', async () => {
    const created = await api('POST', '/api/clusters', createBody(name, { version: 'v24.1.3' }));
    assert.equal(created.status, 202, JSON.stringify(created.body));
    const job = await waitForJob(created.body.job_id);
    assert.equal(job.job?.status ?? job.status, 'SUCCEEDED', JSON.stringify(job));
    assert.equal((await cluster()).status, 'ACTIVE');

    const res = await api('GET', `/api/clusters/${name}/overview`, undefined, reader);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    overview = res.body;
    assert.equal(overview.nodes.length, 3);
    for (const n of overview.nodes) {
      assert.equal(n.is_live, true, `node ${n.node_id} live`);
      assert.equal(n.build_tag, 'v24.1.3');
      assert.match(n.locality, /region=local/);
      assert.ok(n.capacity_bytes > 0 && n.available_bytes > 0, 'store capacity reported');
    }
    assert.equal(overview.cluster_version, '24.1');
    assert.equal(overview.awaiting_finalization, false);
    assert.equal(overview.totals.live_nodes, 3);
    assert.equal(overview.totals.ranges_underreplicated, 0);
    assert.equal(overview.safe_to_operate, true, overview.reasons.join('; '));
    assert.match(overview.connected_via, /:26257$/);
    // cp went through the load balancer the playbook reported, not straight to a node.
    assert.equal(overview.connected_via, `${(await cluster()).lbs_inventory[0].dns_address}:26257`);
  });

  it('the admin user logs in with the rotated password; the previous one stops working', async () => {
    const conn = await api('GET', `/api/clusters/${name}/connection`);
    assert.equal(conn.status, 200, JSON.stringify(conn.body));
    assert.equal(conn.body.username, 'dbadmin');
    assert.match(conn.body.ca_cert, /BEGIN CERTIFICATE/);
    const region = conn.body.regions[0];
    assert.equal(region.via, 'load_balancer');
    assert.match(region.psql, /^psql "postgresql:\/\/dbadmin@[\d.]+:26257\/defaultdb\?sslmode=verify-full&sslrootcert=ca\.crt"$/);
    assert.equal((await api('GET', `/api/clusters/${name}/connection`, undefined, reader)).status, 403, 'readers get no connection details');
    const ca = await api('GET', `/api/clusters/${name}/connection/ca.crt`);
    assert.equal(ca.status, 200);
    assert.equal(ca.raw.body, conn.body.ca_cert);

    const login = async (password: string) => {
      const c = new pg.Client({ host: region.host, port: region.port, user: 'dbadmin', password, database: 'defaultdb', ssl: { ca: conn.body.ca_cert }, connectionTimeoutMillis: 5_000 });
      try {
        await c.connect();
        return (await c.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
      } finally {
        await c.end().catch(() => undefined);
      }
    };
    const first = await api('POST', `/api/clusters/${name}/connection/password`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(await login(first.body.password), 'dbadmin');
    const second = await api('POST', `/api/clusters/${name}/connection/password`);
    assert.notEqual(second.body.password, first.body.password);
    assert.equal(await login(second.body.password), 'dbadmin');
    await assert.rejects(login(first.body.password), (e: Json) => e.code === '28P01');

    const events = (await db.db.query<Json>(`SELECT action, details::text AS d FROM event_log WHERE cluster_id = $1 AND action = 'CLUSTER_ADMIN_PASSWORD_ROTATED'`, [name])).rows;
    assert.equal(events.length, 2);
    for (const e of events) assert.ok(!e.d.includes(first.body.password) && !e.d.includes(second.body.password), 'no password in the audit');
  });

  /** An address that accepts TCP and then never answers (a hung load balancer): only the connect timeout ends it. */
  const silentListener = async (host: string) => {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    await new Promise<void>((resolve) => server.listen(26257, host, resolve));
    return { close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }) };
  };

  it('fails over: with the first load balancer hung the overview still answers, well within the connect timeout', async () => {
    const lbs = (await cluster()).lbs_inventory;
    const hung = await silentListener('127.254.254.253');
    await db.db.query(`UPDATE clusters SET lbs_inventory = $2 WHERE cluster_id = $1`, [name, JSON.stringify([{ ...lbs[0], dns_address: '127.254.254.253' }, ...lbs])]);
    try {
      const t0 = Date.now();
      const res = await api('GET', `/api/clusters/${name}/overview`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.nodes.length, 3);
      assert.equal(res.body.connected_via, `${lbs[0].dns_address}:26257`, 'the next address (the real load balancer) answered');
      assert.ok(Date.now() - t0 < 3_000, `answered in ${Date.now() - t0} ms despite the hung first address`);
    } finally {
      await hung.close();
      await db.db.query(`UPDATE clusters SET lbs_inventory = $2 WHERE cluster_id = $1`, [name, JSON.stringify(lbs)]);
    }
  });

  it('answers 503 naming the cluster, within the connect timeout, when no address answers', async () => {
    const c = await cluster();
    const hung = await silentListener('127.254.254.3');
    await db.db.query(`UPDATE clusters SET lbs_inventory = '[]', cluster_inventory = $2 WHERE cluster_id = $1`,
      [name, JSON.stringify([{ cloud: 'test', region: 'local', nodes: ['127.254.254.1', '127.254.254.2', '127.254.254.3'] }])]);
    try {
      const t0 = Date.now();
      const res = await api('GET', `/api/clusters/${name}/overview`);
      const took = Date.now() - t0;
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.match(res.body.error.message, new RegExp(`Cluster "${name}" is unreachable: 127\\.254\\.254\\.1:26257 \\(connection refused\\); 127\\.254\\.254\\.2:26257`));
      assert.match(res.body.error.message, /127\.254\.254\.3:26257 \(no answer within the connect timeout\)/);
      assert.ok(took >= 2_500 && took < 3_000 + 1_000, `answered in ${took} ms (connect timeout 3 s, one address hung)`);
    } finally {
      await hung.close();
      await db.db.query(`UPDATE clusters SET lbs_inventory = $2, cluster_inventory = $3 WHERE cluster_id = $1`,
        [name, JSON.stringify(c.lbs_inventory), JSON.stringify(c.cluster_inventory)]);
    }
  });

  it('refuses a node whose certificate comes from a different CA', async () => {
    const real = (await cluster()).ca_cert;
    const other = await generateClusterCa('someone-else');
    await db.db.query(`UPDATE clusters SET ca_cert = $2 WHERE cluster_id = $1`, [name, other.cert]);
    try {
      const res = await api('GET', `/api/clusters/${name}/overview`);
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.match(res.body.error.message, /TLS certificate not trusted/);
    } finally {
      await db.db.query(`UPDATE clusters SET ca_cert = $2 WHERE cluster_id = $1`, [name, real]);
    }
    assert.equal((await api('GET', `/api/clusters/${name}/overview`)).status, 200, 'trusted again with the right CA');
  });

  it('a stopped node shows as dead, the verdict says why, and scale-in and upgrade refuse', async () => {
    const victim = overview.nodes[2];
    const ip = String(victim.sql_address).split(':')[0]!;
    await stopStandinNode(`${TEST_NODES_DIR}/${name}`, ip);
    const dead = (await waitFor(async () => (await api('GET', `/api/clusters/${name}/overview`)).body,
      (b) => b.nodes?.find((x: Json) => x.node_id === victim.node_id)?.is_live === false, `node ${victim.node_id} to be dead`, 60_000));
    assert.equal(dead.totals.live_nodes, 2);
    assert.equal(dead.safe_to_operate, false);
    assert.ok(dead.reasons.some((r: string) => r.includes(`node ${victim.node_id}`) && r.includes('not live')), dead.reasons.join('; '));

    const scaleIn = await api('POST', `/api/clusters/${name}/scale?dry_run=true`, { node_count: 2, node_cpus: 2, disk_size: 10, regions: ['test:local', 'test:remote'] });
    assert.equal(scaleIn.status, 409, JSON.stringify(scaleIn.body));
    assert.match(scaleIn.body.error.message, /live node/);
    const upgrade = await api('POST', `/api/clusters/${name}/upgrade?dry_run=true`, { version: 'v24.1.4', auto_finalize: true });
    assert.equal(upgrade.status, 409, JSON.stringify(upgrade.body));
    assert.match(upgrade.body.error.message, /not live/);
    assert.equal((await db.db.query<Json>(`SELECT count(*)::int AS n FROM jobs WHERE cluster_id = $1 AND kind IN ('SCALE_CLUSTER', 'UPGRADE_CLUSTER')`, [name])).rows[0]!.n, 0);
  });

  it('deletes the cluster: its nodes stop and the overview is gone', async () => {
    const del = await api('DELETE', `/api/clusters/${name}`);
    assert.equal(del.status, 202, JSON.stringify(del.body));
    const job = await waitForJob(del.body.job_id);
    assert.equal(job.job?.status ?? job.status, 'SUCCEEDED');
    assert.equal((await api('GET', `/api/clusters/${name}/overview`)).status, 404);
    const leftover = readFileSync('/proc/net/tcp', 'utf8');
    for (const n of overview.nodes) {
      const [ip] = String(n.sql_address).split(':');
      const hex = ip!.split('.').map((o) => Number(o).toString(16).padStart(2, '0').toUpperCase()).reverse().join('');
      assert.ok(!leftover.includes(`${hex}:6689`), `nothing listens on ${ip}:26257 any more`);
    }
  });
});
