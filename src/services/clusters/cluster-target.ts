// From a cluster's row to what the managed-cluster SQL client needs (src/infra/cockroach/target.ts): addresses in
// the order to try (every load balancer of the inventory, then every node), the CA to verify against, and the service
// user's credentials, decrypted only here and only for the connection.
import type { Queryable } from '../../infra/db/db.js';
import { sqlPasswordAad } from '../../infra/crypto/cluster-ca.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import { orderEndpoints, type ClusterTarget } from '../../infra/cockroach/target.js';
import { findCluster, findClusterSecrets, type ClusterRow } from '../../repositories/clusters.repository.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { allNodes } from './inventory.js';

/** Statuses in which the cluster's nodes may exist; before create and after delete there is nothing to talk to. */
const REACHABLE_STATUSES = new Set<ClusterRow['status']>([
  'ACTIVE', 'UNHEALTHY', 'SCALING', 'SCALE_FAILED', 'UPGRADING', 'UPGRADE_FAILED', 'RESTORING', 'RESTORE_FAILED', 'DELETE_FAILED',
]);

export const loadClusterTarget = async (q: Queryable, secrets: SecretBox, clusterId: string): Promise<{ cluster: ClusterRow; target: ClusterTarget }> => {
  const cluster = await findCluster(q, clusterId);
  if (!cluster || cluster.status === 'DELETED') throw new NotFoundError(`Cluster "${clusterId}" not found.`);
  if (!REACHABLE_STATUSES.has(cluster.status)) {
    throw new ConflictError(`Cluster "${clusterId}" is ${cluster.status}: it has no running nodes to connect to yet.`, { status: cluster.status });
  }
  const s = await findClusterSecrets(q, clusterId);
  if (!s?.sql_username || !s.encrypted_sql_password) {
    throw new ConflictError(`Cluster "${clusterId}" has no service user credentials in cp; it cannot be reached over SQL.`);
  }
  if (!s.sql_insecure && !s.ca_cert) {
    throw new ConflictError(`Cluster "${clusterId}" has no CA certificate in cp, so its TLS certificate cannot be verified.`);
  }
  return {
    cluster,
    target: {
      clusterId,
      endpoints: orderEndpoints(cluster.lbs_inventory.map((l) => l.dns_address), allNodes(cluster.cluster_inventory)),
      tls: s.sql_insecure ? null : { ca: s.ca_cert! },
      user: s.sql_username,
      password: secrets.decrypt(s.encrypted_sql_password, sqlPasswordAad(clusterId)),
    },
  };
};
