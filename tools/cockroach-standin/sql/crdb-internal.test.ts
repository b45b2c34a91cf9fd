// crdb_internal virtual tables (src/current/v24.3/crdb-internal.md lists them; columns from the source_hint lists of
// result-columns.json) and the `[SHOW …]` bracket syntax, both evaluated by PostgreSQL over a materialised CTE.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COLUMNS } from './columns.js';
import { names, objects, rejects, run, startCluster, type TestCluster } from './test-kit.js';

const cols = (k: keyof typeof COLUMNS) => COLUMNS[k].columns.map(([n]) => n);

describe('crdb_internal', () => {
  let c: TestCluster;
  before(async () => {
    c = await startCluster();
    // Two more nodes: n2 live, n3 dead (expired liveness).
    for (const n of [2, 3]) {
      const { nodeId } = await c.catalog.registerNode({ storeDir: `/tmp/${c.key}/n${n}`, address: `127.0.0.${n}:26257`,
        sqlAddress: `127.0.0.${n}:26257`, httpAddress: `127.0.0.${n}:8080`, locality: 'region=local', buildTag: 'v24.1.3' });
      await c.catalog.heartbeat(nodeId, n === 3 ? -1000 : 60_000, { capacityBytes: 2e9, availableBytes: 1e9, usedBytes: 5e8 });
    }
  });
  after(async () => { await c.close(); });

  it('SELECT * FROM crdb_internal.gossip_nodes has the documented columns', async () => {
    const r = await run(await c.session(), 'SELECT * FROM crdb_internal.gossip_nodes ORDER BY node_id');
    assert.deepEqual(names(r), cols('crdb_internal.gossip_nodes'));
    assert.deepEqual(objects(r).map((x) => [x.node_id, x.is_live, x.build_tag]), [['1', 't', 'v24.1.3'], ['2', 't', 'v24.1.3'], ['3', 'f', 'v24.1.3']]);
  });

  it('WHERE / ORDER BY / column lists run in PostgreSQL', async () => {
    const s = await c.session();
    const r = await run(s, 'SELECT node_id, membership FROM crdb_internal.gossip_liveness WHERE NOT draining AND node_id > 1 ORDER BY node_id DESC');
    assert.deepEqual(r.rows, [['3', 'active'], ['2', 'active']]);
    assert.deepEqual(r.fields.map((f) => f.typeOid), [20, 25]);
    const live = await run(s, `SELECT count(*) FROM crdb_internal.gossip_nodes g WHERE g.is_live`);
    assert.deepEqual(live.rows, [['2']]);
    const qualified = await run(s, `SELECT gossip_nodes.address FROM crdb_internal.gossip_nodes WHERE gossip_nodes.node_id = 2`);
    assert.deepEqual(qualified.rows, [['127.0.0.2:26257']]);
    const who = await run(s, 'SELECT current_user, count(*) FROM crdb_internal.gossip_nodes GROUP BY 1');
    assert.deepEqual(who.rows, [['root', '3']]);
  });

  it('kv_store_status.metrics is JSONB with the range figures of the simulated model', async () => {
    const s = await c.session();
    const r = await run(s, `SELECT node_id, store_id, (metrics->>'ranges.unavailable')::int8 AS unavailable,
      (metrics->>'ranges.underreplicated')::int8 AS under, (metrics->>'replicas')::int8 AS replicas, (metrics->>'capacity')::int8 AS capacity,
      metrics ? 'capacity.available' AND metrics ? 'capacity.used' AND metrics ? 'ranges' AS has_keys
      FROM crdb_internal.kv_store_status ORDER BY node_id`);
    const rows = objects(r);
    assert.equal(rows.length, 3);
    assert.ok(rows.every((x) => x.has_keys === 't' && x.store_id === x.node_id));
    // One of three nodes is dead: every range has 2 of 3 live replicas → all under-replicated, none unavailable.
    const report = await c.catalog.rangeReport();
    assert.equal(report.unavailable, 0);
    assert.equal(report.underReplicated, report.rangeCount);
    assert.equal(rows.reduce((n, x) => n + Number(x.under), 0), report.rangeCount);
    assert.equal(rows[0]!.capacity, '1000000000');
    assert.deepEqual(names(await run(s, 'SELECT * FROM crdb_internal.kv_store_status')), cols('crdb_internal.kv_store_status'));
    assert.deepEqual(names(await run(s, 'SELECT * FROM crdb_internal.kv_node_status')), cols('crdb_internal.kv_node_status'));
  });

  it('SELECT … FROM [SHOW …] works for any SHOW the stand-in answers', async () => {
    const s = await c.session();
    const r = await run(s, `SELECT username FROM [SHOW USERS] WHERE member_of @> ARRAY['admin'] ORDER BY 1`);
    assert.deepEqual(r.rows, [['root']]);
    const d = await run(s, `SELECT count(*) FROM [SHOW DATABASES] AS d WHERE d.owner = 'root'`);
    assert.deepEqual(d.rows, [['2']]);
  });

  it('non-admins need VIEWCLUSTERMETADATA; unknown crdb_internal tables fail loudly', async () => {
    const s = await c.session();
    await run(s, 'CREATE USER peeker; CREATE USER viewer VIEWCLUSTERMETADATA');
    await rejects(run(await c.session('peeker'), 'SELECT * FROM crdb_internal.gossip_nodes'), '42501');
    await run(await c.session('viewer'), 'SELECT * FROM crdb_internal.gossip_nodes');
    await rejects(run(s, 'SELECT * FROM crdb_internal.ranges'), '42601', /crdb_internal\.ranges/);
  });
});
