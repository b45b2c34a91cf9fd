// Which simulated cluster a node (or a CLI command) belongs to. Real CockroachDB nodes find each other over --join
// and gossip; the stand-in's nodes share a catalog database instead (crdb_<key> on the real PostgreSQL), so the key
// must be derivable by every node and every client of one cluster without extra flags:
//   secure:   the first 16 hex digits of sha256(<certs-dir>/ca.crt) — all nodes and clients of a cluster share the CA;
//   insecure: sha256(--cluster-name) when given, else sha256 of the sorted --join list (same list on every node).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const key = (s: string | Buffer) => createHash('sha256').update(s).digest('hex').slice(0, 16);

export type ClusterIdentity = { certsDir: string | null; clusterName: string | null; join: readonly string[] };

export const clusterKeyFromCa = (certsDir: string) => {
  try {
    return key(readFileSync(join(certsDir, 'ca.crt')));
  } catch (err) {
    throw new Error(`problem with CA certificate: ${join(certsDir, 'ca.crt')}: ${(err as Error).message}`, { cause: err });
  }
};

export const clusterKeyFor = (id: ClusterIdentity): string => {
  if (id.certsDir !== null) return clusterKeyFromCa(id.certsDir);
  if (id.clusterName) return key(`name:${id.clusterName}`);
  if (id.join.length === 0) throw new Error('insecure node without --cluster-name or --join: no way to name its cluster');
  return key(`join:${[...id.join].sort().join(',')}`);
};
