// What the SQL client needs to reach one managed cluster: its addresses in the order to try them (every load
// balancer, then every node), how to verify TLS, and the service user's credentials. Built by the service layer from
// the cluster row (services/clusters/cluster-target.ts); this module never reads the metadata database.
import { createHash } from 'node:crypto';

export const DEFAULT_SQL_PORT = 26257;

export type Endpoint = { host: string; port: number };

export type ClusterTarget = {
  clusterId: string;
  endpoints: Endpoint[];
  /** The cluster CA (PEM) to verify against, hostname included (verify-full); null only for a cluster marked insecure. */
  tls: { ca: string } | null;
  user: string;
  password: string;
  database?: string;
};

/** `host`, `host:port`, `[v6]:port` → endpoint (CockroachDB's SQL port by default). */
export const parseEndpoint = (address: string, defaultPort = DEFAULT_SQL_PORT): Endpoint => {
  const a = address.trim();
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(a);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : defaultPort };
  const m = /^([^:]+):(\d+)$/.exec(a);
  if (m) return { host: m[1]!, port: Number(m[2]) };
  return { host: a, port: defaultPort };
};

export const formatEndpoint = (e: Endpoint) => `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;

/** Load balancers first, then nodes, each address once. */
export const orderEndpoints = (lbs: readonly string[], nodes: readonly string[], port = DEFAULT_SQL_PORT): Endpoint[] => {
  const seen = new Set<string>();
  const out: Endpoint[] = [];
  for (const a of [...lbs, ...nodes]) {
    if (!a.trim()) continue;
    const e = parseEndpoint(a, port);
    const key = formatEndpoint(e);
    if (!seen.has(key)) { seen.add(key); out.push(e); }
  }
  return out;
};

/** Changes whenever anything that shapes a connection changes, so a cached pool is never used with stale credentials. */
export const targetFingerprint = (t: ClusterTarget): string =>
  createHash('sha256')
    .update(JSON.stringify([t.endpoints.map(formatEndpoint), t.tls?.ca ?? null, t.user, t.password, t.database ?? 'defaultdb']))
    .digest('hex');
