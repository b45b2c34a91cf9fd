// The managed-cluster SQL client's pools, against a real PostgreSQL-protocol server (the stand-in's wire room with a
// small scripted engine): the global connection cap evicts the least recently used idle pool and refuses with 503
// when none is idle, a changed credential never reuses a pool, and closing a cluster really closes its connections.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClusterSql } from '../../../src/infra/cockroach/cluster-sql.js';
import type { ClusterTarget } from '../../../src/infra/cockroach/target.js';
import type { AppError } from '../../../src/shared/errors.js';
import { startWireServer } from '../../../tools/cockroach-standin/wire/server.js';
import { fakeEngine, makePki, waitFor, type Pki } from '../../../tools/cockroach-standin/wire/testkit.js';

describe('managed-cluster SQL pools', () => {
  let server: Awaited<ReturnType<typeof startWireServer>>;
  let pki: Pki;
  const engine = fakeEngine();
  const target = (clusterId: string, password = 'alicepw'): ClusterTarget => ({
    clusterId, endpoints: [{ host: '127.0.0.1', port: server.port }], tls: { ca: pki.ca }, user: 'alice', password,
  });

  before(async () => {
    pki = await makePki();
    server = await startWireServer({ host: '127.0.0.1', port: 0, engine: engine.engine, tls: { cert: pki.nodeCert, key: pki.nodeKey, ca: pki.ca } });
  });
  after(() => server.close());

  it('evicts the least recently used idle pool at the global cap, and refuses when no pool is idle', async () => {
    const sql = createClusterSql({ connectTimeoutMs: async () => 2_000, perClusterMax: 2, globalMax: 4 });
    try {
      assert.deepEqual(await sql.query(target('a'), 'SELECT 1'), [{ '?column?': '1' }]);
      await sql.query(target('b'), 'SELECT 1');
      assert.equal(sql.stats().clusters, 2);
      await sql.query(target('c'), 'SELECT 1');
      assert.equal(sql.stats().clusters, 2, 'a third cluster took the place of the least recently used one');
      assert.equal(sql.connectedVia('a'), null, 'cluster a was evicted');
      assert.ok(sql.connectedVia('c'));

      // b and c both busy (a slow statement each): a fourth cluster finds nothing idle to evict.
      const slow = [sql.query(target('b'), 'SLOW'), sql.query(target('c'), 'SLOW')];
      await waitFor(() => engine.state.slowStarted >= 2, 'both slow statements running');
      await assert.rejects(sql.query(target('d'), 'SELECT 1'), (e: AppError) => e.status === 503 && /cap of 4 managed-cluster connections/.test(e.message));
      engine.release();
      await Promise.all(slow);
    } finally {
      await sql.close();
    }
  });

  it('never reuses a pool after the credentials change, and closing a cluster closes its connections', async () => {
    const sql = createClusterSql({ connectTimeoutMs: async () => 2_000 });
    try {
      await sql.query(target('x'), 'SELECT 1');
      await assert.rejects(sql.query(target('x', 'wrong'), 'SELECT 1'), (e: AppError) => e.status === 503 && /refused cp's service user "alice"/.test(e.message));
      await sql.query(target('x'), 'SELECT 1');
      await waitFor(() => server.connections() === 1, 'one connection left (the stale pool was ended)');
      await sql.closeCluster('x');
      await waitFor(() => server.connections() === 0, 'no connection after closeCluster');
    } finally {
      await sql.close();
    }
  });
});
