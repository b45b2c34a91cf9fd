// The live cluster overview: what the cluster itself says about its nodes, version and ranges (never cp's own
// records), and a safe_to_operate verdict with reasons. The same facts are the pre-flight checks of scale-in and
// upgrade (clusters.service.ts), so the console's verdict and the API's refusal never disagree. Managed-cluster SQL
// runs here outside any metadata transaction.
import type { ClusterSql } from '../../infra/cockroach/cluster-sql.js';
import {
  listGossipNodes, listNodeLiveness, listStoreStatus, showClusterVersion, showPreserveDowngradeOption,
} from '../../infra/cockroach/statements/overview.statements.js';
import type { Db } from '../../infra/db/db.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import type { ClusterStatus } from '../../shared/cluster-model.js';
import { loadClusterTarget } from './cluster-target.js';
import { isTransitional } from './cluster-state.js';

export type ClusterOverviewDeps = { db: Db; secrets: SecretBox; clusterSql: ClusterSql; now?: () => Date };

export type OverviewNode = {
  node_id: number; address: string; sql_address: string; locality: string; build_tag: string;
  started_at: string | null; updated_at: string | null; is_live: boolean; draining: boolean; membership: string;
  ranges: number; leases: number; replicas: number; capacity_bytes: number; available_bytes: number; used_bytes: number;
  ranges_underreplicated: number; ranges_unavailable: number;
};

export type ClusterOverview = {
  cluster_id: string; status: ClusterStatus; checked_at: string; connected_via: string | null;
  cluster_version: string; preserve_downgrade_option: string; awaiting_finalization: boolean;
  nodes: OverviewNode[];
  totals: {
    nodes: number; live_nodes: number; ranges: number; replicas: number; ranges_underreplicated: number; ranges_unavailable: number;
    capacity_bytes: number; available_bytes: number; used_bytes: number;
  };
  safe_to_operate: boolean; reasons: string[];
};

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Nodes that are members of the cluster (a decommissioned node is gone for good and counts for nothing). */
const members = (nodes: OverviewNode[]) => nodes.filter((n) => n.membership !== 'decommissioned');

export const verdict = (o: Pick<ClusterOverview, 'status' | 'nodes' | 'totals'>): string[] => {
  const reasons: string[] = [];
  if (isTransitional(o.status)) reasons.push(`an operation is in progress (cluster is ${o.status})`);
  for (const n of members(o.nodes)) {
    if (!n.is_live) reasons.push(`node ${n.node_id} (${n.address}) is not live`);
    else if (n.draining) reasons.push(`node ${n.node_id} (${n.address}) is draining`);
    if (n.membership === 'decommissioning') reasons.push(`node ${n.node_id} (${n.address}) is decommissioning`);
  }
  if (o.totals.ranges_unavailable > 0) reasons.push(`${o.totals.ranges_unavailable} range(s) are unavailable`);
  if (o.totals.ranges_underreplicated > 0) reasons.push(`${o.totals.ranges_underreplicated} range(s) are under-replicated`);
  return reasons;
};

export const createClusterOverview = (deps: ClusterOverviewDeps) => {
  const now = deps.now ?? (() => new Date());

  const overview = async (clusterId: string): Promise<ClusterOverview> => {
    const { cluster, target } = await loadClusterTarget(deps.db, deps.secrets, clusterId);
    const sql = deps.clusterSql;
    const [version, preserve, gossip, liveness, stores] = [
      await showClusterVersion(sql, target),
      await showPreserveDowngradeOption(sql, target),
      await listGossipNodes(sql, target),
      await listNodeLiveness(sql, target),
      await listStoreStatus(sql, target),
    ];
    const nodes: OverviewNode[] = gossip.map((g) => {
      const l = liveness.find((x) => x.node_id === g.node_id);
      const s = stores.filter((x) => x.node_id === g.node_id);
      return {
        node_id: g.node_id, address: g.address, sql_address: g.sql_address, locality: g.locality, build_tag: g.build_tag,
        started_at: g.started_at, updated_at: l?.updated_at ?? null, is_live: g.is_live, draining: l?.draining ?? false,
        membership: l?.membership ?? 'active', ranges: g.ranges, leases: g.leases,
        replicas: sum(s.map((x) => x.replicas)), capacity_bytes: sum(s.map((x) => x.capacity)),
        available_bytes: sum(s.map((x) => x.available)), used_bytes: sum(s.map((x) => x.used)),
        ranges_underreplicated: sum(s.map((x) => x.ranges_underreplicated)), ranges_unavailable: sum(s.map((x) => x.ranges_unavailable)),
      };
    });
    const m = members(nodes);
    const totals = {
      nodes: m.length,
      live_nodes: m.filter((n) => n.is_live).length,
      ranges: Math.max(0, ...m.map((n) => n.ranges)),
      replicas: sum(m.map((n) => n.replicas)),
      ranges_underreplicated: sum(m.map((n) => n.ranges_underreplicated)),
      ranges_unavailable: sum(m.map((n) => n.ranges_unavailable)),
      capacity_bytes: sum(m.map((n) => n.capacity_bytes)),
      available_bytes: sum(m.map((n) => n.available_bytes)),
      used_bytes: sum(m.map((n) => n.used_bytes)),
    };
    const base = { status: cluster.status, nodes, totals };
    const reasons = verdict(base);
    return {
      cluster_id: clusterId, ...base, checked_at: now().toISOString(), connected_via: sql.connectedVia(clusterId),
      cluster_version: version, preserve_downgrade_option: preserve, awaiting_finalization: preserve !== '',
      safe_to_operate: reasons.length === 0, reasons,
    };
  };

  return { overview };
};

export type ClusterOverviewService = ReturnType<typeof createClusterOverview>;
