// Over the real wire (wire/server.ts, --insecure): the backup room's answers arrive with the columns and type OIDs of
// sql/columns.ts (doc page of each shape in the test name).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startWireServer, type WireServer } from '../wire/server.js';
import { COLUMNS, OID, type ShapeKey } from '../sql/columns.js';
import { startCluster, type TestCluster } from '../sql/test-kit.js';
import { startTestS3, type TestS3 } from './test-s3.js';

describe('backup answers over the wire', () => {
  let c: TestCluster;
  let s3: TestS3;
  let server: WireServer;
  let client: pg.Client;
  let uri = '';
  before(async () => {
    c = await startCluster();
    s3 = await startTestS3();
    uri = s3.uri(`wire-${c.key}`);
    server = await startWireServer({ host: '127.0.0.1', port: 0, engine: c.engine, tls: null });
    client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'root', database: 'defaultdb' });
    await client.connect();
    await client.query('CREATE TABLE t (k INT8 PRIMARY KEY); INSERT INTO t VALUES (1), (2)');
  });
  after(async () => {
    await client?.end();
    await server?.close();
    await c?.close();
    await s3?.close();
  });

  const CASES: [ShapeKey, () => string][] = [
    ['BACKUP INTO ... (blocking)', () => `BACKUP DATABASE defaultdb INTO '${uri}'`],
    ['BACKUP INTO ... WITH DETACHED', () => `BACKUP DATABASE defaultdb INTO LATEST IN '${uri}' WITH detached`],
    ["SHOW BACKUPS IN 'uri'", () => `SHOW BACKUPS IN '${uri}'`],
    ["SHOW BACKUP FROM {subdir|LATEST} IN 'uri'", () => `SHOW BACKUP FROM LATEST IN '${uri}'`],
    ['SHOW BACKUP ... WITH check_files', () => `SHOW BACKUP FROM LATEST IN '${uri}' WITH check_files`],
    ["SHOW BACKUP SCHEMAS FROM subdir IN 'uri'", () => `SHOW BACKUP SCHEMAS FROM LATEST IN '${uri}'`],
    ['RESTORE (blocking)', () => `RESTORE TABLE defaultdb.t FROM LATEST IN '${uri}' WITH into_db = 'copy'`],
    ['RESTORE ... WITH DETACHED', () => `RESTORE DATABASE defaultdb FROM LATEST IN '${uri}' WITH new_db_name = 'copy2', detached`],
    ['CREATE SCHEDULE FOR BACKUP', () => `CREATE SCHEDULE w FOR BACKUP DATABASE defaultdb INTO '${s3.uri(`wire-sched-${c.key}`)}' RECURRING '@daily'`],
    ['SHOW SCHEDULES', () => 'SHOW SCHEDULES'],
    ['SHOW RUNNING SCHEDULES', () => 'SHOW RUNNING SCHEDULES'],
  ];

  for (const [key, sql] of CASES) {
    it(`${key} → ${COLUMNS[key].doc}`, async () => {
      if (key === 'RESTORE (blocking)') await client.query('CREATE DATABASE copy');
      const r = await client.query(sql());
      assert.deepEqual(r.fields.map((f) => f.name), COLUMNS[key].columns.map(([n]) => n));
      assert.deepEqual(r.fields.map((f) => f.dataTypeID), COLUMNS[key].columns.map(([, t]) => OID[t]));
      if (key.includes('DETACHED')) await client.query(`SHOW JOB WHEN COMPLETE ${String((r.rows[0] as { job_id: string }).job_id)}`);
    });
  }
});
