// The simulated range model (catalog/ranges.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeRecord } from './nodes.js';
import { computeRanges, rangeCount, SYSTEM_RANGES } from './ranges.js';

const node = (nodeId: number, isLive: boolean, membership: NodeRecord['membership'] = 'active'): NodeRecord => ({
  nodeId, storeDir: `/s/${nodeId}`, address: '', sqlAddress: '', httpAddress: '', locality: '', buildTag: 'v24.1.3', startedAt: new Date(),
  updatedAt: new Date(), expiration: new Date(), epoch: 1, isLive, draining: false, membership, capacityBytes: 0, availableBytes: 0, usedBytes: 0,
});

describe('range model', () => {
  const count = rangeCount({ databases: 2, tables: 3 });
  it('counts system ranges plus databases and tables', () => { assert.ok(count > SYSTEM_RANGES); });
  it('three live nodes: fully replicated, 3 replicas per range', () => {
    const r = computeRanges([node(1, true), node(2, true), node(3, true)], count);
    assert.deepEqual([r.underReplicated, r.unavailable], [0, 0]);
    assert.equal([...r.perNode.values()].reduce((n, s) => n + s.replicas, 0), 3 * count);
    assert.equal([...r.perNode.values()].reduce((n, s) => n + s.leaseholders, 0), count);
  });
  it('single node: replication target is 1, nothing under-replicated', () => {
    assert.deepEqual([computeRanges([node(1, true)], count).underReplicated, computeRanges([node(1, true)], count).unavailable], [0, 0]);
  });
  it('one of three dead: all under-replicated, none unavailable; two dead: all unavailable', () => {
    const one = computeRanges([node(1, true), node(2, true), node(3, false)], count);
    assert.deepEqual([one.underReplicated, one.unavailable], [count, 0]);
    const two = computeRanges([node(1, true), node(2, false), node(3, false)], count);
    assert.equal(two.unavailable, count);
  });
  it('a decommissioning node sheds its replicas when enough active nodes remain', () => {
    const r = computeRanges([node(1, true), node(2, true), node(3, true), node(4, true, 'decommissioning')], count);
    assert.equal(r.perNode.get(4)!.replicas, 0);
    assert.equal(r.underReplicated, 0);
    const d = computeRanges([node(1, true), node(2, true), node(3, true), node(4, false, 'decommissioned')], count);
    assert.deepEqual([d.underReplicated, d.perNode.get(4)!.replicas], [0, 0]);
  });
});
