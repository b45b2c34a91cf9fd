// External connections: src/current/v24.3/create-external-connection.md, show-external-connection.md,
// show-create-external-connection.md, drop-external-connection.md.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { names, rejects, run, startCluster, type TestCluster } from './test-kit.js';

describe('external connections', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(); });
  after(async () => { await c.close(); });

  it('create, show (redacted), show create (not redacted), duplicate, drop', async () => {
    const s = await c.session();
    const uri = 's3://bucket?AWS_ACCESS_KEY_ID=AKIA1&AWS_SECRET_ACCESS_KEY=topsecret&AWS_ENDPOINT=http://127.0.0.1:9000';
    assert.equal((await run(s, `CREATE EXTERNAL CONNECTION backups AS '${uri}'`)).command, 'CREATE EXTERNAL CONNECTION');
    await run(s, `CREATE EXTERNAL CONNECTION IF NOT EXISTS backups AS 's3://other'`);
    await rejects(run(s, `CREATE EXTERNAL CONNECTION backups AS 's3://other'`), '42710', /already exists/);
    await run(s, `CREATE EXTERNAL CONNECTION pg AS $1`, ['postgresql://u:pw@host:26257/db']);
    const r = await run(s, 'SHOW EXTERNAL CONNECTIONS');
    assert.deepEqual(names(r), ['connection_name', 'connection_uri', 'connection_type']);
    assert.deepEqual(r.rows, [
      ['backups', 's3://bucket?AWS_ACCESS_KEY_ID=AKIA1&AWS_SECRET_ACCESS_KEY=redacted&AWS_ENDPOINT=http://127.0.0.1:9000', 'STORAGE'],
      ['pg', 'postgresql://u:redacted@host:26257/db', 'FOREIGNDATA'],
    ]);
    assert.deepEqual((await run(s, 'SHOW EXTERNAL CONNECTION pg')).rows.length, 1);
    const create = await run(s, 'SHOW CREATE EXTERNAL CONNECTION backups');
    assert.deepEqual(names(create), ['connection_name', 'create_statement']);
    assert.equal(create.rows[0]![1], `CREATE EXTERNAL CONNECTION 'backups' AS '${uri}'`);
    await rejects(run(s, `CREATE EXTERNAL CONNECTION bad AS 'ftp://x'`), '22023', /unsupported External Connection provider "ftp"/);
    assert.equal((await run(s, 'DROP EXTERNAL CONNECTION pg')).command, 'DROP EXTERNAL CONNECTION');
    await rejects(run(s, 'SHOW EXTERNAL CONNECTION pg'), '42704');
    await run(s, 'CREATE USER nonadmin');
    await rejects(run(await c.session('nonadmin'), `CREATE EXTERNAL CONNECTION mine AS 'nodelocal://1/x'`), '42501');
    assert.deepEqual((await run(await c.session('nonadmin'), 'SHOW EXTERNAL CONNECTIONS')).rows, []);
  });
});
