// Statements behind the live cluster overview. CockroachDB's crdb_internal tables are documented only by name
// (crdb-internal.md); the columns read here are the long-stable ones, and `npm run test:crdb` runs these exact
// statements against a real cluster. Each table is read on its own and joined in cp, so nothing here depends on
// join support of a virtual table.
import type { ClusterSql } from '../cluster-sql.js';
import type { ClusterTarget } from '../target.js';

const int = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? 0 : Math.round(Number(v)));
const bool = (v: string | null | undefined) => v === 't' || v === 'true';

/** SHOW CLUSTER SETTING version: the active cluster version, e.g. "24.1" (the previous major until finalization). */
export const showClusterVersion = async (sql: ClusterSql, t: ClusterTarget): Promise<string> => {
  const rows = await sql.query(t, 'SHOW CLUSTER SETTING version');
  return rows[0]?.version ?? '';
};

/** cluster.preserve_downgrade_option: non-empty while an upgrade is held back from finalizing. */
export const showPreserveDowngradeOption = async (sql: ClusterSql, t: ClusterTarget): Promise<string> => {
  const rows = await sql.query(t, 'SHOW CLUSTER SETTING cluster.preserve_downgrade_option');
  return rows[0]?.['cluster.preserve_downgrade_option'] ?? '';
};

export type GossipNode = {
  node_id: number; address: string; sql_address: string; locality: string; build_tag: string; started_at: string | null;
  is_live: boolean; ranges: number; leases: number;
};

export const listGossipNodes = async (sql: ClusterSql, t: ClusterTarget): Promise<GossipNode[]> =>
  (await sql.query(t, `SELECT node_id, address, sql_address, locality, build_tag, started_at, is_live, ranges, leases
    FROM crdb_internal.gossip_nodes ORDER BY node_id`)).map((r) => ({
    node_id: int(r.node_id), address: r.address ?? '', sql_address: r.sql_address ?? '', locality: r.locality ?? '',
    build_tag: r.build_tag ?? '', started_at: r.started_at ?? null, is_live: bool(r.is_live), ranges: int(r.ranges), leases: int(r.leases),
  }));

export type NodeLiveness = { node_id: number; draining: boolean; membership: string; updated_at: string | null };

export const listNodeLiveness = async (sql: ClusterSql, t: ClusterTarget): Promise<NodeLiveness[]> =>
  (await sql.query(t, `SELECT node_id, draining, membership, updated_at FROM crdb_internal.gossip_liveness ORDER BY node_id`)).map((r) => ({
    node_id: int(r.node_id), draining: bool(r.draining), membership: r.membership ?? 'active', updated_at: r.updated_at ?? null,
  }));

export type StoreStatus = {
  node_id: number; store_id: number; capacity: number; available: number; used: number; range_count: number;
  replicas: number; ranges_underreplicated: number; ranges_unavailable: number;
};

export const listStoreStatus = async (sql: ClusterSql, t: ClusterTarget): Promise<StoreStatus[]> =>
  (await sql.query(t, `SELECT node_id, store_id, capacity, available, used, range_count,
      metrics->>'replicas' AS replicas,
      metrics->>'ranges.underreplicated' AS ranges_underreplicated,
      metrics->>'ranges.unavailable' AS ranges_unavailable
    FROM crdb_internal.kv_store_status ORDER BY node_id, store_id`)).map((r) => ({
    node_id: int(r.node_id), store_id: int(r.store_id), capacity: int(r.capacity), available: int(r.available), used: int(r.used),
    range_count: int(r.range_count), replicas: int(r.replicas), ranges_underreplicated: int(r.ranges_underreplicated),
    ranges_unavailable: int(r.ranges_unavailable),
  }));
