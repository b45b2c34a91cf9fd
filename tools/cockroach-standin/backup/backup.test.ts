// BACKUP / SHOW BACKUP(S) / RESTORE against a real S3 API server (s3rver). Each test gets a fresh simulated cluster
// and its own collection path. Doc pages (src/current/v24.3/ of cockroachdb/docs) are named in the test names.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { COLUMNS, type ShapeKey } from '../sql/columns.js';
import type { SqlSession } from '../sql/engine.types.js';
import { names, objects, rejects, run, startCluster, type TestCluster } from '../sql/test-kit.js';
import { startTestS3, type TestS3 } from './test-s3.js';

const cols = (key: ShapeKey) => COLUMNS[key].columns.map(([n]) => n);

describe('backup room: BACKUP, SHOW BACKUP, RESTORE on S3', () => {
  let s3: TestS3;
  let c: TestCluster;
  let root: SqlSession;
  let n = 0;
  let uri = '';
  before(async () => { s3 = await startTestS3(); });
  after(async () => { await s3.close(); });
  beforeEach(async () => {
    c = await startCluster();
    root = await c.session();
    uri = s3.uri(`collection-${++n}-${c.key}`);
  });
  afterEach(async () => { await c.close(); });

  const seedBank = async () => {
    await run(root, 'CREATE DATABASE bank');
    const b = await c.session('root', 'bank');
    await run(b, `CREATE TABLE accounts (id serial PRIMARY KEY, balance numeric NOT NULL, owner text UNIQUE, tags text[], raw bytea,
      opened timestamptz DEFAULT now())`);
    await run(b, 'CREATE INDEX accounts_balance_idx ON accounts (balance)');
    await run(b, 'CREATE TABLE notes (k int8 PRIMARY KEY, account int4 REFERENCES accounts (id), body text)');
    await run(b, `INSERT INTO accounts (balance, owner, tags, raw) VALUES (10.25, 'ada', '{a,b}', '\\xdeadbeef'), (20, 'bob', NULL, NULL)`);
    await run(b, `INSERT INTO notes VALUES (1, 1, 'hello'), (2, 2, 'world')`);
    await run(b, 'CREATE VIEW rich AS SELECT owner FROM accounts WHERE balance > 15');
    return b;
  };

  it('BACKUP DATABASE … INTO (blocking) returns job_id, status, fraction_completed, rows, index_entries, bytes (backup.md)', async () => {
    await seedBank();
    const r = await run(root, `BACKUP DATABASE bank INTO '${uri}' AS OF SYSTEM TIME '-1s'`);
    assert.deepEqual(names(r), cols('BACKUP INTO ... (blocking)'));
    const row = objects(r)[0]!;
    assert.equal(row.status, 'succeeded');
    assert.equal(row.fraction_completed, '1');
    assert.equal(row.rows, '4');
    assert.equal(row.index_entries, '4'); // accounts: 2 rows × (balance index + owner unique)
    assert.ok(Number(row.bytes) > 0);
    const job = objects(await run(root, `SHOW JOB ${row.job_id}`))[0]!;
    assert.deepEqual([job.job_type, job.status, job.fraction_completed], ['BACKUP', 'succeeded', '1']);
    assert.match(job.description ?? '', /AWS_SECRET_ACCESS_KEY=redacted/);
  });

  it('the collection is laid out as CockroachDB does: /YYYY/MM/DD-HHMMSS.ss/BACKUP_MANIFEST, data/*.sst, metadata/latest (take-full-and-incremental-backups.md)', async () => {
    await seedBank();
    await run(root, `BACKUP DATABASE bank INTO '${uri}'`);
    await run(root, `BACKUP DATABASE bank INTO LATEST IN '${uri}'`);
    const client = new S3Client({ endpoint: `http://127.0.0.1:${s3.port}`, region: 'us-east-1', forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const prefix = new URL(uri).pathname.slice(1);
    const keys = ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}/` }))).Contents ?? [])
      .map((o) => o.Key!.slice(prefix.length + 1));
    client.destroy();
    const full = keys.find((k) => /^\d{4}\/\d{2}\/\d{2}-\d{6}\.\d{2}\/BACKUP_MANIFEST$/.test(k));
    assert.ok(full, keys.join('\n'));
    const subdir = full.slice(0, -'/BACKUP_MANIFEST'.length);
    assert.ok(keys.includes(`${subdir}/BACKUP_MANIFEST-CHECKSUM`));
    assert.ok(keys.some((k) => k.startsWith(`${subdir}/data/`) && k.endsWith('.sst')));
    assert.ok(keys.some((k) => k.startsWith(`${subdir}/BACKUP-LOCK-`)));
    assert.ok(keys.some((k) => /^metadata\/latest\/LATEST-[0-9a-f]+$/.test(k)));
    assert.ok(keys.some((k) => new RegExp(`^incrementals/${subdir}/\\d{8}/\\d{6}\\.\\d{2}/BACKUP_MANIFEST$`).test(k)), keys.join('\n'));
  });

  it('SHOW BACKUPS IN lists the full backup subdirectories in column path (show-backup.md)', async () => {
    await seedBank();
    await run(root, `BACKUP DATABASE bank INTO '${uri}'`);
    await run(root, `BACKUP DATABASE bank INTO LATEST IN '${uri}'`);
    await run(root, `BACKUP DATABASE bank INTO '${uri}'`);
    const r = await run(root, `SHOW BACKUPS IN '${uri}'`);
    assert.deepEqual(names(r), ['path']);
    assert.equal(r.rows.length, 2);
    for (const [p] of r.rows) assert.match(p!, /^\/\d{4}\/\d{2}\/\d{2}-\d{6}\.\d{2}$/);
    assert.ok(r.rows[0]![0]! < r.rows[1]![0]!);
  });

  it('SHOW BACKUP FROM LATEST / subdir: documented columns, full then incremental layers (show-backup.md)', async () => {
    const b = await seedBank();
    await run(root, `BACKUP DATABASE bank INTO '${uri}'`);
    await run(b, `INSERT INTO accounts (balance, owner) VALUES (30, 'cy')`);
    await run(root, `BACKUP DATABASE bank INTO LATEST IN '${uri}'`);
    const r = await run(root, `SHOW BACKUP FROM LATEST IN '${uri}'`);
    assert.deepEqual(names(r), cols("SHOW BACKUP FROM {subdir|LATEST} IN 'uri'"));
    assert.deepEqual(names(r).slice(0, 10), ['database_name', 'parent_schema_name', 'object_name', 'object_type', 'backup_type',
      'start_time', 'end_time', 'size_bytes', 'rows', 'is_full_cluster']);
    const rows = objects(r);
    const full = rows.filter((x) => x.backup_type === 'full');
    const inc = rows.filter((x) => x.backup_type === 'incremental');
    assert.deepEqual(full.map((x) => [x.database_name, x.parent_schema_name, x.object_name, x.object_type]), [
      [null, null, 'bank', 'database'], ['bank', null, 'public', 'schema'], ['bank', 'public', 'accounts', 'table'],
      ['bank', 'public', 'notes', 'table'], ['bank', 'public', 'rich', 'table']]);
    assert.equal(full[0]!.start_time, null);
    assert.equal(full.find((x) => x.object_name === 'accounts')!.rows, '2');
    assert.equal(inc.find((x) => x.object_name === 'accounts')!.rows, '3');
    assert.equal(inc.find((x) => x.object_name === 'notes')!.rows, '0'); // unchanged since the full backup
    assert.equal(inc[0]!.start_time, full[0]!.end_time);
    assert.equal(full[0]!.is_full_cluster, 'f');
    const subdir = (await run(root, `SHOW BACKUPS IN '${uri}'`)).rows[0]![0]!;
    assert.deepEqual((await run(root, `SHOW BACKUP FROM '${subdir.slice(1)}' IN '${uri}'`)).rows, r.rows);
  });

  it('SHOW BACKUP … WITH check_files adds file_bytes; SHOW BACKUP SCHEMAS adds create_statement (show-backup.md)', async () => {
    await seedBank();
    await run(root, `BACKUP DATABASE bank INTO '${uri}'`);
    const checked = await run(root, `SHOW BACKUP FROM LATEST IN '${uri}' WITH check_files`);
    assert.deepEqual(names(checked), cols('SHOW BACKUP ... WITH check_files'));
    assert.ok(Number(objects(checked).find((x) => x.object_name === 'accounts')!.file_bytes) > 0);
    const schemas = await run(root, `SHOW BACKUP SCHEMAS FROM LATEST IN '${uri}'`);
    assert.deepEqual(names(schemas), cols("SHOW BACKUP SCHEMAS FROM subdir IN 'uri'"));
    assert.match(objects(schemas).find((x) => x.object_name === 'accounts')!.create_statement ?? '', /CREATE TABLE "public"\."accounts"/);
  });

  it('DROP DATABASE then RESTORE DATABASE … FROM LATEST brings the rows of the whole chain back (restore.md)', async () => {
    const b = await seedBank();
    await run(root, `BACKUP DATABASE bank INTO '${uri}'`);
    await run(b, `INSERT INTO accounts (balance, owner) VALUES (30, 'cy')`);
    await run(b, `UPDATE notes SET body = 'changed' WHERE k = 2`);
    await run(root, `BACKUP DATABASE bank INTO LATEST IN '${uri}'`);
    const before = (await run(b, 'SELECT id, balance, owner, tags, raw FROM accounts ORDER BY id')).rows;
    await run(root, 'DROP DATABASE bank CASCADE');
    const r = await run(root, `RESTORE DATABASE bank FROM LATEST IN '${uri}'`);
    assert.deepEqual(names(r), cols('RESTORE (blocking)'));
    assert.deepEqual([objects(r)[0]!.status, objects(r)[0]!.rows], ['succeeded', '5']);
    const back = await c.session('root', 'bank');
    assert.deepEqual((await run(back, 'SELECT id, balance, owner, tags, raw FROM accounts ORDER BY id')).rows, before);
    assert.deepEqual((await run(back, 'SELECT body FROM notes ORDER BY k')).rows, [['hello'], ['changed']]);
    assert.deepEqual((await run(back, 'SELECT owner FROM rich')).rows, [['bob'], ['cy']]);
    assert.deepEqual((await run(back, `INSERT INTO accounts (balance) VALUES (1) RETURNING id`)).rows, [['4']]); // the sequence moved on
    await rejects(run(back, `INSERT INTO notes VALUES (9, 99, 'x')`), '23503'); // the foreign key is back
    await rejects(run(back, `INSERT INTO accounts (balance, owner) VALUES (1, 'ada')`), '23505'); // and the unique index
  });

  it('RESTORE DATABASE over an existing database fails: database "bank" already exists (restore.md "Databases")', async () => {
    await seedBank();
    await run(root, `BACKUP DATABASE bank INTO '${uri}'`);
    await rejects(run(root, `RESTORE DATABASE bank FROM LATEST IN '${uri}'`), 'XXUUU', /^database "bank" already exists$/);
    await rejects(run(root, `RESTORE DATABASE nope FROM LATEST IN '${uri}'`), '3D000', /use SHOW BACKUP to find correct targets: database "nope" does not exist/);
  });

  it('RESTORE … WITH new_db_name restores a copy beside the original (restore.md "Rename a database on restore")', async () => {
    await seedBank();
    await run(root, `BACKUP DATABASE bank INTO '${uri}'`);
    await run(root, `RESTORE DATABASE bank FROM LATEST IN '${uri}' WITH new_db_name = 'new_bank'`);
    const dbs = (await run(root, 'SHOW DATABASES')).rows.map((x) => x[0]);
    assert.ok(dbs.includes('bank') && dbs.includes('new_bank'));
    const copy = await c.session('root', 'new_bank');
    assert.deepEqual((await run(copy, 'SELECT count(*) FROM accounts')).rows, [['2']]);
  });

  it('RESTORE TABLE … WITH into_db; foreign keys to tables left out need skip_missing_foreign_keys (restore.md)', async () => {
    await seedBank();
    await run(root, `BACKUP DATABASE bank INTO '${uri}'`);
    await rejects(run(root, `RESTORE TABLE bank.notes FROM LATEST IN '${uri}' WITH into_db = 'other'`), 'XXUUU',
      /a database named "other" needs to exist to restore table "notes"/);
    await run(root, 'CREATE DATABASE other');
    await rejects(run(root, `RESTORE TABLE bank.notes FROM LATEST IN '${uri}' WITH into_db = 'other'`), 'XXUUU',
      /cannot restore table "notes" without referenced table \d+ \(or "skip_missing_foreign_keys" option\)/);
    await run(root, `RESTORE TABLE bank.notes FROM LATEST IN '${uri}' WITH into_db = 'other', skip_missing_foreign_keys`);
    const o = await c.session('root', 'other');
    assert.deepEqual((await run(o, 'SELECT k, body FROM notes ORDER BY k')).rows, [['1', 'hello'], ['2', 'world']]);
    await rejects(run(root, `RESTORE TABLE bank.notes FROM LATEST IN '${uri}' WITH into_db = 'other', skip_missing_foreign_keys`), '42P07',
      /relation "notes" already exists/);
  });

  it('BACKUP … WITH DETACHED returns job_id at once; SHOW JOB shows it reach succeeded (backup.md, show-jobs.md)', async () => {
    await seedBank();
    const r = await run(root, `BACKUP DATABASE bank INTO '${uri}' WITH DETACHED`);
    assert.deepEqual(names(r), cols('BACKUP INTO ... WITH DETACHED'));
    const id = r.rows[0]![0]!;
    const done = objects(await run(root, `SHOW JOB WHEN COMPLETE ${id}`))[0]!;
    assert.deepEqual([done.job_type, done.status, done.fraction_completed], ['BACKUP', 'succeeded', '1']);
    await run(root, 'DROP DATABASE bank CASCADE');
    const rr = await run(root, `RESTORE DATABASE bank FROM LATEST IN '${uri}' WITH DETACHED`);
    assert.deepEqual(names(rr), cols('RESTORE ... WITH DETACHED'));
    const restored = objects(await run(root, `SHOW JOB WHEN COMPLETE ${rr.rows[0]![0]!}`))[0]!;
    assert.deepEqual([restored.job_type, restored.status], ['RESTORE', 'succeeded']);
    assert.deepEqual((await run(await c.session('root', 'bank'), 'SELECT count(*) FROM accounts')).rows, [['2']]);
  });

  it('CANCEL JOB on a running detached backup: cancel-requested → canceled, no BACKUP_MANIFEST (cancel-job.md)', async () => {
    await seedBank();
    process.env.COCKROACH_STANDIN_BACKUP_STEP_DELAY_MS = '300';
    try {
      const id = (await run(root, `BACKUP DATABASE bank INTO '${uri}' WITH DETACHED`)).rows[0]![0]!;
      for (let i = 0; i < 50; i++) {
        const j = objects(await run(root, `SHOW JOB ${id}`))[0]!;
        if (j.status === 'running' && Number(j.fraction_completed) > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(objects(await run(root, `SHOW JOB ${id}`))[0]!.status, 'running');
      await run(root, `CANCEL JOB ${id}`);
      const j = objects(await run(root, `SHOW JOB WHEN COMPLETE ${id}`))[0]!;
      assert.equal(j.status, 'canceled');
      assert.ok(Number(j.fraction_completed) < 1);
    } finally {
      delete process.env.COCKROACH_STANDIN_BACKUP_STEP_DELAY_MS;
    }
    assert.deepEqual((await run(root, `SHOW BACKUPS IN '${uri}'`)).rows, []);
    await rejects(run(root, `SHOW BACKUP FROM LATEST IN '${uri}'`), '58P01', /path does not contain a completed latest backup/);
  });

  it('full cluster BACKUP INTO + RESTORE FROM LATEST into a FRESH cluster: databases, rows, users (restore.md "Full cluster")', async () => {
    await seedBank();
    await run(root, `CREATE USER maxroach WITH PASSWORD 'secret'`);
    await run(root, 'CREATE TABLE kv (k int PRIMARY KEY)');
    await run(root, 'INSERT INTO kv VALUES (7)');
    await run(root, `BACKUP INTO '${uri}'`);
    const shown = objects(await run(root, `SHOW BACKUP FROM LATEST IN '${uri}'`));
    assert.equal(shown[0]!.object_name, 'system');
    assert.ok(shown.every((x) => x.is_full_cluster === 't'));
    assert.ok(shown.some((x) => x.database_name === 'system' && x.object_name === 'users'));
    // A cluster with user data refuses a full cluster restore.
    await rejects(run(root, `RESTORE FROM LATEST IN '${uri}'`), 'XXUUU',
      /^full cluster restore can only be run on a cluster with no tables or databases but found \d+ descriptors: /);

    const fresh = await startCluster();
    try {
      const s = await fresh.session();
      const r = await run(s, `RESTORE FROM LATEST IN '${uri}'`);
      assert.equal(objects(r)[0]!.status, 'succeeded');
      const b = await fresh.session('root', 'bank');
      assert.deepEqual((await run(b, 'SELECT owner FROM accounts ORDER BY id')).rows, [['ada'], ['bob']]);
      assert.deepEqual((await run(s, 'SELECT k FROM kv')).rows, [['7']]);
      assert.ok((await run(s, 'SHOW USERS')).rows.some((x) => x[0] === 'maxroach'));
      assert.equal(await fresh.engine.checkPassword('maxroach', 'secret'), true);
    } finally {
      await fresh.close();
    }
    // A database backup cannot be restored as a cluster.
    const dbOnly = s3.uri(`db-only-${c.key}`);
    await run(root, `BACKUP DATABASE bank INTO '${dbOnly}'`);
    const other = await startCluster();
    try {
      await rejects(run(await other.session(), `RESTORE FROM LATEST IN '${dbOnly}'`), 'XXUUU',
        /full cluster RESTORE can only be used on full cluster BACKUP files/);
    } finally {
      await other.close();
    }
  });

  it('external:// URIs resolve through CREATE EXTERNAL CONNECTION (create-external-connection.md)', async () => {
    await seedBank();
    await run(root, `CREATE EXTERNAL CONNECTION backup_s3 AS '${uri}'`);
    await run(root, `BACKUP DATABASE bank INTO 'external://backup_s3'`);
    assert.equal((await run(root, `SHOW BACKUPS IN 'external://backup_s3'`)).rows.length, 1);
    assert.equal((await run(root, `SHOW BACKUPS IN '${uri}'`)).rows.length, 1);
    await rejects(run(root, `SHOW BACKUPS IN 'external://nope'`), '42704', /external connection with name nope does not exist/);
  });

  it('storage errors carry a SQLSTATE: bad credentials, missing bucket, unreachable endpoint (use-cloud-storage.md)', async () => {
    await seedBank();
    const badKey = s3.uri('x', { key: 'WRONG', secret: 'WRONG' });
    await rejects(run(root, `BACKUP DATABASE bank INTO '${badKey}'`), '58030', /InvalidAccessKeyId/);
    const failed = objects(await run(root, `SELECT status, error FROM [SHOW JOBS] WHERE job_type = 'BACKUP'`));
    assert.equal(failed[0]!.status, 'failed');
    await rejects(run(root, `SHOW BACKUPS IN '${s3.uri('x', { bucket: 'no-such-bucket' })}'`), '58030', /NoSuchBucket/);
    await rejects(run(root, `SHOW BACKUPS IN '${s3.uri('x', { endpoint: 'http://127.0.0.1:1' })}'`), '58030', /failed to list s3 bucket/);
    await rejects(run(root, `BACKUP DATABASE bank INTO 's3://b/p?AWS_ACCESS_KEY_ID=x'`), '22023', /AWS_SECRET_ACCESS_KEY is not set/);
    await rejects(run(root, `RESTORE DATABASE bank FROM LATEST IN '${s3.uri('empty')}'`), '58P01', /path does not contain a completed latest backup/);
    await rejects(run(root, `BACKUP DATABASE nope INTO '${uri}'`), '3D000', /database "nope" does not exist/);
  });

  it('RESTORE … AS OF SYSTEM TIME picks the layer at that time; other times need revision_history (restore.md)', async () => {
    const b = await seedBank();
    await run(root, `BACKUP DATABASE bank INTO '${uri}' AS OF SYSTEM TIME '-2s'`);
    await run(b, `INSERT INTO accounts (balance, owner) VALUES (30, 'cy')`);
    await run(root, `BACKUP DATABASE bank INTO LATEST IN '${uri}'`);
    const full = objects(await run(root, `SHOW BACKUP FROM LATEST IN '${uri}'`)).find((x) => x.backup_type === 'full')!;
    await run(root, `RESTORE DATABASE bank FROM LATEST IN '${uri}' AS OF SYSTEM TIME '${full.end_time}' WITH new_db_name = 'bank_then'`);
    assert.deepEqual((await run(await c.session('root', 'bank_then'), 'SELECT count(*) FROM accounts')).rows, [['2']]);
    const between = new Date(new Date(full.end_time!.replace(' ', 'T').replace(/(\.\d{3})\d*/, '$1')).getTime() + 10).toISOString();
    await rejects(run(root, `RESTORE DATABASE bank FROM LATEST IN '${uri}' AS OF SYSTEM TIME '${between}' WITH new_db_name = 'x'`), 'XXUUU',
      /restoring to arbitrary time requires that BACKUP for requested time be performed with revision_history/);
  });
});
