// SQL for clusters. Default selects never include secrets (the encrypted SQL password and CA key); the workers read
// them through `findClusterSecrets` only.
import type { Queryable } from '../infra/db/db.js';
import type { ClusterInventory, ClusterStatus, LbsInventory } from '../shared/cluster-model.js';

/** The owner group of a cluster, or undefined when there is no such cluster. */
export const findClusterGroup = async (q: Queryable, clusterId: string): Promise<string | undefined> =>
  (await q.query<{ grp: string }>(`SELECT grp FROM clusters WHERE cluster_id = $1`, [clusterId])).rows[0]?.grp;

export type ClusterRow = {
  cluster_id: string;
  grp: string;
  status: ClusterStatus;
  version: string;
  node_count: number;
  node_cpus: number;
  disk_size: number;
  regions: string[];
  cluster_inventory: ClusterInventory;
  lbs_inventory: LbsInventory;
  previous_version: string | null;
  upgrade_finalized: boolean;
  sql_username: string | null;
  ca_cert: string | null;
  health: Record<string, unknown>;
  health_checked_at: Date | null;
  status_reason: string | null;
  operation_from_status: ClusterStatus | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
  deleted_at: Date | null;
};

const COLUMNS = `cluster_id, grp, status, version, node_count, node_cpus, disk_size, regions, cluster_inventory, lbs_inventory,
  previous_version, upgrade_finalized, sql_username, ca_cert, health, health_checked_at, status_reason, operation_from_status,
  created_at, created_by, updated_at, updated_by, deleted_at`;

const normalize = (r: ClusterRow): ClusterRow => ({
  ...r,
  node_count: Number(r.node_count),
  node_cpus: Number(r.node_cpus),
  disk_size: Number(r.disk_size),
});

