// One small pg pool per managed cluster, bound to the address that answered last. Establishing a pool tries the
// cluster's addresses "happy eyeballs" style: in order (load balancers first), each started a short stagger after
// the previous one unless that one already failed, all within ONE connect-timeout budget; the first that completes
// TLS + authentication wins and the others are closed. So a dead first load balancer costs one stagger, and a wholly
// unreachable cluster answers 503 within the connect timeout. Idle connections close after `idleMs`; pools unused
// for a while are ended by a sweeper; the sum of pool sizes is capped (at the cap the least recently used idle pool
// is evicted, and with none idle the caller gets a 503 rather than an unbounded number of sockets).
import pg from 'pg';
import { AppError } from '../../shared/errors.js';
import { authRejected, clusterUnreachable, describeConnectError, isAuthFailure, type ConnectAttempt } from './cluster-sql-errors.js';
import { formatEndpoint, targetFingerprint, type ClusterTarget, type Endpoint } from './target.js';

export type PoolSettings = {
  connectTimeoutMs: () => Promise<number>;
  statementTimeoutMs: number;
  perClusterMax: number;
  globalMax: number;
  idleMs: number;
  /** Delay before the next address is tried while the previous one has not answered yet. */
  staggerMs: number;
};

type Entry = { fingerprint: string; pool: pg.Pool; endpoint: Endpoint; lastUsed: number };

// Values arrive as text and stay text unless a statement function parses them: INT8 ids, DECIMALs and
// TIMESTAMPTZ strings from CockroachDB are never silently rounded.
const RAW_TYPES = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

const clientConfig = (t: ClusterTarget, e: Endpoint, connectTimeoutMs: number, statementTimeoutMs: number): pg.ClientConfig => ({
  host: e.host,
  port: e.port,
  user: t.user,
  password: t.password,
  database: t.database ?? 'defaultdb',
  // verify-full: the chain must lead to the cluster CA and the certificate must name the address we dialled.
  ssl: t.tls ? { ca: t.tls.ca, rejectUnauthorized: true } : false,
  connectionTimeoutMillis: connectTimeoutMs,
  query_timeout: statementTimeoutMs,
  application_name: 'cp',
  types: RAW_TYPES,
});

export const createClusterPools = (s: PoolSettings) => {
  const entries = new Map<string, Entry>();

  const end = (id: string) => {
    const e = entries.get(id);
    entries.delete(id);
    return e ? e.pool.end().catch(() => undefined) : Promise.resolve();
  };

  const capacityFor = async () => {
    const used = () => [...entries.values()].reduce((n, e) => n + e.pool.options.max, 0);
    while (used() + s.perClusterMax > s.globalMax) {
      const idle = [...entries.entries()]
        .filter(([, e]) => e.pool.totalCount === e.pool.idleCount)
        .sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (!idle) throw new AppError('UNAVAILABLE', `cp is at its cap of ${s.globalMax} managed-cluster connections; try again shortly.`);
      await end(idle[0]);
    }
  };

  /** Finds a working address within one connect-timeout budget; returns a connected client there. */
  const dial = async (t: ClusterTarget): Promise<{ client: pg.Client; endpoint: Endpoint }> => {
    if (t.endpoints.length === 0) throw clusterUnreachable(t.clusterId, []);
    const budget = await s.connectTimeoutMs();
    const deadline = Date.now() + budget;
    const attempts: ConnectAttempt[] = [];
    return new Promise((resolve, reject) => {
      let next = 0;
      let pending = 0;
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const clients: pg.Client[] = [];
      const finish = () => { if (timer) clearTimeout(timer); };
      const start = () => {
        if (done || next >= t.endpoints.length) return;
        const e = t.endpoints[next++]!;
        const remaining = Math.max(1, deadline - Date.now());
        const c = new pg.Client(clientConfig(t, e, remaining, s.statementTimeoutMs));
        c.on('error', () => undefined); // a losing attempt's late socket error must not crash the process
        clients.push(c);
        pending++;
        c.connect().then(() => {
          pending--;
          if (done) { void c.end().catch(() => undefined); return; }
          done = true; finish();
          for (const o of clients) if (o !== c) void o.end().catch(() => undefined);
          resolve({ client: c, endpoint: e });
        }, (err: unknown) => {
          pending--;
          void c.end().catch(() => undefined);
          if (done) return;
          if (isAuthFailure(err)) { done = true; finish(); reject(authRejected(t.clusterId, t.user, err)); return; }
          attempts.push({ address: formatEndpoint(e), error: describeConnectError(err) });
          if (next < t.endpoints.length && Date.now() < deadline) { start(); schedule(); }
          else if (pending === 0) { done = true; finish(); reject(clusterUnreachable(t.clusterId, attempts, err)); }
        });
      };
      const schedule = () => {
        if (timer) clearTimeout(timer);
        if (next < t.endpoints.length) timer = setTimeout(() => { start(); schedule(); }, s.staggerMs);
      };
      start();
      schedule();
    });
  };

  const poolAt = (t: ClusterTarget, endpoint: Endpoint, connectTimeoutMs: number) => {
    const pool = new pg.Pool({ ...clientConfig(t, endpoint, connectTimeoutMs, s.statementTimeoutMs), max: s.perClusterMax, idleTimeoutMillis: s.idleMs });
    pool.on('error', () => undefined); // an idle client's socket dying is normal (node restart); the next use redials
    return pool;
  };

  return {
    /** A connected client of the cluster's pool; release it with `client.release(err?)`. */
    async acquire(t: ClusterTarget): Promise<pg.PoolClient> {
      const fp = targetFingerprint(t);
      const cur = entries.get(t.clusterId);
      if (cur && cur.fingerprint === fp) {
        cur.lastUsed = Date.now();
        try {
          return await cur.pool.connect();
        } catch {
          await end(t.clusterId); // that address stopped answering: find another one
        }
      } else if (cur) {
        await end(t.clusterId);
      }
      const { client, endpoint } = await dial(t);
      await client.end().catch(() => undefined);
      await capacityFor();
      const entry: Entry = { fingerprint: fp, pool: poolAt(t, endpoint, await s.connectTimeoutMs()), endpoint, lastUsed: Date.now() };
      entries.set(t.clusterId, entry);
      return entry.pool.connect();
    },

    /** The address the cluster's pool uses now (for the overview's "connected through"). */
    endpointOf: (clusterId: string) => entries.get(clusterId)?.endpoint,

    close: end,

    /** Ends pools unused for longer than `olderThanMs` (the sweeper). */
    async sweep(olderThanMs: number) {
      const now = Date.now();
      for (const [id, e] of [...entries]) if (now - e.lastUsed > olderThanMs && e.pool.totalCount === e.pool.idleCount) await end(id);
    },

    stats: () => ({ clusters: entries.size, connections: [...entries.values()].reduce((n, e) => n + e.pool.totalCount, 0) }),

    async closeAll() {
      await Promise.all([...entries.keys()].map(end));
    },
  };
};

export type ClusterPools = ReturnType<typeof createClusterPools>;
