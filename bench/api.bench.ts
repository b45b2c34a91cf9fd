// API hot-path benchmark (not a test; `npm run bench:api`, which builds cp first): GET /api/clusters?limit=50 on 500
// clusters, every request signed afresh with an API key (a unique X-Timestamp per request, so no two signatures are
// equal), against
//   - cp: the BUILT app (node .bench-dist/cli/cpctl.js serve, role api, default log level info, logs discarded), and
//   - the floor: bench/api-floor.ts, a bare node:http + pg server running the same SQL on the same PostgreSQL,
// at 16 and 200 concurrent keep-alive clients (BENCH_CLIENTS), each phase BENCH_SECONDS long after a warm-up, the two
// servers alternately (floor, cp, floor, cp: the machine's noise hits both), each in its own process. Every answer
// must be a 200 with 50 items, or the run fails. DATABASE_URL selects the database (default: a fresh one on the test
// PostgreSQL, dropped afterwards). The LAST line is the summary:
//   api ratio=<cp/floor rps at 16> cp_rps=<n> floor_rps=<n> p50_ms=<cp at 16> p99_ms=<cp at 16> ratio_200=<n> p50_200_ms=<n>
//       p99_200_ms=<n> cpu_ratio=<floor/cp CPU ms per request at 16> load=<1-min load avg>
// Each server's CPU time per request (from /proc) is printed too: on a shared machine it moves far less than rps.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { signRequest } from '../src/auth/api-keys/signature.js';
import { apiKeySecretAad, generateApiKeyCredentials } from '../src/auth/api-keys/credentials.js';
import { createKeyring, createSecretBox } from '../src/infra/crypto/secrets.js';
import { freePort } from '../test/helpers/net.js';
import { createTestDatabase } from '../test/helpers/pg.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '16,200').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CLUSTERS = 500;
const PAGE = 50;
const TARGET = `/api/clusters?limit=${PAGE}`;
/** The built cp: npm run bench:api builds into .bench-dist (same depth as dist/, so resources/ resolve), leaving dist/ alone. */
const CP_DIR = process.env.BENCH_CP_DIR ?? '.bench-dist';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