export const findCluster = async (q: Queryable, clusterId: string, opts: { forUpdate?: boolean } = {}): Promise<ClusterRow | undefined> => {
  const r = (await q.query<ClusterRow>(`SELECT ${COLUMNS} FROM clusters WHERE cluster_id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [clusterId])).rows[0];
  return r && normalize(r);
};

export type ClusterSecrets = {
  sql_username: string | null;
  encrypted_sql_password: Buffer | null;
  ca_cert: string | null;
  encrypted_ca_key: Buffer | null;
  admin_username: string | null;
  encrypted_admin_password: Buffer | null;
  sql_insecure: boolean;
};

export const findClusterSecrets = async (q: Queryable, clusterId: string): Promise<ClusterSecrets | undefined> =>
  (
    await q.query<ClusterSecrets>(
      `SELECT sql_username, encrypted_sql_password, ca_cert, encrypted_ca_key, admin_username, encrypted_admin_password, sql_insecure
       FROM clusters WHERE cluster_id = $1`,
      [clusterId],
    )
  ).rows[0];

/** Stores the admin user's new password (after the cluster accepted it). */
export const setAdminPassword = async (q: Queryable, clusterId: string, encrypted: Buffer, by: string) =>
  q.query(`UPDATE clusters SET encrypted_admin_password = $2, updated_at = now(), updated_by = $3 WHERE cluster_id = $1`, [clusterId, encrypted, by]);

export type Scope = { isAdmin: boolean; groups: readonly string[] };
export type ClusterFilter = { status?: string | undefined; grp?: string | undefined; namePrefix?: string | undefined };

/** Visible clusters, newest first, keyset-paginated on (created_at, cluster_id); created_at_key is created_at as
 * text at full precision (a JS Date keeps only milliseconds). */
export const listVisibleClusters = async (
  q: Queryable,
  scope: Scope,
  f: ClusterFilter,
  page: { limit: number; after?: { createdAt: string; clusterId: string } | undefined },
): Promise<(ClusterRow & { created_at_key: string })[]> => {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (!scope.isAdmin) where.push(`grp = ANY (${p([...scope.groups])}::TEXT[])`);
  if (f.status) where.push(`status = ${p(f.status)}`);
  if (f.grp) where.push(`grp = ${p(f.grp)}`);
  if (f.namePrefix) where.push(`left(cluster_id, ${p(f.namePrefix.length)}::INT4) = ${p(f.namePrefix)}`);
  if (page.after) {
    where.push(`(created_at, cluster_id) < (${p(page.after.createdAt)}::TIMESTAMPTZ, ${p(page.after.clusterId)})`);
  }
  const sql = `SELECT ${COLUMNS}, CAST(created_at AS TEXT) AS created_at_key
    FROM clusters ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, cluster_id DESC LIMIT ${p(page.limit)}`;
  return (await q.query<ClusterRow & { created_at_key: string }>(sql, params)).rows.map((r) => ({ ...normalize(r), created_at_key: r.created_at_key }));
};

export const countVisibleClustersByStatus = async (q: Queryable, scope: Scope): Promise<{ status: ClusterStatus; n: number }[]> => {
  const { rows } = await q.query<{ status: ClusterStatus; n: string }>(
    `SELECT status, count(*) AS n FROM clusters ${scope.isAdmin ? '' : 'WHERE grp = ANY ($1::TEXT[])'} GROUP BY status`,
    scope.isAdmin ? [] : [[...scope.groups]],
  );
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
};

export type NewCluster = {
  clusterId: string;
  grp: string;
  version: string;
  nodeCount: number;
  nodeCpus: number;
  diskSize: number;
  regions: string[];
  sqlUsername: string;
  encryptedSqlPassword: Buffer;
  caCert: string | null;
  encryptedCaKey: Buffer | null;
  adminUsername: string | null;
  encryptedAdminPassword: Buffer | null;
  by: string;
};

/**
 * Inserts a CREATING cluster, or takes over the row of a DELETED cluster of the same name (its history stays in
 * jobs and events). Returns false when a live cluster has the name.
 */
export const insertOrReviveCluster = async (q: Queryable, c: NewCluster): Promise<boolean> => {
  const r = await q.query(
    `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, regions, sql_username,
       encrypted_sql_password, ca_cert, encrypted_ca_key, admin_username, encrypted_admin_password, operation_from_status,
       created_by, updated_by)
     VALUES ($1, $2, 'CREATING', $3, $4, $5, $6, $7, $8, $9, $10, $11, $13, $14, NULL, $12, $12)
     ON CONFLICT (cluster_id) DO UPDATE SET grp = excluded.grp, status = 'CREATING', version = excluded.version,
       node_count = excluded.node_count, node_cpus = excluded.node_cpus, disk_size = excluded.disk_size,
       regions = excluded.regions, sql_username = excluded.sql_username,
       encrypted_sql_password = excluded.encrypted_sql_password, ca_cert = excluded.ca_cert,
       encrypted_ca_key = excluded.encrypted_ca_key, admin_username = excluded.admin_username,
       encrypted_admin_password = excluded.encrypted_admin_password, sql_insecure = false, cluster_inventory = '[]', lbs_inventory = '[]',
       previous_version = NULL, upgrade_finalized = true, health = '{}', health_checked_at = NULL,
       status_reason = NULL, operation_from_status = 'DELETED', deleted_at = NULL, created_at = now(),
       created_by = excluded.created_by, updated_at = now(), updated_by = excluded.updated_by
     WHERE clusters.status = 'DELETED'`,
    [c.clusterId, c.grp, c.version, c.nodeCount, c.nodeCpus, c.diskSize, c.regions, c.sqlUsername, c.encryptedSqlPassword,
      c.caCert, c.encryptedCaKey, c.by, c.adminUsername, c.encryptedAdminPassword],
  );
  return r.rowCount > 0;
};

/** Moves a cluster into an operation's transitional state, remembering where it came from. */
export const beginOperation = async (q: Queryable, clusterId: string, during: ClusterStatus, by: string) => {
  await q.query(
    `UPDATE clusters SET operation_from_status = CASE WHEN status = $2 THEN operation_from_status ELSE status END,
       status = $2, status_reason = NULL, updated_at = now(), updated_by = $3
     WHERE cluster_id = $1`,
    [clusterId, during, by],
  );
};

export type ClusterUpdate = Partial<{
  status: ClusterStatus;
  statusReason: string | null;
  version: string;
  previousVersion: string | null;
  upgradeFinalized: boolean;
  nodeCount: number;
  nodeCpus: number;
  diskSize: number;
  regions: string[];
  clusterInventory: ClusterInventory;
  lbsInventory: LbsInventory;
  deleted: boolean;
}>;

const UPDATE_COLUMNS: Record<keyof ClusterUpdate, [string, (v: never) => unknown]> = {
  status: ['status', (v) => v],
  statusReason: ['status_reason', (v) => v],
  version: ['version', (v) => v],
  previousVersion: ['previous_version', (v) => v],
  upgradeFinalized: ['upgrade_finalized', (v) => v],
  nodeCount: ['node_count', (v) => v],
  nodeCpus: ['node_cpus', (v) => v],
  diskSize: ['disk_size', (v) => v],
  regions: ['regions', (v) => v],
  clusterInventory: ['cluster_inventory', (v) => JSON.stringify(v)],
  lbsInventory: ['lbs_inventory', (v) => JSON.stringify(v)],
  deleted: ['deleted_at', (v: boolean) => (v ? new Date() : null)],
};

/** Updates the given fields; `onlyIfStatus` makes it conditional (false when the cluster was not in that state). */
export const updateCluster = async (q: Queryable, clusterId: string, u: ClusterUpdate, by: string, onlyIfStatus?: readonly ClusterStatus[]) => {
  const sets: string[] = [];
  const params: unknown[] = [clusterId, by];
  for (const [k, v] of Object.entries(u) as [keyof ClusterUpdate, never][]) {
    if (v === undefined) continue;
    const [col, conv] = UPDATE_COLUMNS[k];
    params.push(conv(v));
    sets.push(`${col} = $${params.length}`);
  }
  let cond = '';
  if (onlyIfStatus) {
    params.push([...onlyIfStatus]);
    cond = ` AND status = ANY ($${params.length}::TEXT[])`;
  }
  const r = await q.query(
    `UPDATE clusters SET ${[...sets, 'updated_at = now()', 'updated_by = $2'].join(', ')} WHERE cluster_id = $1${cond}`,
    params,
  );
  return r.rowCount > 0;
};

/** Clusters whose health the health check decides (ACTIVE or UNHEALTHY), with their node addresses. */
export const listClustersForHealthCheck = async (q: Queryable): Promise<Pick<ClusterRow, 'cluster_id' | 'status' | 'cluster_inventory' | 'ca_cert'>[]> =>
  (
    await q.query<Pick<ClusterRow, 'cluster_id' | 'status' | 'cluster_inventory' | 'ca_cert'>>(
      `SELECT cluster_id, status, cluster_inventory, ca_cert FROM clusters WHERE status IN ('ACTIVE', 'UNHEALTHY') ORDER BY cluster_id`,
    )
  ).rows;

/** Records a probe result; the status flips only between ACTIVE and UNHEALTHY (an operation may have started meanwhile). */
export const recordHealth = async (q: Queryable, clusterId: string, status: ClusterStatus, health: Record<string, unknown>, reason: string | null) =>
  (
    await q.query(
      `UPDATE clusters SET health = $2, health_checked_at = now(),
         status = CASE WHEN status IN ('ACTIVE', 'UNHEALTHY') THEN $3 ELSE status END,
         status_reason = CASE WHEN status IN ('ACTIVE', 'UNHEALTHY') THEN $4 ELSE status_reason END,
         updated_at = CASE WHEN status <> $3 AND status IN ('ACTIVE', 'UNHEALTHY') THEN now() ELSE updated_at END
       WHERE cluster_id = $1`,
      [clusterId, JSON.stringify(health), status, reason],
    )
  ).rowCount > 0;

/** Prometheus HTTP SD: every live cluster with its node addresses. */
export const listPromTargetClusters = async (q: Queryable): Promise<Pick<ClusterRow, 'cluster_id' | 'cluster_inventory'>[]> =>
  (
    await q.query<Pick<ClusterRow, 'cluster_id' | 'cluster_inventory'>>(
      `SELECT cluster_id, cluster_inventory FROM clusters WHERE status NOT IN ('DELETING', 'DELETED') ORDER BY cluster_id`,
    )
  ).rows;
