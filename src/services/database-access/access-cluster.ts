// What every database-access service needs about one cluster: its SQL target (cluster-target.ts) and the users it
// protects (cp's service user and the admin user for people, from the cluster row, plus CockroachDB's own).
import type { ClusterSql } from '../../infra/cockroach/cluster-sql.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import type { Db } from '../../infra/db/db.js';
import { findClusterSecrets } from '../../repositories/clusters.repository.js';
import type { SettingsReader } from '../settings/settings.reader.js';
import { loadClusterTarget } from '../clusters/cluster-target.js';
import { protectedUsers } from './access-rules.js';

export type AccessDeps = { db: Db; secrets: SecretBox; clusterSql: ClusterSql; settings: Pick<SettingsReader, 'get' | 'getInt'> };

export const loadAccessCluster = async (deps: AccessDeps, clusterId: string) => {
  const { cluster, target } = await loadClusterTarget(deps.db, deps.secrets, clusterId);
  const s = await findClusterSecrets(deps.db, clusterId);
  const serviceUser = s?.sql_username ?? (await deps.settings.get('cluster.service_username'));
  return { cluster, target, protected: protectedUsers(serviceUser || null, s?.admin_username ?? null) };
};

export type AccessCluster = Awaited<ReturnType<typeof loadAccessCluster>>;
