// CockroachDB-only statements the stand-in does not implement must fail loudly: 42601 with the statement in the
// message (never a PostgreSQL answer to a CockroachDB question).
import { after, before, describe, it } from 'node:test';
import { rejects, run, startCluster, type TestCluster } from './test-kit.js';

const STATEMENTS = [
  `ALTER BACKUP SCHEDULE 123 SET RECURRING '@daily'`,
  `ALTER BACKUP 'sub' IN 's3://bucket' ADD NEW_KMS = 'aws:///k'`,
  `BACKUP INTO 's3://bucket/path' WITH encryption_passphrase = 'x'`,
  `BACKUP INTO 'nodelocal://1/path'`,
  `SHOW SCHEDULES FOR BACKUP`,
  `CREATE SCHEDULE f FOR CHANGEFEED TABLE t INTO 'kafka://k' RECURRING '@daily'`,
  `IMPORT INTO t CSV DATA ('s3://bucket/x.csv')`,
  'SHOW RANGES FROM TABLE t',
  'SHOW TABLES',
  'ALTER RANGE default CONFIGURE ZONE USING num_replicas = 5',
  'ALTER DATABASE defaultdb CONFIGURE ZONE USING gc.ttlseconds = 600',
  `SELECT * FROM t AS OF SYSTEM TIME '-1s'`,
  'UPSERT INTO t VALUES (1)',
  'SHOW ZONE CONFIGURATIONS',
];

describe('unknown CockroachDB statements', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(); });
  after(async () => { await c.close(); });

  for (const sql of STATEMENTS) {
    it(`42601 for: ${sql}`, async () => {
      const s = await c.session();
      await rejects(run(s, sql), '42601', new RegExp(sql.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    });
  }

  it('syntax errors in known statements are 42601 too', async () => {
    const s = await c.session();
    await rejects(run(s, 'CREATE USER'), '42601');
    await rejects(run(s, 'CREATE USER x WITH SUPERPOWERS'), '42601');
    await rejects(run(s, `SELECT 'unterminated`), '42601');
  });
});
