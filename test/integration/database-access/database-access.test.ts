// Database access on a real (stand-in) cluster, end to end through the API with API keys, checked by connecting to
// the cluster directly (not through cp): databases + template roles, a user that logs in with its password and is a
// member of its role, rotation, revoke, delete; bad input never reaching the cluster; protected users; other groups;
// drift (a role made by hand, a generated role dropped by hand) and its fix; IdP group mappings applied as cluster
// settings + an SSO login per group.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { createKeyring, createSecretBox } from '../../../src/infra/crypto/secrets.js';
import { insertRoleTemplate } from '../../../src/repositories/database-role-templates.repository.js';
import { buildTestApp, testConfig } from '../../helpers/app.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { createBody, installFixturePlaybooks, seedClusterConfig, startClusterWorker } from '../../helpers/clusters.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { waitFor } from '../../helpers/wait.js';

/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return */
type Json = Record<string, any>;

describe('database access on a managed cluster (stand-in nodes, checked directly on the cluster)', () => {
  let db: TestPg;
  let app: FastifyInstance;
  let key: TestApiKey;
  let reader: TestApiKey;
  let stranger: TestApiKey;
  let worker: ReturnType<typeof startClusterWorker>;
  let logs: { text(): string };
  let adminPassword = '';
  let host = '';
  let port = 26257;
  let ca = '';
  const name = `dba-${randomBytes(3).toString('hex')}`;

  const api = async (method: 'GET' | 'POST' | 'DELETE' | 'PUT', url: string, payload?: unknown, as: TestApiKey = key) => {
    const res = await signedInject(app, as, { method, url, ...(payload === undefined ? {} : { payload }) });
    if (res.statusCode >= 500) console.error(logs.text().split('\n').filter((l) => l.includes('"err"')).slice(-3).join('\n'));
    return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json<Json>() : (res.body as unknown as Json) };
  };
  const u = (p: string) => `/api/clusters/${name}${p}`;
  const waitForJob = async (jobId: string) =>
    (await waitFor(async () => (await api('GET', `/api/jobs/${jobId}`)).body, (b) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(b.job?.status ?? b.status),
      `job ${jobId} to end`, 180_000));
  const connect = async (user: string, password: string, database = 'defaultdb') => {
    const c = new pg.Client({ host, port, user, password, database, ssl: { ca }, connectionTimeoutMillis: 5_000 });
    await c.connect();
    return c;
  };
  /** Runs statements as the cluster's admin user, straight on the cluster. */
  const direct = async <R extends Json = Json>(sql: string, params: unknown[] = []) => {
    const c = await connect('dbadmin', adminPassword);
    try { return (await c.query<R>(sql, params)).rows; } finally { await c.end().catch(() => undefined); }
  };
  const principals = async () => new Map((await direct<{ username: string; member_of: string | string[] }>('SHOW ROLES'))
    .map((r) => [r.username, Array.isArray(r.member_of) ? r.member_of : String(r.member_of).replace(/[{}]/g, '').split(',').filter(Boolean)]));
  const databases = async () => (await direct<{ database_name: string }>('SHOW DATABASES')).map((r) => r.database_name).sort();
  const snapshot = async () => JSON.stringify({ p: [...(await principals()).entries()].sort(), d: await databases() });

  before(async () => {
    db = await createMigratedPg('database_access');
    await seedClusterConfig(db.db);
    await installFixturePlaybooks(db.db);
    await insertRoleTemplate(db.db, { name: 'readwrite', scope_type: 'database', description: '',
      sql_statement: 'CREATE ROLE IF NOT EXISTS {database_role}; GRANT CONNECT, CREATE ON DATABASE {database_name} TO {database_role};' }, 'test');
    await insertRoleTemplate(db.db, { name: 'readonly', scope_type: 'database', description: '',
      sql_statement: 'CREATE ROLE IF NOT EXISTS {database_role}; GRANT CONNECT ON DATABASE {database_name} TO {database_role};' }, 'test');
    await insertRoleTemplate(db.db, { name: 'usage', scope_type: 'schema', description: '',
      sql_statement: 'CREATE ROLE IF NOT EXISTS {database_role}; GRANT USAGE ON SCHEMA {database_name}.{schema_name} TO {database_role};' }, 'test');
    const config = testConfig();
    const secrets = createSecretBox(createKeyring(config.masterKey!));
    worker = startClusterWorker(db.db, secrets);
    ({ app, logs } = await buildTestApp(db.db, { settingsTtlMs: 0, jobs: worker.jobs, config, logLevel: 'error' }));
    key = await createTestApiKey(db.db, secrets, { roles: ['CP_USER'], groups: ['team-a'] });
    reader = await createTestApiKey(db.db, secrets, { roles: ['CP_READONLY'], groups: ['team-a'] });
    stranger = await createTestApiKey(db.db, secrets, { roles: ['CP_USER'], groups: ['team-b'] });
  });

  after(async () => {
    const row = (await db?.db.query<Json>(`SELECT status FROM clusters WHERE cluster_id = $1`, [name]).catch(() => undefined))?.rows[0];
    if (app && row && row.status !== 'DELETED') {
      const del = await api('DELETE', `/api/clusters/${name}`).catch(() => undefined);
      if (del?.status === 202) await waitForJob(del.body.job_id).catch(() => undefined);
    }
    await worker?.worker.stop();
    await app?.close();
    await db?.close();
  });

  it('creates the cluster; cp reaches it and the admin user for checks', async () => {
    const created = await api('POST', '/api/clusters', createBody(name, { version: 'v24.1.3' }));
    assert.equal(created.status, 202, JSON.stringify(created.body));
    const job = await waitForJob(created.body.job_id);
    assert.equal(job.job?.status ?? job.status, 'SUCCEEDED', JSON.stringify(job));
    const conn = await api('GET', u('/connection'));
    assert.equal(conn.status, 200, JSON.stringify(conn.body));
    host = conn.body.regions[0].host; port = conn.body.regions[0].port; ca = conn.body.ca_cert;
    adminPassword = (await api('POST', u('/connection/password'))).body.password;
    assert.ok(adminPassword);
  });

  it('database app → its template roles exist on the cluster; user with app_readwrite logs in; rotate, revoke, delete', async () => {
    const made = await api('POST', u('/database-objects'), { database_name: 'app' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(made.body.database_roles.map((r: Json) => r.database_role).sort(), ['app_public_usage', 'app_readonly', 'app_readwrite']);
    assert.ok((await databases()).includes('app'));
    let p = await principals();
    for (const r of ['app_readwrite', 'app_readonly', 'app_public_usage']) assert.ok(p.has(r), `role ${r} on the cluster`);
    const grants = await direct<{ grantee: string; privilege_type: string }>('SHOW GRANTS ON DATABASE app');
    assert.ok(grants.some((g) => g.grantee === 'app_readwrite' && g.privilege_type === 'CREATE'), JSON.stringify(grants));

    // reads never mutate: listing twice changes nothing on the cluster
    const before = await snapshot();
    assert.equal((await api('GET', u('/users'), undefined, reader)).status, 200);
    assert.equal((await api('GET', u('/database-roles'), undefined, reader)).status, 200);
    assert.equal((await api('GET', u('/database-objects'), undefined, reader)).status, 200);
    assert.equal(await snapshot(), before);

    const pw = 'Str0ng-Passw0rd!';
    const user = await api('POST', u('/users'), { username: 'alice', password: pw, database_roles: ['app_readwrite'] });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    assert.equal(user.body.generated_password, null);
    const c1 = await connect('alice', pw, 'app');
    assert.equal((await c1.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u, 'alice');
    await c1.end();
    assert.deepEqual((await principals()).get('alice'), ['app_readwrite']);

    const listed = await api('GET', u('/users'), undefined, reader);
    const alice = listed.body.database_users.find((x: Json) => x.username === 'alice');
    assert.deepEqual({ managed: alice.managed, roles: alice.database_roles, protected: alice.protected }, { managed: true, roles: ['app_readwrite'], protected: false });
    const svc = listed.body.database_users.find((x: Json) => x.username === 'cp_service');
    assert.equal(svc?.protected, true, 'the service user is listed as protected');

    const rotated = await api('POST', u('/users/alice/password'), {});
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    assert.ok(rotated.body.generated_password.length >= 12);
    await assert.rejects(connect('alice', pw), /password|authentication/i);
    const c2 = await connect('alice', rotated.body.generated_password);
    await c2.end();

    const revoked = await api('POST', u('/users/alice/revoke-database-roles'), { database_roles: ['app_readwrite'] });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.deepEqual((await principals()).get('alice'), []);
    const granted = await api('POST', u('/users/alice/grant-database-roles'), { database_roles: ['app_readonly'] });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));

    const dry = await api('DELETE', u('/database-objects/app?dry_run=true'));
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.equal(dry.body.dry_run, true);
    assert.deepEqual(dry.body.revokes, [{ username: 'alice', database_role: 'app_readonly' }]);
    assert.ok((await databases()).includes('app'), 'a dry run drops nothing');
    const del = await api('DELETE', u('/database-objects/app'));
    assert.equal(del.status, 200, JSON.stringify(del.body));
    assert.ok(!(await databases()).includes('app'));
    p = await principals();
    for (const r of ['app_readwrite', 'app_readonly', 'app_public_usage']) assert.ok(!p.has(r), `role ${r} gone from the cluster`);
    assert.deepEqual(p.get('alice'), []);
    assert.equal((await db.db.query(`SELECT 1 FROM cluster_database_roles WHERE cluster_id = $1`, [name])).rowCount, 0, 'and from cp');
    assert.equal((await api('GET', u('/database-objects/app'))).status, 404);

    const events = (await db.db.query<{ action: string; details: Json }>(`SELECT action, details FROM event_log WHERE cluster_id = $1 ORDER BY ts`, [name])).rows;
    for (const a of ['DATABASE_OBJECT_CREATED', 'DB_USER_CREATED', 'DB_USER_PASSWORD_UPDATED', 'DB_USER_ROLE_REVOKED', 'DB_USER_ROLE_GRANTED', 'DATABASE_OBJECT_DELETED']) {
      assert.ok(events.some((e) => e.action === a), `audited ${a}`);
    }
    const text = JSON.stringify(events);
    assert.ok(!text.includes(pw) && !text.includes(rotated.body.generated_password), 'no password in the audit log');

    assert.equal((await api('DELETE', u('/users/alice'))).status, 200);
    assert.ok(!(await principals()).has('alice'));
  });

  it('bad input never reaches the cluster: 400 with the rule, cluster unchanged', async () => {
    await api('POST', u('/database-objects'), { database_name: 'shop' });
    const before = await snapshot();
    const inject = '"; DROP DATABASE shop; --';
    const cases: [string, string, unknown][] = [
      ['POST', u('/database-objects'), { database_name: 'Bad-Name' }],
      ['POST', u('/database-objects'), { database_name: '1abc' }],
      ['POST', u('/database-objects'), { database_name: 'system' }],
      ['POST', u('/database-objects'), { database_name: 'defaultdb' }],
      ['POST', u('/database-objects'), { database_name: inject }],
      ['POST', u('/users'), { username: inject, password: 'Str0ng-Passw0rd!' }],
      ['POST', u('/users'), { username: 'root', password: 'Str0ng-Passw0rd!' }],
      ['POST', u('/users'), { username: 'pg_x', password: 'Str0ng-Passw0rd!' }],
      ['POST', u('/users'), { username: 'bob', password: 'short' }],
      ['POST', u('/users'), { username: 'bob', password: 'Str0ng-Passw0rd!', database_roles: [inject] }],
      ['POST', u('/users'), { username: 'bob', password: 'Str0ng-Passw0rd!', database_roles: ['no_such_role'] }],
      ['POST', u('/users'), { username: 'bob', password: 'Str0ng-Passw0rd!', extra: 1 }],
      ['POST', u(`/users/${encodeURIComponent(inject)}/password`), {}],
      ['POST', u(`/users/${encodeURIComponent(inject)}/grant-database-roles`), { database_roles: ['shop_readonly'] }],
      ['POST', u('/users/cp_service/grant-database-roles'), { database_roles: [inject] }],
      ['DELETE', u(`/database-objects/${encodeURIComponent(inject)}`), undefined],
      ['PUT', u('/database-role-group-mappings/shop_readonly'), { groups: [inject] }],
      ['PUT', u('/database-role-group-mappings/shop_readonly'), { groups: ['has space'] }],
    ];
    for (const [method, url, body] of cases) {
      const res = await api(method as 'POST', url, body);
      assert.equal(res.status, 400, `${method} ${url} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error?.message, 'names the rule');
    }
    assert.match((await api('POST', u('/users'), { username: 'bob', password: 'short' })).body.error.message, /at least 12/);
    assert.equal(await snapshot(), before, 'the cluster is unchanged');
  });

  it('protected users cannot be dropped or altered (403); another group sees 404 everywhere', async () => {
    const before = await snapshot();
    for (const user of ['root', 'admin', 'node', 'cp_service', 'dbadmin']) {
      for (const [m, p, b] of [['DELETE', `/users/${user}`, undefined], ['POST', `/users/${user}/password`, {}],
        ['POST', `/users/${user}/grant-database-roles`, { database_roles: ['shop_readonly'] }]] as const) {
        const res = await api(m, u(p), b);
        assert.equal(res.status, 403, `${m} ${p} → ${res.status} ${JSON.stringify(res.body)}`);
        assert.match(res.body.error.message, new RegExp(`User "${user}" is protected: `));
      }
    }
    assert.equal(await snapshot(), before);
    const routes: [string, string, unknown][] = [
      ['GET', '/database-objects', undefined], ['POST', '/database-objects', { database_name: 'x' }], ['GET', '/database-objects/shop', undefined],
      ['DELETE', '/database-objects/shop', undefined], ['GET', '/users', undefined], ['POST', '/users', { username: 'x', password: 'Str0ng-Passw0rd!' }],
      ['DELETE', '/users/x', undefined], ['POST', '/users/x/password', {}], ['POST', '/users/x/grant-database-roles', { database_roles: ['a'] }],
      ['POST', '/users/x/revoke-database-roles', { database_roles: ['a'] }], ['GET', '/database-roles', undefined], ['POST', '/database-roles/sync', undefined],
      ['GET', '/database-role-group-mappings', undefined], ['PUT', '/database-role-group-mappings/shop_readonly', { groups: [] }],
      ['GET', '/access-drift', undefined], ['POST', '/access-drift/fix', undefined],
    ];
    for (const [m, p, b] of routes) assert.equal((await api(m as 'GET', u(p), b, stranger)).status, 404, `${m} ${p} for another group`);
    for (const [m, p, b] of routes) {
      const res = await api(m as 'GET', u(p), b, reader);
      if (m === 'GET') assert.equal(res.status, 200, `reader ${m} ${p} → ${res.status} ${JSON.stringify(res.body)}`);
      else assert.equal(res.status, 403, `reader ${m} ${p}`);
    }
    assert.equal(await snapshot(), before);
  });

  it('drift: a hand-made role is unknown to cp, a dropped generated role is missing; fix restores it', async () => {
    assert.equal((await api('GET', u('/access-drift'), undefined, reader)).body.in_sync, true, JSON.stringify((await api('GET', u('/access-drift'))).body));
    await direct('CREATE ROLE handmade');
    await direct('REVOKE CONNECT ON DATABASE shop FROM shop_readonly');
    await direct('DROP ROLE shop_readonly');
    const drift = await api('GET', u('/access-drift'), undefined, reader);
    assert.equal(drift.status, 200, JSON.stringify(drift.body));
    const kinds = drift.body.differences.map((d: Json) => `${d.kind} ${d.object_type} ${d.name}`);
    assert.ok(kinds.includes('unknown_to_cp role handmade'), kinds.join('\n'));
    assert.ok(kinds.includes('missing_on_cluster role shop_readonly'), kinds.join('\n'));
    assert.ok((await principals()).has('handmade') && !(await principals()).has('shop_readonly'), 'reading drift changed nothing');

    const dry = await api('POST', u('/access-drift/fix?dry_run=true'));
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.ok(dry.body.actions.some((a: Json) => a.name === 'shop_readonly'));
    assert.ok(!(await principals()).has('shop_readonly'));
    const fix = await api('POST', u('/access-drift/fix'));
    assert.equal(fix.status, 200, JSON.stringify(fix.body));
    assert.ok((await principals()).has('shop_readonly'), 'fix recreated the role');
    assert.ok((await principals()).has('handmade'), 'cp never drops what it did not create');
    assert.deepEqual(fix.body.differences_after.map((d: Json) => `${d.kind} ${d.object_type} ${d.name}`), ['unknown_to_cp role handmade']);
    const recorded = (await db.db.query<Json>(`SELECT difference_count FROM cluster_access_drift WHERE cluster_id = $1`, [name])).rows[0];
    assert.equal(Number(recorded?.difference_count), 1);
    const list = await api('GET', '/api/clusters', undefined, reader);
    const item = (list.body.items ?? list.body).find((c: Json) => c.cluster_id === name);
    assert.equal(item?.access_drift?.difference_count, 1, JSON.stringify(item));
  });

  it('IdP group mappings are applied: JWT settings, identity map and one SSO login per group with the role', async () => {
    await db.db.query(`UPDATE settings SET value = 'https://idp.example.test' WHERE key = 'oidc.issuer_url'`);
    await db.db.query(`UPDATE settings SET value = 'cp-console' WHERE key = 'oidc.client_id'`);
    const put = await api('PUT', u('/database-role-group-mappings/shop_readwrite'), { groups: ['analysts', 'dev-team'] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.applied, true, put.body.reason);
    const map = (await direct<Json>('SHOW CLUSTER SETTING server.identity_map.configuration'))[0]!;
    assert.equal(Object.values(map)[0], 'https://idp.example.test analysts idp_analysts\nhttps://idp.example.test dev-team idp_dev_team');
    assert.ok([true, 't', 'true'].includes(Object.values((await direct<Json>('SHOW CLUSTER SETTING server.jwt_authentication.enabled'))[0]!)[0]));
    assert.deepEqual((await principals()).get('idp_analysts'), ['shop_readwrite']);
    const listed = await api('GET', u('/database-role-group-mappings'), undefined, reader);
    assert.deepEqual(listed.body.database_role_group_mappings.map((m: Json) => [m.group_name, m.apply_error]), [['analysts', null], ['dev-team', null]]);
    assert.ok(listed.body.database_role_group_mappings.every((m: Json) => m.applied_at));
    assert.equal((await api('GET', u('/access-drift'))).body.differences.filter((d: Json) => d.object_type === 'sso_setting').length, 0);

    const cleared = await api('PUT', u('/database-role-group-mappings/shop_readwrite'), { groups: ['analysts'] });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.ok(!(await principals()).has('idp_dev_team'), 'an unmapped group loses its login');
  });

  it('sync registers a database created outside cp and materialises its roles', async () => {
    await direct('CREATE DATABASE outside');
    const objs0 = await api('GET', u('/database-objects'), undefined, reader);
    assert.deepEqual(objs0.body.unmanaged_databases, ['outside']);
    assert.ok(!(await principals()).has('outside_readwrite'), 'a read materialises nothing');
    const sync = await api('POST', u('/database-roles/sync'));
    assert.equal(sync.status, 200, JSON.stringify(sync.body));
    assert.deepEqual(sync.body.databases_discovered, ['outside']);
    assert.ok((await principals()).has('outside_readwrite'));
    const objs = await api('GET', u('/database-objects'), undefined, reader);
    assert.equal(objs.body.database_objects.find((o: Json) => o.database_name === 'outside')?.origin, 'discovered');
  });

  it('deletes the cluster', async () => {
    const del = await api('DELETE', `/api/clusters/${name}`);
    assert.equal(del.status, 202, JSON.stringify(del.body));
    const job = await waitForJob(del.body.job_id);
    assert.equal(job.job?.status ?? job.status, 'SUCCEEDED');
  });
});
