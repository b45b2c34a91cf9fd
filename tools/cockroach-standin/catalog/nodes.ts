// Node registry and liveness. A node's identity is its store directory (as in CockroachDB, where the node id is
// written into the store on first start): the same storeDir again is a restart and keeps its id. Liveness is a
// record with an expiration the node pushes forward by heartbeating; a node is live while expiration > now().
// Times come from PostgreSQL's clock so that all processes agree.
import type { CatalogDb } from './tx.js';
import { inTransaction } from './tx.js';

export type NodeMembership = 'active' | 'decommissioning' | 'decommissioned';
export type NodeRecord = {
  nodeId: number; storeDir: string; address: string; sqlAddress: string; httpAddress: string; locality: string;
  buildTag: string; startedAt: Date; updatedAt: Date; expiration: Date; epoch: number; isLive: boolean; draining: boolean;
  membership: NodeMembership; capacityBytes: number; availableBytes: number; usedBytes: number;
};
export type NodeRegistration = { storeDir: string; address: string; sqlAddress: string; httpAddress: string; locality: string; buildTag: string };

/** CockroachDB's default liveness TTL; a registered node counts as live for this long before its first heartbeat. */
export const DEFAULT_LIVENESS_TTL_MS = 9000;

type Raw = { node_id: number; store_dir: string; address: string; sql_address: string; http_address: string; locality: string;
  build_tag: string; started_at: Date; updated_at: Date; expiration: Date; epoch: string; is_live: boolean; draining: boolean;
  membership: NodeMembership; capacity_bytes: string; available_bytes: string; used_bytes: string };

export const createNodes = (db: CatalogDb) => ({
  async register(n: NodeRegistration): Promise<{ nodeId: number }> {
    return inTransaction(db, async (tx) => {
      // Two nodes starting at once must not both take max+1.
      await tx.query('LOCK TABLE standin.nodes IN EXCLUSIVE MODE');
      const existing = await tx.query<{ node_id: number }>('SELECT node_id FROM standin.nodes WHERE store_dir = $1', [n.storeDir]);
      const params = [n.storeDir, n.address, n.sqlAddress, n.httpAddress, n.locality, n.buildTag, DEFAULT_LIVENESS_TTL_MS];
      if (existing.rows[0]) {
        await tx.query(
          `UPDATE standin.nodes SET address=$2, sql_address=$3, http_address=$4, locality=$5, build_tag=$6, started_at=now(),
             updated_at=now(), expiration=now() + $7 * interval '1 millisecond', epoch=epoch+1, draining=false WHERE store_dir=$1`, params);
        return { nodeId: existing.rows[0].node_id };
      }
      const r = await tx.query<{ node_id: number }>(
        `INSERT INTO standin.nodes (node_id, store_dir, address, sql_address, http_address, locality, build_tag, started_at, updated_at, expiration)
         SELECT COALESCE(max(node_id), 0) + 1, $1, $2, $3, $4, $5, $6, now(), now(), now() + $7 * interval '1 millisecond'
           FROM standin.nodes RETURNING node_id`, params);
      return { nodeId: r.rows[0]!.node_id };
    });
  },
  async heartbeat(nodeId: number, ttlMs: number, store: { capacityBytes: number; availableBytes: number; usedBytes: number }): Promise<void> {
    await db.query(
      `UPDATE standin.nodes SET updated_at = now(), expiration = now() + $2 * interval '1 millisecond',
         capacity_bytes = $3, available_bytes = $4, used_bytes = $5 WHERE node_id = $1`,
      [nodeId, ttlMs, store.capacityBytes, store.availableBytes, store.usedBytes]);
  },
  async setDraining(nodeId: number, draining: boolean): Promise<void> {
    await db.query('UPDATE standin.nodes SET draining = $2 WHERE node_id = $1', [nodeId, draining]);
  },
  async setMembership(nodeId: number, m: NodeMembership): Promise<void> {
    await db.query('UPDATE standin.nodes SET membership = $2 WHERE node_id = $1', [nodeId, m]);
  },
  async list(): Promise<NodeRecord[]> {
    const r = await db.query<Raw>('SELECT *, expiration > now() AS is_live FROM standin.nodes ORDER BY node_id');
    return r.rows.map((x) => ({
      nodeId: x.node_id, storeDir: x.store_dir, address: x.address, sqlAddress: x.sql_address, httpAddress: x.http_address,
      locality: x.locality, buildTag: x.build_tag, startedAt: x.started_at, updatedAt: x.updated_at, expiration: x.expiration,
      epoch: Number(x.epoch), isLive: x.is_live, draining: x.draining, membership: x.membership,
      capacityBytes: Number(x.capacity_bytes), availableBytes: Number(x.available_bytes), usedBytes: Number(x.used_bytes),
    }));
  },
});
