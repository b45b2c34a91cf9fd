// The managed-cluster SQL client: THE way cp runs a statement on a cluster it manages. Callers (services) pass a
// ClusterTarget and call the statement functions in statements/*.ts, which use `query` below; no other module opens
// a connection to a managed cluster. Never call it inside a metadata transaction (a slow cluster must not hold locks
// on cp's own database). Single statements run in autocommit and are retried on 40001 (CockroachDB's serialization
// retry) with a short backoff; connection failures surface as a 503 naming the cluster and every address tried.
import type pg from 'pg';
import { isConnectFailure, isRetryable, statementError } from './cluster-sql-errors.js';
import { createClusterPools, type PoolSettings } from './pools.js';
import { formatEndpoint, type ClusterTarget } from './target.js';

export type Row = Record<string, string | null>;

export type ClusterSqlOptions = Partial<Omit<PoolSettings, 'connectTimeoutMs'>> & {
  /** Read on every new connection, so the setting applies without restart. */
  connectTimeoutMs: () => Promise<number>;
  /** Evict pools unused for this long (ms). */
  poolIdleEvictMs?: number;
  retries?: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const createClusterSql = (o: ClusterSqlOptions) => {
  const pools = createClusterPools({
    connectTimeoutMs: o.connectTimeoutMs,
    statementTimeoutMs: o.statementTimeoutMs ?? 30_000,
    perClusterMax: o.perClusterMax ?? 4,
    globalMax: o.globalMax ?? 64,
    idleMs: o.idleMs ?? 30_000,
    staggerMs: o.staggerMs ?? 250,
  });
  const retries = o.retries ?? 3;
  const evictMs = o.poolIdleEvictMs ?? 5 * 60_000;
  const sweeper = setInterval(() => void pools.sweep(evictMs), Math.min(evictMs, 60_000));
  sweeper.unref();

  /**
   * Runs one statement with text-typed results; retried on 40001, and once on a connection lost mid-way when the
   * statement is idempotent (reads, SET, ALTER … PASSWORD) — a CREATE that may have committed is never replayed.
   */
  const query = async (t: ClusterTarget, sql: string, params: unknown[] = [], opts: { idempotent?: boolean } = {}): Promise<Row[]> => {
    const idempotent = opts.idempotent ?? true;
    for (let attempt = 0; ; attempt++) {
      const client = await pools.acquire(t);
      try {
        const res: pg.QueryResult<Row> = await client.query<Row>(sql, params);
        client.release();
        return res.rows;
      } catch (err) {
        const broken = isConnectFailure(err);
        client.release(broken ? (err as Error) : undefined);
        if ((isRetryable(err) && attempt < retries) || (broken && idempotent && attempt === 0)) {
          await sleep(Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
          continue;
        }
        throw statementError(t.clusterId, err);
      }
    }
  };

  return {
    query,
    /** "host:port" the cluster's pool is connected through, when it has one. */
    connectedVia: (clusterId: string) => {
      const e = pools.endpointOf(clusterId);
      return e ? formatEndpoint(e) : null;
    },
    /** Ends the cluster's pool (cluster deleted, credentials rotated). */
    closeCluster: (clusterId: string) => pools.close(clusterId),
    stats: pools.stats,
    async close() {
      clearInterval(sweeper);
      await pools.closeAll();
    },
  };
};

export type ClusterSql = ReturnType<typeof createClusterSql>;
