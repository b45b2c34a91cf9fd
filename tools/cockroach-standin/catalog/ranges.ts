// The simulated range/replica model. The stand-in has no KV layer, so ranges are a pure function of the catalog:
// how many ranges exist (40 system ranges plus a few per database and per table, roughly what a fresh CockroachDB
// cluster shows), and where their replicas sit. Replication factor is 3 (CockroachDB's default zone config). Replicas
// are placed round-robin on `active` nodes (decommissioning nodes have shed theirs when enough active nodes remain,
// which is what lets a decommission finish; decommissioned nodes hold none).
//   under-replicated: fewer live replicas than min(3, number of non-decommissioned nodes);
//   unavailable:      a majority of the range's replicas are on dead nodes (no quorum).
// The node room uses this for /_status/vars; the SQL room for crdb_internal.kv_store_status / gossip_nodes.
import type { NodeRecord } from './nodes.js';

export const REPLICATION_FACTOR = 3;
export const SYSTEM_RANGES = 40;
export const RANGES_PER_DATABASE = 1;
export const RANGES_PER_TABLE = 2;

export type StoreRanges = { replicas: number; leaseholders: number; underReplicated: number; unavailable: number };
export type RangeReport = { rangeCount: number; underReplicated: number; unavailable: number; perNode: Map<number, StoreRanges> };

export const rangeCount = (o: { databases: number; tables: number }): number =>
  SYSTEM_RANGES + RANGES_PER_DATABASE * o.databases + RANGES_PER_TABLE * o.tables;

export const computeRanges = (nodes: NodeRecord[], count: number): RangeReport => {
  const members = nodes.filter((n) => n.membership !== 'decommissioned').sort((a, b) => a.nodeId - b.nodeId);
  const active = members.filter((n) => n.membership === 'active');
  // Decommissioning nodes keep their replicas only while there are too few active nodes to move them to.
  const holders = active.length >= Math.min(REPLICATION_FACTOR, members.length) ? active : members;
  const target = Math.min(REPLICATION_FACTOR, members.length);
  const perNode = new Map<number, StoreRanges>(nodes.map((n) => [n.nodeId, { replicas: 0, leaseholders: 0, underReplicated: 0, unavailable: 0 }]));
  let underReplicated = 0;
  let unavailable = 0;
  const width = Math.min(REPLICATION_FACTOR, holders.length);
  for (let i = 0; i < count; i++) {
    const replicaNodes = Array.from({ length: width }, (_, k) => holders[(i + k) % holders.length]!);
    const live = replicaNodes.filter((n) => n.isLive);
    for (const n of replicaNodes) perNode.get(n.nodeId)!.replicas++;
    const isUnavailable = width === 0 || live.length < Math.floor(width / 2) + 1;
    const isUnder = live.length < target;
    if (isUnavailable) unavailable++;
    if (isUnder) underReplicated++;
    // The leaseholder (first live replica) reports the range; an unavailable range is reported by its first replica.
    const reporter = live[0] ?? replicaNodes[0];
    if (!reporter) continue;
    const s = perNode.get(reporter.nodeId)!;
    if (live[0]) s.leaseholders++;
    if (isUnder) s.underReplicated++;
    if (isUnavailable) s.unavailable++;
  }
  return { rangeCount: count, underReplicated, unavailable, perNode };
};
