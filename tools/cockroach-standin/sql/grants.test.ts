// GRANT / REVOKE / SHOW GRANTS: src/current/v24.3/grant.md, revoke.md, show-grants.md.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { names, objects, rejects, run, startCluster, type TestCluster } from './test-kit.js';

describe('grants', () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster();
    const s = await c.session();
    await run(s, `CREATE DATABASE movr; USE movr; CREATE TABLE users (id INT8 PRIMARY KEY); CREATE USER max; CREATE ROLE dev`);
  });
  after(async () => { await c.close(); });

  it('role membership: GRANT role TO user [WITH ADMIN OPTION], SHOW GRANTS ON ROLE, REVOKE', async () => {
    const s = await c.session('root', 'movr');
    assert.equal((await run(s, 'GRANT dev TO max WITH ADMIN OPTION')).command, 'GRANT');
    const r = await run(s, 'SHOW GRANTS ON ROLE');
    assert.deepEqual(names(r), ['role_name', 'member', 'is_admin']);
    assert.deepEqual(r.rows, [['admin', 'root', 't'], ['dev', 'max', 't']]);
    assert.deepEqual((await run(s, 'SHOW GRANTS ON ROLE dev FOR max')).rows, [['dev', 'max', 't']]);
    assert.deepEqual(objects(await run(s, 'SHOW USERS')).find((u) => u.username === 'max')!.member_of, '{dev}');
    await run(s, 'REVOKE ADMIN OPTION FOR dev FROM max');
    assert.deepEqual((await run(s, 'SHOW GRANTS ON ROLE dev')).rows, [['dev', 'max', 'f']]);
    await rejects(run(s, 'GRANT max TO dev'), '0LP01', /cycle/);
    await rejects(run(s, 'GRANT dev TO ghost'), '42704', /role\/user "ghost" does not exist/);
    await run(s, 'REVOKE dev FROM max');
    assert.deepEqual((await run(s, 'SHOW GRANTS ON ROLE dev')).rows, []);
  });

  it('GRANT … ON DATABASE and SHOW GRANTS ON DATABASE (implicit admin/root ALL, public CONNECT)', async () => {
    const s = await c.session('root', 'movr');
    await run(s, 'GRANT CREATE, CONNECT ON DATABASE movr TO max');
    const r = await run(s, 'SHOW GRANTS ON DATABASE movr');
    assert.deepEqual(names(r), ['database_name', 'grantee', 'privilege_type', 'is_grantable']);
    assert.deepEqual(r.rows, [['movr', 'admin', 'ALL', 't'], ['movr', 'max', 'CONNECT', 'f'], ['movr', 'max', 'CREATE', 'f'],
      ['movr', 'public', 'CONNECT', 'f'], ['movr', 'root', 'ALL', 't']]);
    assert.deepEqual((await run(s, 'SHOW GRANTS ON DATABASE movr FOR max')).rows.map((x) => x[2]), ['CONNECT', 'CREATE']);
    await rejects(run(s, 'GRANT SELECT ON DATABASE movr TO max'), '0LP01', /invalid privilege type SELECT for database/);
    await rejects(run(s, 'GRANT CONNECT ON DATABASE movr TO ghost'), '42704');
    await rejects(run(s, 'GRANT CONNECT ON DATABASE nope TO max'), '3D000');
    await run(s, 'REVOKE CREATE ON DATABASE movr FROM max');
    assert.deepEqual((await run(s, 'SHOW GRANTS ON DATABASE movr FOR max')).rows.map((x) => x[2]), ['CONNECT']);
  });

  it('GRANT … ON TABLE / ALL TABLES IN SCHEMA and SHOW GRANTS ON TABLE; REVOKE one from ALL', async () => {
    const s = await c.session('root', 'movr');
    await run(s, 'CREATE TABLE rides (id INT8)');
    await run(s, 'GRANT SELECT, INSERT ON TABLE users TO max WITH GRANT OPTION');
    const r = await run(s, 'SHOW GRANTS ON TABLE users');
    assert.deepEqual(names(r), ['database_name', 'schema_name', 'table_name', 'grantee', 'privilege_type', 'is_grantable']);
    assert.deepEqual(r.rows.filter((x) => x[3] === 'max'), [['movr', 'public', 'users', 'max', 'INSERT', 't'], ['movr', 'public', 'users', 'max', 'SELECT', 't']]);
    await run(s, 'GRANT ALL ON ALL TABLES IN SCHEMA public TO dev');
    await run(s, 'REVOKE DELETE ON rides FROM dev');
    const dev = (await run(s, 'SHOW GRANTS ON TABLE rides FOR dev')).rows.map((x) => x[4]);
    assert.ok(!dev.includes('DELETE') && !dev.includes('ALL') && dev.includes('SELECT'));
    await rejects(run(s, 'GRANT SELECT ON TABLE nosuch TO max'), '42P01');
    await rejects(run(s, 'GRANT CONNECT ON TABLE users TO max'), '0LP01');
  });

  it('SHOW GRANTS (all in the current database) and SHOW GRANTS FOR u', async () => {
    const s = await c.session('root', 'movr');
    const r = await run(s, 'SHOW GRANTS');
    assert.deepEqual(names(r), ['database_name', 'schema_name', 'object_name', 'object_type', 'grantee', 'privilege_type', 'is_grantable']);
    const rows = objects(r);
    assert.ok(rows.some((x) => x.object_type === 'database' && x.schema_name === null && x.grantee === 'public' && x.privilege_type === 'CONNECT'));
    assert.ok(rows.some((x) => x.object_type === 'schema' && x.schema_name === 'public' && x.grantee === 'public' && x.privilege_type === 'CREATE'));
    assert.ok(rows.some((x) => x.object_type === 'table' && x.object_name === 'users' && x.grantee === 'max' && x.privilege_type === 'SELECT'));
    const forMax = objects(await run(s, 'SHOW GRANTS FOR max'));
    assert.ok(forMax.length > 0 && forMax.every((x) => x.grantee === 'max' || x.grantee === 'public'));
    await run(s, 'GRANT USAGE ON SCHEMA public TO max');
    assert.deepEqual(names(await run(s, 'SHOW GRANTS ON SCHEMA public')), ['database_name', 'schema_name', 'grantee', 'privilege_type', 'is_grantable']);
  });

  it('a user with grants cannot be dropped (2BP01); CONNECT is enforced for non-admins', async () => {
    const s = await c.session('root', 'movr');
    await rejects(run(s, 'DROP USER max'), '2BP01');
    await run(s, 'CREATE USER outsider; REVOKE CONNECT ON DATABASE movr FROM public');
    await rejects(c.session('outsider', 'movr'), '42501', /CONNECT privilege/);
    const m = await c.session('max', 'movr'); // max holds CONNECT directly
    await rejects(run(m, 'GRANT CREATE ON DATABASE movr TO outsider'), '42501');
    await run(s, 'GRANT CONNECT ON DATABASE movr TO public');
  });
});
