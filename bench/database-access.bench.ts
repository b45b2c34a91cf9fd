// Database-access benchmark (not a test; `node --import tsx bench/database-access.bench.ts` with the services of
// scripts/services.sh running and their env exported — package.json has no bench:access script yet): GET
// /api/clusters/{id}/users on a real stand-in cluster (deployed by the fixture playbooks) holding 500 SQL users and
// 200 roles (BENCH_GENERATED_DATABASES databases made through cp, each with 2 generated roles; the rest made by hand on
// the cluster), every user a member of 2 roles. Each request is signed with an API key and injected into the app
// in-process (Fastify inject: no socket), sequentially, BENCH_REQUESTS times after BENCH_WARMUP warm-up requests.
// The cluster is deleted afterwards. The LAST line is the summary:
//   access_users p50_ms=<n> p95_ms=<n> users=<n> roles=<n> load=<1-min load avg>
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createKeyring, createSecretBox } from '../src/infra/crypto/secrets.js';
import { insertRoleTemplate } from '../src/repositories/database-role-templates.repository.js';
import { buildTestApp, testConfig } from '../test/helpers/app.js';
import { createTestApiKey, signedInject } from '../test/helpers/auth.js';
import { createBody, destroyTestCluster, installFixturePlaybooks, seedClusterConfig, startClusterWorker } from '../test/helpers/clusters.js';
import { createMigratedPg } from '../test/helpers/pg.js';
import { waitFor } from '../test/helpers/wait.js';

const USERS = Number(process.env.BENCH_USERS ?? 500);
const ROLES = Number(process.env.BENCH_ROLES ?? 200);
const GENERATED_DATABASES = Number(process.env.BENCH_GENERATED_DATABASES ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument */
type Json = Record<string, any>;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

const main = async () => {
  const name = `bench-acc-${randomBytes(3).toString('hex')}`;
  const db = await createMigratedPg('bench_access');
  await seedClusterConfig(db.db);
  await installFixturePlaybooks(db.db);
  await insertRoleTemplate(db.db, { name: 'readwrite', scope_type: 'database', description: '',
    sql_statement: 'CREATE ROLE IF NOT EXISTS {database_role}; GRANT CONNECT, CREATE ON DATABASE {database_name} TO {database_role};' }, 'bench');
  await insertRoleTemplate(db.db, { name: 'readonly', scope_type: 'database', description: '',
    sql_statement: 'CREATE ROLE IF NOT EXISTS {database_role}; GRANT CONNECT ON DATABASE {database_name} TO {database_role};' }, 'bench');
  const config = testConfig();
  const secrets = createSecretBox(createKeyring(config.masterKey!));
  const worker = startClusterWorker(db.db, secrets);
  const { app } = await buildTestApp(db.db, { settingsTtlMs: 0, jobs: worker.jobs, config, logLevel: 'error' });
  const key = await createTestApiKey(db.db, secrets, { roles: ['CP_USER'], groups: ['team-a'] });
  const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const res = await signedInject(app, key, { method, url, ...(payload === undefined ? {} : { payload }) });
    return { status: res.statusCode, body: res.json<Json>() };
  };
  const waitForJob = (id: string) => waitFor(async () => (await api('GET', `/api/jobs/${id}`)).body, (b) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(b.job?.status ?? b.status), `job ${id}`, 300_000);
  try {
    const t0 = performance.now();
    const created = await api('POST', '/api/clusters', createBody(name));
    assert.equal(created.status, 202, JSON.stringify(created.body));
    const job = await waitForJob(created.body.job_id);
    assert.equal(job.job?.status ?? job.status, 'SUCCEEDED', JSON.stringify(job));
    const conn = await api('GET', `/api/clusters/${name}/connection`);
    const password = (await api('POST', `/api/clusters/${name}/connection/password`)).body.password as string;
    const region = conn.body.regions[0];
    console.log(`cluster ${name} ACTIVE in ${round((performance.now() - t0) / 1000)} s`);

    const roles: string[] = [];
    for (let i = 0; i < GENERATED_DATABASES; i++) {
      const r = await api('POST', `/api/clusters/${name}/database-objects`, { database_name: `db${i}` });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      roles.push(...(r.body.database_roles as Json[]).map((x) => x.database_role as string));
    }
    const c = new pg.Client({ host: region.host, port: region.port, user: 'dbadmin', password, database: 'defaultdb', ssl: { ca: conn.body.ca_cert } });
    await c.connect();
    try {
      for (let i = roles.length; i < ROLES; i++) {
        await c.query(`CREATE ROLE hand_role_${i}`);
        roles.push(`hand_role_${i}`);
      }
      for (let i = 0; i < USERS; i++) {
        await c.query(`CREATE USER bench_user_${i}`);
        await c.query(`GRANT ${roles[i % roles.length]}, ${roles[(i * 7 + 3) % roles.length]} TO bench_user_${i}`);
      }
    } finally {
      await c.end();
    }
    console.log(`seeded ${USERS} users and ${roles.length} roles in ${round((performance.now() - t0) / 1000)} s`);

    const url = `/api/clusters/${name}/users`;
    let listed = 0;
    for (let i = 0; i < WARMUP; i++) await api('GET', url);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now();
      const r = await api('GET', url);
      times.push(performance.now() - s);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      listed = r.body.database_users.length as number;
    }
    assert.ok(listed >= USERS, `listed ${listed} users`);
    console.log(`GET ${url}: ${REQUESTS} requests, ${listed} users per answer; min ${round(Math.min(...times))} ms, max ${round(Math.max(...times))} ms`);
    console.log(`access_users p50_ms=${round(percentile(times, 50))} p95_ms=${round(percentile(times, 95))} users=${listed} roles=${roles.length} load=${round(loadavg()[0]!, 2)}`);
  } finally {
    const del = await api('DELETE', `/api/clusters/${name}`).catch(() => undefined);
    if (del?.status === 202) await waitForJob(del.body.job_id).catch(() => undefined);
    await worker.worker.stop();
    await app.close();
    await db.close();
    await destroyTestCluster(name);
  }
};

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
