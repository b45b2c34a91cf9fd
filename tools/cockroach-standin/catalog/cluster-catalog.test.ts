// The catalog contract the node room builds on: init once, node ids stable across restarts, liveness by expiration,
// concurrent opens safe.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ADMIN_URL, newClusterKey } from '../sql/test-kit.js';
import { openClusterCatalog, type ClusterCatalog } from './cluster-catalog.js';
import { dropClusterPgDatabases, listClusterPgDatabases } from './pg-admin.js';

describe('cluster catalog', () => {
  const key = newClusterKey();
  const opened: ClusterCatalog[] = [];
  after(async () => {
    for (const c of opened) await c.close();
    await dropClusterPgDatabases(ADMIN_URL, key);
    assert.deepEqual(await listClusterPgDatabases(ADMIN_URL, key), []);
  });
  const reg = (storeDir: string, buildTag = 'v24.1.3') => ({ storeDir, address: 'a:1', sqlAddress: 'a:2', httpAddress: 'a:3', locality: '', buildTag });

  it('two processes opening at once both get a working schema', async () => {
    opened.push(...(await Promise.all([openClusterCatalog({ adminUrl: ADMIN_URL, clusterKey: key }), openClusterCatalog({ adminUrl: ADMIN_URL, clusterKey: key })])));
    await Promise.all(opened.map((c) => c.ensureSchema()));
    assert.equal(await opened[0]!.isInitialized(), false);
  });

  it('initialize once: root, admin, defaultdb, postgres, version = build major; then "already"', async () => {
    const [a, b] = opened as [ClusterCatalog, ClusterCatalog];
    const results = await Promise.all([a.initialize({ buildTag: 'v24.1.3' }), b.initialize({ buildTag: 'v24.1.3' })]);
    assert.deepEqual(results.sort(), ['already', 'initialized']);
    assert.equal(await b.isInitialized(), true);
    assert.deepEqual((await a.roles.list()).map((r) => [r.username, r.memberOf]), [['admin', []], ['root', ['admin']]]);
    assert.deepEqual((await a.databases.list()).map((d) => d.name), ['defaultdb', 'postgres']);
    assert.equal((await a.settings.get('version')).value, '24.1');
    assert.match((await a.clusterId())!, /^[0-9a-f-]{36}$/);
    assert.ok((await listClusterPgDatabases(ADMIN_URL, key)).length >= 3);
  });

  it('registerNode: same storeDir keeps its id, new ones are max+1, concurrent registrations do not collide', async () => {
    const [a, b] = opened as [ClusterCatalog, ClusterCatalog];
    const first = await a.registerNode(reg('/s/1'));
    assert.equal(first.nodeId, 1);
    assert.equal((await b.registerNode(reg('/s/1', 'v24.2.0'))).nodeId, 1);
    const ids = await Promise.all([a.registerNode(reg('/s/2')), b.registerNode(reg('/s/3'))]);
    assert.deepEqual(ids.map((x) => x.nodeId).sort(), [2, 3]);
    const n1 = (await a.listNodes()).find((n) => n.nodeId === 1)!;
    assert.equal(n1.buildTag, 'v24.2.0');
    assert.equal(n1.epoch, 2);
  });

  it('heartbeat / liveness / draining / membership', async () => {
    const a = opened[0]!;
    await a.heartbeat(2, 60_000, { capacityBytes: 100, availableBytes: 40, usedBytes: 60 });
    await a.heartbeat(3, -1, { capacityBytes: 100, availableBytes: 40, usedBytes: 60 });
    await a.setDraining(2, true);
    await a.setMembership(3, 'decommissioning');
    const nodes = new Map((await a.listNodes()).map((n) => [n.nodeId, n]));
    assert.deepEqual([nodes.get(2)!.isLive, nodes.get(2)!.draining, nodes.get(2)!.capacityBytes, nodes.get(2)!.usedBytes], [true, true, 100, 60]);
    assert.deepEqual([nodes.get(3)!.isLive, nodes.get(3)!.membership], [false, 'decommissioning']);
    assert.ok(nodes.get(2)!.expiration.getTime() > Date.now());
  });
});