const CA_PEM = `-----BEGIN CERTIFICATE-----\n${randomBytes(900).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;

/** 500 clusters shaped like real ones: 3 regions × 3 nodes, a load balancer per region, health per node, a CA. */
const seed = async (url: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(
    `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, regions, cluster_inventory,
                           lbs_inventory, sql_username, ca_cert, health, health_checked_at, created_by, updated_by, created_at)
     SELECT 'bench-' || lpad(i::text, 4, '0'), 'team-' || (i % 5),
            (ARRAY['ACTIVE','ACTIVE','ACTIVE','CREATING','SCALING','UNHEALTHY'])[1 + i % 6],
            'v25.2.5', 3, (ARRAY[2,4,8])[1 + i % 3], 100, ARRAY['aws:us-east-1','aws:eu-west-1','gcp:asia-east1'],
            jsonb_build_array(
              jsonb_build_object('cloud','aws','region','us-east-1','nodes',jsonb_build_array('10.0.' || i % 250 || '.1','10.0.' || i % 250 || '.2','10.0.' || i % 250 || '.3')),
              jsonb_build_object('cloud','aws','region','eu-west-1','nodes',jsonb_build_array('10.1.' || i % 250 || '.1','10.1.' || i % 250 || '.2','10.1.' || i % 250 || '.3')),
              jsonb_build_object('cloud','gcp','region','asia-east1','nodes',jsonb_build_array('10.2.' || i % 250 || '.1','10.2.' || i % 250 || '.2','10.2.' || i % 250 || '.3'))),
            jsonb_build_array(
              jsonb_build_object('cloud','aws','region','us-east-1','dns_address','lb-' || i || '.use1.example.internal'),
              jsonb_build_object('cloud','aws','region','eu-west-1','dns_address','lb-' || i || '.euw1.example.internal'),
              jsonb_build_object('cloud','gcp','region','asia-east1','dns_address','lb-' || i || '.ase1.example.internal')),
            'cp_service', $2,
            (SELECT jsonb_object_agg('10.' || r || '.' || i % 250 || '.' || n, jsonb_build_object('live', true, 'checked', 'ok', 'latency_ms', n * 3))
               FROM generate_series(0, 2) AS r, generate_series(1, 3) AS n),
            now(), 'bench', 'bench', now() - (i || ' seconds')::interval
     FROM generate_series(1, $1::int) AS i`,
    [CLUSTERS, CA_PEM],
  );
  await c.end();
};

const createKey = async (url: string, masterKey: string) => {
  const box = createSecretBox(createKeyring({ id: 1, key: masterKey }));
  const { accessKey, secret } = generateApiKeyCredentials();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(
    `INSERT INTO api_keys (access_key, encrypted_secret, owner, description, roles, groups, valid_until)
     VALUES ($1, $2, 'bench', 'bench:api', ARRAY['CP_ADMIN'], ARRAY[]::TEXT[], now() + INTERVAL '1 day')`,
    [accessKey, box.encrypt(secret, apiKeySecretAad(accessKey))],
  );
  await c.end();
  return { accessKey, secret };
};

type Server = { name: string; url: string; child: ChildProcess; logs: string[] };

const start = async (name: string, args: string[], env: Record<string, string>, ready: string): Promise<Server> => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), CP_PORT: String(port), CP_HOST: '127.0.0.1', CP_PUBLIC_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep only warnings and errors (and the floor's ready line); info request logs are read and dropped like a log shipper would.
  child.stdout?.on('data', (b: Buffer) => {
    const s = b.toString();
    if (/"level":(40|50|60)|floor listening/.test(s)) logs.push(s);
  });
  child.stderr?.on('data', (b: Buffer) => logs.push(b.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${logs.join('')}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${logs.join('')}`);
    try {
      const r = await fetch(`${url}${ready}`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  return { name, url, child, logs };
};

const stop = async (s: Server) => {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  const t = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
};

let seq = 0;
/** Epoch seconds with 9 fractional digits: the milliseconds, then a per-process counter, so every timestamp (hence every signature) is unique. */
const uniqueTimestamp = () => {
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}${String(seq++ % 1_000_000).padStart(6, '0')}`;
};

type Result = { rps: number; p50: number; p99: number; n: number; cpuMsPerReq: number; bytes: number };

/** CPU time (user + system) a process has used, in ms: requests per CPU-ms is what the machine's noise disturbs least. */
const cpuMs = (pid: number | undefined) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
};

const get = (agent: http.Agent, base: URL, headers: Record<string, string>) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ agent, host: base.hostname, port: base.port, path: TARGET, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });

/** `clients` keep-alive connections, each sending its next request as soon as the previous answer arrived. */
const load = async (s: Server, key: { accessKey: string; secret: string }, clients: number, seconds: number): Promise<Result> => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const base = new URL(s.url);
  const latencies: number[] = [];
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  let checked = 0;
  let bytes = 0;
  const cpu0 = cpuMs(s.child.pid);
  const client = async () => {
    while (performance.now() < until) {
      const ts = uniqueTimestamp();
      const headers = { 'x-cp-access-key': key.accessKey, 'x-timestamp': ts, 'x-cp-signature': signRequest(key.secret, 'GET', TARGET, ts) };
      const a = performance.now();
      const r = await get(agent, base, headers);
      latencies.push(performance.now() - a);
      if (r.status !== 200) throw new Error(`${s.name}: ${r.status} ${r.body.slice(0, 300)}`);
      bytes = r.body.length;
      // Parsing every body would load the client more than the servers: check one in 50.
      if (checked++ % 50 === 0 && (JSON.parse(r.body) as { items: unknown[] }).items.length !== PAGE) throw new Error(`${s.name}: not ${PAGE} items`);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const cpuMsPerReq = (cpuMs(s.child.pid) - cpu0) / latencies.length;
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), n: latencies.length, cpuMsPerReq, bytes };
};

const merge = (rs: Result[]): Result => {
  // Rounds are equally long, so requests per second average; percentiles are taken as the median over rounds.
  const med = (xs: number[]) => percentile(xs, 50);
  const n = rs.reduce((a, r) => a + r.n, 0);
  return {
    rps: rs.reduce((a, r) => a + r.rps, 0) / rs.length, p50: med(rs.map((r) => r.p50)), p99: med(rs.map((r) => r.p99)), n,
    cpuMsPerReq: rs.reduce((a, r) => a + r.cpuMsPerReq * r.n, 0) / n, bytes: rs[0]?.bytes ?? 0,
  };
};

const main = async () => {
  if (!existsSync(`${CP_DIR}/cli/cpctl.js`)) throw new Error(`${CP_DIR}/cli/cpctl.js is missing: run "npm run bench:api", which builds it`);
  const own = process.env.DATABASE_URL ? undefined : await createTestDatabase('bench_api');
  const url = process.env.DATABASE_URL ?? own!.url;
  const masterKey = randomBytes(32).toString('base64');
  const servers: Server[] = [];
  try {
    const cp = await start('cp', [...(process.env.BENCH_CP_NODE_ARGS?.split(' ').filter(Boolean) ?? []), `${CP_DIR}/cli/cpctl.js`, 'serve'], {
      NODE_ENV: 'development', DATABASE_URL: url, CP_MASTER_KEY: masterKey, CP_ROLES: 'api', CP_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    }, '/api/readyz');
    servers.push(cp);
    await seed(url);
    const key = await createKey(url, masterKey);
    const floor = await start('floor', ['--import', 'tsx', 'bench/api-floor.ts'], { DATABASE_URL: url }, TARGET);
    servers.push(floor);
    console.log(`api bench: ${CLUSTERS} clusters, GET ${TARGET}, ${SECONDS} s per phase × ${ROUNDS} rounds, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    const results: Record<number, { cp: Result; floor: Result }> = {};
    for (const clients of CLIENTS) {
      await load(floor, key, clients, WARMUP_SECONDS);
      await load(cp, key, clients, WARMUP_SECONDS);
      const rounds = { cp: [] as Result[], floor: [] as Result[] };
      for (let r = 0; r < ROUNDS; r++) {
        rounds.floor.push(await load(floor, key, clients, SECONDS));
        rounds.cp.push(await load(cp, key, clients, SECONDS));
      }
      const res = { cp: merge(rounds.cp), floor: merge(rounds.floor) };
      results[clients] = res;
      console.log(
        `clients=${clients} cp_rps=${round(res.cp.rps)} floor_rps=${round(res.floor.rps)} ratio=${round(res.cp.rps / res.floor.rps, 2)} ` +
          `cp_p50_ms=${round(res.cp.p50)} cp_p99_ms=${round(res.cp.p99)} floor_p50_ms=${round(res.floor.p50)} floor_p99_ms=${round(res.floor.p99)} ` +
          `cp_cpu_ms_per_req=${round(res.cp.cpuMsPerReq, 2)} floor_cpu_ms_per_req=${round(res.floor.cpuMsPerReq, 2)} ` +
          `cp_kb=${round(res.cp.bytes / 1024)} floor_kb=${round(res.floor.bytes / 1024)} ` +
          `(rounds cp ${rounds.cp.map((x) => round(x.rps)).join('/')}, floor ${rounds.floor.map((x) => round(x.rps)).join('/')})`,
      );
    }
    const warn = cp.logs.join('');
    if (warn) console.log(`cp warnings/errors during the run:\n${warn.slice(0, 2000)}`);
    const first = results[CLIENTS[0]!]!;
    const last = results[CLIENTS[CLIENTS.length - 1]!]!;
    console.log(
      `api ratio=${round(first.cp.rps / first.floor.rps, 2)} cp_rps=${round(first.cp.rps)} floor_rps=${round(first.floor.rps)} ` +
        `p50_ms=${round(first.cp.p50)} p99_ms=${round(first.cp.p99)} ratio_${CLIENTS[CLIENTS.length - 1]}=${round(last.cp.rps / last.floor.rps, 2)} ` +
        `p50_${CLIENTS[CLIENTS.length - 1]}_ms=${round(last.cp.p50)} p99_${CLIENTS[CLIENTS.length - 1]}_ms=${round(last.cp.p99)} ` +
        `cpu_ratio=${round(first.floor.cpuMsPerReq / first.cp.cpuMsPerReq, 2)} load=${loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    for (const s of servers) await stop(s);
    await own?.drop();
  }
};

await main();
