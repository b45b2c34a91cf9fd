// Over the real wire (wire/server.ts, --insecure): every CockroachDB-only answer arrives with the columns of
// columns.ts, which follow CockroachDB's docs (the doc page of each case is in its test name).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startWireServer, type WireServer } from '../wire/server.js';
import { COLUMNS, OID, type ShapeKey } from './columns.js';
import { startCluster, type TestCluster } from './test-kit.js';

const CASES: [ShapeKey, string][] = [
  ['SHOW USERS', 'SHOW USERS'],
  ['SHOW ROLES', 'SHOW ROLES'],
  ['SHOW GRANTS', 'SHOW GRANTS'],
  ['SHOW GRANTS FOR user', 'SHOW GRANTS FOR max'],
  ['SHOW GRANTS ON DATABASE x', 'SHOW GRANTS ON DATABASE defaultdb'],
  ['SHOW GRANTS ON SCHEMA x', 'SHOW GRANTS ON SCHEMA public'],
  ['SHOW GRANTS ON TABLE x', 'SHOW GRANTS ON TABLE t'],
  ['SHOW GRANTS ON ROLE', 'SHOW GRANTS ON ROLE'],
  ['SHOW GRANTS ON ROLE', 'SHOW GRANTS ON ROLE admin FOR root'],
  ['SHOW GRANTS ON EXTERNAL CONNECTION x', 'SHOW GRANTS ON EXTERNAL CONNECTION bucket'],
  ['SHOW DATABASES', 'SHOW DATABASES'],
  ['SHOW SCHEMAS FROM db', 'SHOW SCHEMAS FROM defaultdb'],
  ['SHOW CLUSTER SETTINGS', 'SHOW CLUSTER SETTINGS'],
  ['SHOW ALL CLUSTER SETTINGS', 'SHOW ALL CLUSTER SETTINGS'],
  ['SHOW JOBS', 'SHOW JOBS'],
  ['SHOW EXTERNAL CONNECTIONS', 'SHOW EXTERNAL CONNECTIONS'],
  ['SHOW EXTERNAL CONNECTIONS', 'SHOW EXTERNAL CONNECTION bucket'],
  ['SHOW CREATE EXTERNAL CONNECTION', 'SHOW CREATE ALL EXTERNAL CONNECTIONS'],
  ['crdb_internal.gossip_nodes', 'SELECT * FROM crdb_internal.gossip_nodes'],
  ['crdb_internal.gossip_liveness', 'SELECT * FROM crdb_internal.gossip_liveness'],
  ['crdb_internal.kv_node_status', 'SELECT * FROM crdb_internal.kv_node_status'],
  ['crdb_internal.kv_store_status', 'SELECT * FROM crdb_internal.kv_store_status'],
  ['crdb_internal.jobs', 'SELECT * FROM crdb_internal.jobs'],
  ['crdb_internal.cluster_settings', 'SELECT * FROM crdb_internal.cluster_settings'],
];

describe('CockroachDB-only answers over the wire', () => {
  let c: TestCluster;
  let server: WireServer;
  let client: pg.Client;
  let jobId = '';
  before(async () => {
    c = await startCluster();
    server = await startWireServer({ host: '127.0.0.1', port: 0, engine: c.engine, tls: null });
    client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'root', database: 'defaultdb' });
    await client.connect();
    await client.query(`CREATE TABLE t (k INT8 PRIMARY KEY); CREATE USER max; CREATE EXTERNAL CONNECTION bucket AS 's3://b?AWS_SECRET_ACCESS_KEY=x'`);
    jobId = (await c.catalog.jobs.createJob({ jobType: 'BACKUP', description: 'BACKUP', userName: 'root' })).jobId;
  });
  after(async () => {
    await client?.end();
    await server?.close();
    await c?.close();
  });

  for (const [key, sql] of CASES) {
    it(`${sql} → ${COLUMNS[key].doc}`, async () => {
      const r = await client.query(sql);
      assert.deepEqual(r.fields.map((f) => f.name), COLUMNS[key].columns.map(([n]) => n));
      assert.deepEqual(r.fields.map((f) => f.dataTypeID), COLUMNS[key].columns.map(([, t]) => OID[t]));
    });
  }

  it('SHOW JOB <id> → src/current/v24.3/show-jobs.md (+ v24.1.0-beta.1 release note)', async () => {
    const r = await client.query('SHOW JOB $1', [jobId]);
    assert.deepEqual(r.fields.map((f) => f.name), COLUMNS['SHOW JOB <id>'].columns.map(([n]) => n));
    assert.equal(r.rows.length, 1);
  });

  it('SHOW CLUSTER SETTING version → one column named after the setting (show-cluster-setting.md)', async () => {
    const r = await client.query('SHOW CLUSTER SETTING version');
    assert.deepEqual(r.fields.map((f) => f.name), ['version']);
    assert.deepEqual(r.rows, [{ version: '24.1' }]);
  });

  it('errors keep their SQLSTATE: 42601 unknown statement, 42710 duplicate user, 42P04 duplicate database', async () => {
    await assert.rejects(client.query(`IMPORT INTO t CSV DATA ('s3://b/x.csv')`), { code: '42601' });
    await assert.rejects(client.query('CREATE USER max'), { code: '42710' });
    await assert.rejects(client.query('CREATE DATABASE defaultdb'), { code: '42P04' });
  });

  it('ParameterStatus carries CockroachDB\'s server_version and crdb_version', async () => {
    const other = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'root', database: 'defaultdb' });
    const params: Record<string, string> = {};
    (other.connection as unknown as NodeJS.EventEmitter).on('parameterStatus', (m: { parameterName: string; parameterValue: string }) => {
      params[m.parameterName] = m.parameterValue;
    });
    await other.connect();
    await other.end();
    assert.equal(params.server_version, '13.0.0');
    assert.match(params.crdb_version ?? '', /^CockroachDB CCL v24\.1\.3 /);
    assert.equal(params.session_authorization, 'root');
  });
});
