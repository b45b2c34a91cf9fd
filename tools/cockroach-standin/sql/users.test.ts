// Users and roles: src/current/v24.3/create-user.md, create-role.md, alter-user.md, drop-user.md, show-users.md.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { names, objects, rejects, run, startCluster, type TestCluster } from './test-kit.js';

describe('users and roles', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(); });
  after(async () => { await c.close(); });

  it('SHOW USERS after init: admin and root, columns of show-users.md', async () => {
    const s = await c.session();
    const r = await run(s, 'SHOW USERS');
    assert.deepEqual(names(r), ['username', 'options', 'member_of']);
    assert.deepEqual(r.rows, [['admin', '', '{}'], ['root', '', '{admin}']]);
    assert.equal(r.fields[2]!.typeOid, 1009);
  });

  it('create with options, password by placeholder; duplicate is 42710; IF NOT EXISTS is quiet', async () => {
    const s = await c.session();
    assert.equal((await run(s, `CREATE USER "Max" WITH PASSWORD $1 CREATEROLE CREATELOGIN`, ['s3cret'])).command, 'CREATE ROLE');
    await run(s, `CREATE ROLE analysts`);
    await run(s, `CREATE USER with_password WITH LOGIN PASSWORD 'x' VALID UNTIL '2099-10-10'`);
    const rows = objects(await run(s, 'SHOW ROLES'));
    assert.deepEqual(rows.find((r) => r.username === 'max'), { username: 'max', options: 'CREATELOGIN, CREATEROLE', member_of: '{}' });
    assert.equal(rows.find((r) => r.username === 'analysts')!.options, 'NOLOGIN');
    assert.equal(rows.find((r) => r.username === 'with_password')!.options, 'VALID UNTIL=2099-10-10 00:00:00+00:00');
    await rejects(run(s, 'CREATE USER max'), '42710', /a role\/user named max already exists/);
    await run(s, 'CREATE USER IF NOT EXISTS max');
    await rejects(run(s, 'CREATE USER public'), '42939');
    await rejects(run(s, `CREATE USER "bad name"`), '42602');
  });

  it('checkPassword: ok after CREATE, false with the old one after ALTER, false after DROP', async () => {
    const s = await c.session();
    await run(s, `CREATE USER pwuser WITH PASSWORD 'first'`);
    assert.equal(await c.engine.checkPassword('pwuser', 'first'), true);
    assert.equal(await c.engine.checkPassword('pwuser', 'wrong'), false);
    await run(s, `ALTER USER pwuser WITH PASSWORD 'second'`);
    assert.equal(await c.engine.checkPassword('pwuser', 'first'), false);
    assert.equal(await c.engine.checkPassword('pwuser', 'second'), true);
    assert.equal(await c.engine.canLogin('pwuser'), true);
    await run(s, 'ALTER ROLE pwuser NOLOGIN');
    assert.equal(await c.engine.checkPassword('pwuser', 'second'), false);
    assert.equal(await c.engine.canLogin('pwuser'), false);
    await run(s, 'DROP USER pwuser');
    assert.equal(await c.engine.checkPassword('pwuser', 'second'), false);
    // The hash is never the password.
    const stored = await c.catalog.db.query<{ password_hash: string }>(`SELECT password_hash FROM standin.roles WHERE username = 'max'`);
    assert.match(stored.rows[0]!.password_hash, /^scrypt\$/);
    assert.doesNotMatch(stored.rows[0]!.password_hash, /s3cret/);
  });

  it('DROP: missing is 42704, IF EXISTS quiet, several names, special roles refused', async () => {
    const s = await c.session();
    await run(s, 'CREATE USER d1; CREATE USER d2');
    await run(s, 'DROP USER d1, d2');
    await rejects(run(s, 'DROP USER d1'), '42704', /role\/user "d1" does not exist/);
    await run(s, 'DROP ROLE IF EXISTS d1, d2');
    await rejects(run(s, 'DROP USER root'), '22023', /cannot drop special role root/);
    await rejects(run(s, 'DROP ROLE admin'), '22023');
    await rejects(run(s, 'ALTER USER nobody WITH PASSWORD $1', ['x']), '42704');
  });

  it('non-admin without CREATEROLE gets 42501; CREATEROLE is enough; own password may change', async () => {
    const root = await c.session();
    await run(root, `CREATE USER plain WITH PASSWORD 'p'; CREATE USER manager CREATEROLE`);
    const plain = await c.session('plain');
    await rejects(run(plain, 'CREATE USER x'), '42501', /user plain does not have CREATEROLE privilege/);
    await rejects(run(plain, 'DROP USER manager'), '42501');
    await run(plain, `ALTER USER plain WITH PASSWORD 'mine'`);
    assert.equal(await c.engine.checkPassword('plain', 'mine'), true);
    const manager = await c.session('manager');
    await run(manager, 'CREATE USER managed');
    await rejects(run(manager, `ALTER USER root WITH PASSWORD 'x'`), '42501');
    await run(manager, 'DROP USER managed');
  });

  it('two clusters never share a user', async () => {
    const other = await startCluster();
    try {
      const s = await c.session();
      await run(s, `CREATE USER only_here WITH PASSWORD 'pw'`);
      assert.equal(await c.engine.checkPassword('only_here', 'pw'), true);
      assert.equal(await other.engine.checkPassword('only_here', 'pw'), false);
      const r = await run(await other.session(), 'SHOW USERS');
      assert.deepEqual(r.rows.map((x) => x[0]), ['admin', 'root']);
    } finally {
      await other.close();
    }
  });
});
