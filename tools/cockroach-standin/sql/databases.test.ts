// Databases and forwarding: src/current/v24.3/create-database.md, drop-database.md, show-databases.md,
// show-schemas.md, use.md; portable SQL runs on the backing PostgreSQL database of the session's database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { names, objects, rejects, run, startCluster, type TestCluster } from './test-kit.js';

describe('databases', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(); });
  after(async () => { await c.close(); });

  it('SHOW DATABASES after init (show-databases.md columns)', async () => {
    const r = await run(await c.session(), 'SHOW DATABASES');
    assert.deepEqual(names(r), ['database_name', 'owner', 'primary_region', 'secondary_region', 'regions', 'survival_goal']);
    assert.deepEqual(r.rows, [['defaultdb', 'root', null, null, '{}', null], ['postgres', 'root', null, null, '{}', null],
      ['system', 'node', null, null, '{}', null]]);
  });

  it('create, duplicate 42P04, forward DDL + DML into it, USE and SET database', async () => {
    const s = await c.session();
    assert.equal((await run(s, 'CREATE DATABASE bank')).command, 'CREATE DATABASE');
    await rejects(run(s, 'CREATE DATABASE bank'), '42P04', /database "bank" already exists/);
    await run(s, 'CREATE DATABASE IF NOT EXISTS bank');
    assert.equal((await run(s, 'USE bank')).command, 'SET');
    assert.equal((await run(s, 'CREATE TABLE accounts (id INT8 PRIMARY KEY, balance DECIMAL NOT NULL)')).command, 'CREATE TABLE');
    assert.equal((await run(s, 'INSERT INTO accounts VALUES (1, 100.50), (2, 7)')).command, 'INSERT 0 2');
    const r = await run(s, 'SELECT id, balance FROM accounts ORDER BY id');
    assert.deepEqual(r.rows, [['1', '100.50'], ['2', '7']]);
    assert.equal(r.command, 'SELECT 2');
    assert.deepEqual(r.fields.map((f) => f.typeOid), [20, 1700]);
    assert.deepEqual((await run(s, 'SHOW database')).rows, [['bank']]);
    assert.deepEqual((await run(s, 'SELECT current_database()')).rows, [['bank']]);
    await run(s, 'SET database = defaultdb');
    await rejects(run(s, 'SELECT * FROM accounts'), '42P01');
    await rejects(run(s, 'USE nope'), '3D000', /database "nope" does not exist/);
    // The table count feeds the simulated range model.
    assert.equal((await c.catalog.databases.get('bank'))!.tableCount, 1);
  });

  it('transactions are PostgreSQL\'s: txStatus follows BEGIN / error / ROLLBACK', async () => {
    const s = await c.session();
    await run(s, 'CREATE TABLE t (k INT8 PRIMARY KEY)');
    assert.equal(s.txStatus(), 'I');
    await run(s, 'BEGIN');
    await run(s, 'INSERT INTO t VALUES (1)');
    assert.equal(s.txStatus(), 'T');
    await rejects(run(s, 'INSERT INTO t VALUES (1)'), '23505');
    assert.equal(s.txStatus(), 'E');
    await rejects(run(s, 'SHOW USERS'), '25P02');
    await run(s, 'ROLLBACK');
    assert.equal(s.txStatus(), 'I');
    assert.deepEqual((await run(s, 'SELECT count(*) FROM t')).rows, [['0']]);
  });

  it('SHOW SCHEMAS [FROM db] lists the virtual schemas, public and created ones', async () => {
    const s = await c.session();
    await run(s, 'CREATE DATABASE schemadb; USE schemadb; CREATE SCHEMA reporting');
    const r = await run(s, 'SHOW SCHEMAS');
    assert.deepEqual(names(r), ['schema_name', 'owner']);
    assert.deepEqual(r.rows, [['crdb_internal', null], ['information_schema', null], ['pg_catalog', null], ['pg_extension', null],
      ['public', 'admin'], ['reporting', 'root']]);
    const other = await c.session();
    assert.deepEqual((await run(other, 'SHOW SCHEMAS FROM schemadb')).rows.map((x) => x[0]), r.rows.map((x) => x[0]));
  });

  it('DROP DATABASE: RESTRICT on a non-empty one is 2BP01, CASCADE drops, missing is 3D000', async () => {
    const s = await c.session();
    await run(s, 'CREATE DATABASE gone; USE gone; CREATE TABLE x (a INT8); USE defaultdb');
    await rejects(run(s, 'DROP DATABASE gone RESTRICT'), '2BP01');
    assert.equal((await run(s, 'DROP DATABASE gone CASCADE')).command, 'DROP DATABASE');
    await rejects(run(s, 'DROP DATABASE gone'), '3D000');
    await run(s, 'DROP DATABASE IF EXISTS gone');
    assert.ok(!objects(await run(s, 'SHOW DATABASES')).some((d) => d.database_name === 'gone'));
  });

  it('sessions: unknown database is 3D000, draining node and uninitialised cluster are 57P01', async () => {
    await rejects(c.session('root', 'nope'), '3D000');
    c.draining.value = true;
    try { await rejects(c.session(), '57P01'); } finally { c.draining.value = false; }
    const fresh = await startCluster({ initialize: false });
    try { await rejects(fresh.session(), '57P01'); } finally { await fresh.close(); }
  });

  it('parameter status and identity look like CockroachDB', async () => {
    const s = await c.session();
    const p = s.parameterStatus();
    assert.equal(p.server_version, '13.0.0');
    assert.match(p.crdb_version!, /^CockroachDB CCL v24\.1\.3/);
    assert.equal(p.session_authorization, 'root');
    assert.equal(p.is_superuser, 'on');
    assert.equal(p.TimeZone, 'UTC');
    assert.match((await run(s, 'SELECT version()')).rows[0]![0]!, /^CockroachDB CCL v24\.1\.3/);
    assert.deepEqual(names(await run(s, 'SELECT version()')), ['version']);
    assert.deepEqual((await run(s, 'SELECT current_user, session_user')).rows, [['root', 'root']]);
    assert.deepEqual((await run(s, 'SHOW session_user')).rows, [['root']]);
    await run(s, `SET statement_timeout = '5s'`);
    assert.deepEqual((await run(s, 'SHOW statement_timeout')).rows, [['5s']]);
    await run(s, 'SET sql_safe_updates = false');
    assert.deepEqual((await run(s, 'SHOW sql_safe_updates')).rows, [['false']]);
    await run(s, `SET application_name = 'cp'`);
    assert.equal(s.parameterStatus().application_name, 'cp');
  });
});
