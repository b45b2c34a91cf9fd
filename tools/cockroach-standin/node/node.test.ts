// The node room end to end: three stand-in nodes of one secure cluster started as processes by `cockroach start
// --background` on their own loopback addresses, certificates from openssl, then init, SQL over TLS, the HTTP
// endpoints, node status, drain, kill -9 and liveness expiry, decommission, a foreign CA refused — and everything
// stopped at the end. Needs the PostgreSQL of scripts/services.sh (TEST_PG_URL).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { dropClusterPgDatabases } from '../catalog/pg-admin.js';
import { clusterKeyFromCa } from './cluster-key.js';
import {
  httpsGet, issueCert, loopbackPrefix, makeCa, parseVars, pidOf, portRefuses, runCockroach, stopPid, waitUntil,
} from './test-kit.js';

const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://cp:cp@127.0.0.1:5432/postgres';
const TTL_MS = 2_000;
const NOT_HEALTHY = { error: 'node is not healthy', code: 14, message: 'node is not healthy', details: [] };

// monitoring-and-alerting.md ("Events to alert on", "Prometheus endpoint") names these; sql_service_latency is the
// histogram behind the DB Console's service latency graph; store-level ones carry store="<id>", the rest node_id.
const NODE_METRICS = ['sql_select_count', 'sql_insert_count', 'sql_update_count', 'sql_delete_count', 'sql_conns', 'sql_query_count',
  'sys_cpu_user_percent', 'sys_uptime', 'liveness_livenodes', 'security_certificate_expiration_ca', 'security_certificate_expiration_node',
  'sql_service_latency_sum', 'sql_service_latency_count'];
const STORE_METRICS = ['ranges', 'ranges_underreplicated', 'ranges_unavailable', 'replicas', 'capacity', 'capacity_available', 'capacity_used'];

