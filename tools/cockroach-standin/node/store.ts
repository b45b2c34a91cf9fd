// The node's simulated disk. A real store's `capacity` is the disk (or the --store size=… cap), `used` the bytes of the
// replicas it holds. The stand-in's data lives in the cluster's PostgreSQL databases (crdb_<key> and
// crdb_<key>_<db>), so `used` is their measured size × the share of replicas this node holds: with the default
// replication factor 3, every node holds a replica of every range when there are ≤ 3 nodes, 3/n of them above.
// `capacity` is --store's size=… or COCKROACH_STANDIN_STORE_CAPACITY (default 10GiB); available = capacity − used.
import pg from 'pg';
import { parseBytes } from '../cli/flags.js';
import { databaseUrl } from '../catalog/pg-admin.js';
import { REPLICATION_FACTOR } from '../catalog/ranges.js';

export const DEFAULT_CAPACITY = '10GiB';

export type StoreUsage = { capacityBytes: number; availableBytes: number; usedBytes: number };

export const storeCapacityBytes = (sizeFlag: string | null) =>
  parseBytes(sizeFlag ?? process.env.COCKROACH_STANDIN_STORE_CAPACITY ?? DEFAULT_CAPACITY);

export const createStoreMeter = (opts: { adminUrl: string; clusterKey: string; capacityBytes: number }) => {
  const catalogDb = `crdb_${opts.clusterKey}`;
  const pool = new pg.Pool({ connectionString: databaseUrl(opts.adminUrl, catalogDb), max: 1, idleTimeoutMillis: 5_000 });
  pool.on('error', () => undefined);
  let usage: StoreUsage = { capacityBytes: opts.capacityBytes, availableBytes: opts.capacityBytes, usedBytes: 0 };
  return {
    /** Measures again; `liveNodes` spreads the replicas (never below 1 so a lone node holds everything). */
    measure: async (liveNodes: number): Promise<StoreUsage> => {
      const r = await pool.query<{ bytes: string | null }>(
        `SELECT sum(pg_database_size(datname))::int8 AS bytes FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
        [catalogDb, `${catalogDb}\\_%`],
      );
      const share = Math.min(1, REPLICATION_FACTOR / Math.max(1, liveNodes));
      const usedBytes = Math.min(opts.capacityBytes, Math.round(Number(r.rows[0]?.bytes ?? 0) * share));
      usage = { capacityBytes: opts.capacityBytes, availableBytes: opts.capacityBytes - usedBytes, usedBytes };
      return usage;
    },
    usage: () => usage,
    close: () => pool.end(),
  };
};
