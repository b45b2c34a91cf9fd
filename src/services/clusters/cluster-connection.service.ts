// SQL access for people: where to connect (per region its load balancer, else its first node), as whom (the admin
// user of setting cluster.default_username, created at cluster create), how to verify the server (the cluster CA),
// and ready `cockroach sql` / `psql` URLs — never with a password in them. Rotating the password changes it on the
// cluster first (outside any metadata transaction), then stores it encrypted with the audit event in one transaction,
// and returns it once; it is never logged and never in the audit details.
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../auth/identity.js';
import type { ClusterSql } from '../../infra/cockroach/cluster-sql.js';
import { setUserPassword } from '../../infra/cockroach/statements/users.statements.js';
import { DEFAULT_SQL_PORT, formatEndpoint, parseEndpoint } from '../../infra/cockroach/target.js';
import { adminPasswordAad } from '../../infra/crypto/cluster-ca.js';
import type { Db } from '../../infra/db/db.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import { findClusterSecrets, setAdminPassword } from '../../repositories/clusters.repository.js';
import { ConflictError } from '../../shared/errors.js';
import { recordEvent } from '../audit/audit.service.js';
import { loadClusterTarget } from './cluster-target.js';

export type ClusterConnectionDeps = { db: Db; secrets: SecretBox; clusterSql: ClusterSql };

const DATABASE = 'defaultdb';

const url = (user: string, host: string, port: number, ca: boolean) =>
  `postgresql://${encodeURIComponent(user)}@${host.includes(':') ? `[${host}]` : host}:${port}/${DATABASE}` +
  (ca ? '?sslmode=verify-full&sslrootcert=ca.crt' : '?sslmode=disable');

export const createClusterConnection = (deps: ClusterConnectionDeps) => {
  const adminOf = async (clusterId: string) => {
    const s = await findClusterSecrets(deps.db, clusterId);
    if (!s?.admin_username) {
      throw new ConflictError(
        `Cluster "${clusterId}" has no admin SQL user: it was created while setting cluster.default_username was empty. ` +
          'An admin can set that setting for new clusters.',
      );
    }
    return { username: s.admin_username, insecure: s.sql_insecure, ca: s.ca_cert };
  };

  return {
    async get(clusterId: string) {
      const { cluster } = await loadClusterTarget(deps.db, deps.secrets, clusterId);
      const admin = await adminOf(clusterId);
      const regions = cluster.cluster_inventory.map((r) => {
        const lb = cluster.lbs_inventory.find((l) => l.cloud === r.cloud && l.region === r.region)?.dns_address;
        const address = lb ?? r.nodes[0];
        const e = address ? parseEndpoint(address, DEFAULT_SQL_PORT) : null;
        return {
          cloud: r.cloud, region: r.region, via: lb ? ('load_balancer' as const) : ('node' as const),
          host: e?.host ?? null, port: e?.port ?? DEFAULT_SQL_PORT, address: e ? formatEndpoint(e) : null,
          cockroach_sql: e ? `cockroach sql --url "${url(admin.username, e.host, e.port, !admin.insecure)}"` : null,
          psql: e ? `psql "${url(admin.username, e.host, e.port, !admin.insecure)}"` : null,
        };
      });
      return {
        cluster_id: clusterId, username: admin.username, database: DATABASE, tls: !admin.insecure,
        ca_cert: admin.ca, regions,
      };
    },

    async caCert(clusterId: string) {
      const { cluster } = await loadClusterTarget(deps.db, deps.secrets, clusterId);
      const s = await findClusterSecrets(deps.db, cluster.cluster_id);
      if (!s?.ca_cert) throw new ConflictError(`Cluster "${clusterId}" has no CA certificate in cp.`);
      return s.ca_cert;
    },

    async rotatePassword(ctx: RequestContext, clusterId: string) {
      const { target } = await loadClusterTarget(deps.db, deps.secrets, clusterId);
      const admin = await adminOf(clusterId);
      const password = randomBytes(24).toString('base64url');
      await setUserPassword(deps.clusterSql, target, admin.username, password);
      await deps.db.transaction(async (tx) => {
        await setAdminPassword(tx, clusterId, deps.secrets.encrypt(password, adminPasswordAad(clusterId)), ctx.identity.actor);
        await recordEvent(tx, ctx, {
          action: 'CLUSTER_ADMIN_PASSWORD_ROTATED', targetType: 'sql_user', targetId: admin.username, clusterId, details: { username: admin.username },
        });
      });
      return { cluster_id: clusterId, username: admin.username, password };
    },
  };
};

export type ClusterConnectionService = ReturnType<typeof createClusterConnection>;