describe('stand-in nodes of one cluster', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'standin-node-'));
  const prefix = loopbackPrefix();
  const ips = [1, 2, 3, 4].map((i) => `${prefix}.${i}`);
  const env = { COCKROACH_STANDIN_VERSION: 'v24.3.1', COCKROACH_STANDIN_PG_URL: ADMIN_URL, COCKROACH_STANDIN_LIVENESS_TTL_MS: String(TTL_MS) };
  const certs = (i: number) => join(dir, `n${i}`, 'certs');
  const pidFile = (i: number) => join(dir, `n${i}`, 'cockroach.pid');
  const started = new Set<number>();
  /** Node ids follow registration order, not the start order: node i (ips[i-1]) → its id, read from node status. */
  const id: Record<number, number> = {};
  const learnIds = async () => {
    const r = await runCockroach(['node', 'status', `--certs-dir=${certs(1)}`, `--host=${ips[0]}:26257`], env);
    for (const line of r.stdout.trimEnd().split('\n').slice(1)) {
      const [nodeId, address] = line.split('\t');
      id[ips.indexOf(address!.replace(/:26257$/, '')) + 1] = Number(nodeId);
    }
  };
  let ca = '';
  const cli = (args: string[]) => runCockroach(args, env);
  const ready = async (i: number) => (await httpsGet(`https://${ips[i - 1]}:8080/health?ready=1`, ca).catch(() => ({ status: 0, body: '' })));
  const vars = async (i: number) => parseVars((await httpsGet(`https://${ips[i - 1]}:8080/_status/vars`, ca)).body);
  const connectRoot = async (i: number, certsDir = certs(i)) => {
    const c = new pg.Client({
      host: ips[i - 1], port: 26257, user: 'root', database: 'defaultdb',
      ssl: { ca: readFileSync(join(certsDir, 'ca.crt'), 'utf8'), cert: readFileSync(join(certsDir, 'client.root.crt'), 'utf8'),
        key: readFileSync(join(certsDir, 'client.root.key'), 'utf8'), servername: ips[i - 1] },
    });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };
  const start = async (i: number, extra: string[] = []) => {
    const r = await cli(['start', '--background', `--certs-dir=${certs(i)}`, `--store=${join(dir, `n${i}`, 'store')}`, `--listen-addr=${ips[i - 1]}:26257`,
      `--http-addr=${ips[i - 1]}:8080`, `--join=${ips.slice(0, 3).map((ip) => `${ip}:26257`).join(',')}`, `--locality=region=test,zone=z${i}`,
      `--pid-file=${pidFile(i)}`, ...extra]);
    if (r.code === 0) started.add(pidOf(pidFile(i)));
    return r;
  };

  before(() => {
    const caDir = makeCa(join(dir, 'ca'));
    for (const i of [1, 2, 3, 4]) {
      issueCert(caDir, certs(i), 'node', 'node', `IP:${ips[i - 1]},DNS:localhost,IP:127.0.0.1`);
      issueCert(caDir, certs(i), 'client.root', 'root');
    }
    const other = makeCa(join(dir, 'other-ca'), 'Someone else');
    issueCert(other, join(dir, 'foreign'), 'client.root', 'root');
    ca = readFileSync(join(caDir, 'ca.crt'), 'utf8');
  });

  after(async () => {
    await Promise.all([...started].map((pid) => stopPid(pid)));
    for (const ip of ips) {
      assert.ok(await portRefuses(ip, 26257), `nothing listens on ${ip}:26257 after the suite`);
      assert.ok(await portRefuses(ip, 8080), `nothing listens on ${ip}:8080 after the suite`);
    }
    await dropClusterPgDatabases(ADMIN_URL, clusterKeyFromCa(certs(1)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts three nodes in the background; before init /health is 200, ready=1 is 503 and SQL is refused', async () => {
    const results = await Promise.all([1, 2, 3].map((i) => start(i)));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.match(results[0]!.stdout, /initial startup completed/);
    assert.equal((await httpsGet(`https://${ips[0]}:8080/health`, ca)).status, 200);
    const r = await ready(1);
    assert.equal(r.status, 503);
    assert.deepEqual(JSON.parse(r.body), NOT_HEALTHY);
    await assert.rejects(connectRoot(1));
    assert.equal((await httpsGet(`https://${ips[0]}:8080/nope`, ca)).status, 404);
  });

  it('refuses a second node on a taken port, naming the problem', async () => {
    const r = await cli(['start', '--background', `--certs-dir=${certs(4)}`, `--store=${join(dir, 'dup')}`, `--listen-addr=${ips[0]}:26257`,
      `--http-addr=${ips[3]}:8080`, `--join=${ips[0]}:26257`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /address already in use/);
  });

  it('init makes every node ready; a second init fails as CockroachDB does', async () => {
    const init = await cli(['init', `--certs-dir=${certs(1)}`, `--host=${ips[1]}:26257`]);
    assert.equal(init.code, 0, init.stderr);
    assert.equal(init.stdout, 'Cluster successfully initialized\n');
    for (const i of [1, 2, 3]) await waitUntil(`node ${i} ready`, () => ready(i), (x) => x.status === 200);
    assert.equal((await ready(1)).body.trim(), '{}');
    const again = await cli(['init', `--certs-dir=${certs(1)}`, `--host=${ips[0]}:26257`]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^ERROR: cluster has already been initialized\nFailed running "init"/);
    await learnIds();
    assert.deepEqual(Object.values(id).sort(), [1, 2, 3]);
    assert.deepEqual(JSON.parse((await httpsGet(`https://${ips[0]}:8080/health`, ca)).body), { nodeId: id[1] });
  });

  it('serves SQL over TLS to root by client certificate; /_status/vars counts what this node served', async () => {
    const before = await vars(1);
    const c = await connectRoot(1);
    await c.query('CREATE TABLE kv (k INT PRIMARY KEY, v TEXT)');
    for (let k = 0; k < 3; k++) await c.query('INSERT INTO kv VALUES ($1, $2)', [k, `v${k}`]);
    for (let k = 0; k < 5; k++) assert.equal((await c.query('SELECT v FROM kv WHERE k = $1', [1])).rows[0]?.v, 'v1');
    await c.end();
    const now = await vars(1);
    const key = (name: string) => `${name}{node_id="${id[1]}"}`;
    for (const name of NODE_METRICS) assert.ok(key(name) in now, `${name} exported with node_id`);
    for (const name of STORE_METRICS) assert.ok(`${name}{store="${id[1]}"}` in now, `${name} exported with store`);
    assert.ok(now[key('sql_select_count')]! - (before[key('sql_select_count')] ?? 0) >= 5);
    assert.ok(now[key('sql_insert_count')]! - (before[key('sql_insert_count')] ?? 0) >= 3);
    assert.ok(now[key('sql_service_latency_count')]! > (before[key('sql_service_latency_count')] ?? 0));
    assert.ok(`sql_service_latency_bucket{node_id="${id[1]}",le="+Inf"}` in now);
    assert.equal(now[`capacity{store="${id[1]}"}`], 10 * 1024 ** 3);
    assert.equal(now[key('liveness_livenodes')], 3);
    assert.equal((await vars(2))[`sql_insert_count{node_id="${id[2]}"}`], 0, 'node 2 served none of it');

    const sql = await cli(['sql', `--certs-dir=${certs(2)}`, `--host=${ips[1]}:26257`, '-e', 'SELECT k, v FROM kv ORDER BY k']);
    assert.equal(sql.code, 0, sql.stderr);
    assert.equal(sql.stdout, 'k\tv\n0\tv0\n1\tv1\n2\tv2\n');
  });

  it('node status prints the documented columns', async () => {
    const plain = await cli(['node', 'status', `--certs-dir=${certs(1)}`, `--host=${ips[0]}:26257`]);
    assert.equal(plain.code, 0, plain.stderr);
    const [header, ...rows] = plain.stdout.trimEnd().split('\n');
    assert.deepEqual(header!.split('\t'), ['id', 'address', 'sql_address', 'build', 'started_at', 'updated_at', 'locality', 'is_available', 'is_live']);
    assert.equal(rows.length, 3);
    const row1 = rows.find((r) => r.startsWith(`${id[1]}\t`))!;
    assert.deepEqual(row1.split('\t').slice(0, 4), [String(id[1]), `${ips[0]}:26257`, `${ips[0]}:26257`, 'v24.3.1']);
    assert.match(row1, /\tregion=test,zone=z1\ttrue\ttrue$/);
    const all = await cli(['node', 'status', '--all', '--format=csv', `--certs-dir=${certs(1)}`, `--host=${ips[0]}:26257`]);
    assert.deepEqual(all.stdout.split('\n')[0]!.split(',').slice(9), ['replicas_leaders', 'replicas_leaseholders', 'ranges', 'ranges_unavailable',
      'ranges_underreplicated', 'live_bytes', 'key_bytes', 'value_bytes', 'intent_bytes', 'system_bytes', 'gossiped_replicas', 'is_decommissioning',
      'membership', 'is_draining']);
    assert.equal((await cli(['node', 'status', '--bogus', `--certs-dir=${certs(1)}`])).stderr.split('\n')[0], 'ERROR: unknown flag: --bogus');
  });

  it('drain: ready=1 turns 503 and new SQL sessions are refused', async () => {
    const d = await cli(['node', 'drain', '--self', `--certs-dir=${certs(3)}`, `--host=${ips[2]}:26257`]);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /drain ok/);
    assert.equal((await ready(3)).status, 503);
    await assert.rejects(connectRoot(3));
    assert.equal((await ready(1)).status, 200);
  });

  it('kill -9: the node is not live once its liveness record expires', async () => {
    const pid = pidOf(pidFile(2));
    await stopPid(pid, 'SIGKILL');
    started.delete(pid);
    const status = () => cli(['node', 'status', '--format=csv', `--certs-dir=${certs(1)}`, `--host=${ips[0]}:26257`]);
    const row2 = (out: string) => out.split('\n').find((l) => l.startsWith(`${id[2]},`)) ?? '';
    await waitUntil('node 2 not live', status, (r) => row2(r.stdout).endsWith(',false,false'), TTL_MS * 4);
    await waitUntil('livenodes 2', () => vars(1), (v) => v[`liveness_livenodes{node_id="${id[1]}"}`] === 2);
  });

  it('decommission: blocked while too few nodes remain, then moves the node to decommissioned', async () => {
    const blocked = await cli(['node', 'decommission', String(id[2]), `--certs-dir=${certs(1)}`, `--host=${ips[0]}:26257`]);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /ranges blocking decommission detected/);
    assert.equal((await start(4)).code, 0);
    await waitUntil('node 4 ready', () => ready(4), (x) => x.status === 200);
    const dec = await cli(['node', 'decommission', String(id[2]), '--wait=all', `--certs-dir=${certs(1)}`, `--host=${ips[0]}:26257`]);
    assert.equal(dec.code, 0, dec.stderr);
    assert.deepEqual(dec.stdout.split('\n')[0]!.split('\t'), ['id', 'is_live', 'replicas', 'is_decommissioning', 'membership', 'is_draining']);
    assert.match(dec.stdout, new RegExp(`^${id[2]}\tfalse\t0\ttrue\tdecommissioned\ttrue$`, 'm'));
    const status = await cli(['node', 'status', '--decommission', `--certs-dir=${certs(1)}`, `--host=${ips[0]}:26257`]);
    assert.deepEqual(status.stdout.trimEnd().split('\n').slice(1).map((l) => Number(l.split('\t')[0])), [1, 2, 3, 4].filter((n) => n !== id[2]),
      'decommissioned + dead is not listed');
    // A decommissioning node is not ready (monitoring-and-alerting.md); recommissioning brings it back.
    assert.equal((await cli(['node', 'decommission', '4', '--wait=none', '--checks=skip', `--certs-dir=${certs(1)}`, `--host=${ips[0]}:26257`])).code, 0);
    await waitUntil('node 4 not ready', () => ready(4), (x) => x.status === 503);
    assert.equal((await cli(['node', 'recommission', '4', `--certs-dir=${certs(1)}`, `--host=${ips[0]}:26257`])).code, 0);
    await waitUntil('node 4 ready again', () => ready(4), (x) => x.status === 200);
  });

  it('refuses a client certificate from another CA, and a node certificate it cannot verify', async () => {
    const foreign = join(dir, 'foreign');
    const mixed = new pg.Client({
      host: ips[0], port: 26257, user: 'root', database: 'defaultdb',
      ssl: { ca, cert: readFileSync(join(foreign, 'client.root.crt'), 'utf8'), key: readFileSync(join(foreign, 'client.root.key'), 'utf8'), servername: ips[0] },
    });
    mixed.on('error', () => undefined);
    await assert.rejects(mixed.connect());
    const r = await cli(['sql', `--certs-dir=${foreign}`, `--host=${ips[0]}:26257`, '-e', 'SELECT 1']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /certificate/i);
  });

  it('SIGTERM drains and exits', async () => {
    const pid = pidOf(pidFile(1));
    await stopPid(pid);
    started.delete(pid);
    assert.ok(await portRefuses(ips[0]!, 26257));
  });
});
