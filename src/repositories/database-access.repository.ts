// SQL for database access inside managed clusters: the databases, generated roles, managed SQL users (+ the roles cp
// granted them), IdP group mappings and the last drift check of each cluster. Metadata only: what is really on a
// cluster is asked through src/infra/cockroach, never stored here as truth.
import type { Queryable } from '../infra/db/db.js';

export type DatabaseObjectRow = {
  cluster_id: string; database_name: string; origin: 'cp' | 'discovered';
  created_at: Date; created_by: string; updated_at: Date; updated_by: string;
};
export type DatabaseRoleRow = {
  cluster_id: string; database_role: string; database_name: string; schema_name: string | null; template_name: string;
  scope_type: 'database' | 'schema'; sql_statement: string; expected_grants: string[]; created_at: Date; updated_at: Date;
};
export type GroupMappingRow = {
  cluster_id: string; database_role: string; group_name: string; applied_at: Date | null; apply_error: string | null;
  created_at: Date; created_by: string; updated_at: Date; updated_by: string;
};
export type ManagedUserRow = { cluster_id: string; username: string; kind: 'password' | 'idp_group'; created_at: Date; created_by: string };
export type UserRoleRow = { username: string; database_role: string };
export type DriftRow = { cluster_id: string; checked_at: Date; difference_count: number; differences: unknown[]; error: string | null };

const OBJ = `cluster_id, database_name, origin, created_at, created_by, updated_at, updated_by`;
const ROLE = `cluster_id, database_role, database_name, schema_name, template_name, scope_type, sql_statement, expected_grants, created_at, updated_at`;
const MAP = `cluster_id, database_role, group_name, applied_at, apply_error, created_at, created_by, updated_at, updated_by`;

// databases ---------------------------------------------------------------------------------------------------------

export const listDatabaseObjects = async (q: Queryable, clusterId: string) =>
  (await q.query<DatabaseObjectRow>(`SELECT ${OBJ} FROM cluster_database_objects WHERE cluster_id = $1 ORDER BY database_name`, [clusterId])).rows;

export const findDatabaseObject = async (q: Queryable, clusterId: string, name: string) =>
  (await q.query<DatabaseObjectRow>(`SELECT ${OBJ} FROM cluster_database_objects WHERE cluster_id = $1 AND database_name = $2`, [clusterId, name])).rows[0];

/** Inserts the row or, when it exists, touches it (origin kept: a database cp created stays cp's). */
export const upsertDatabaseObject = async (q: Queryable, clusterId: string, name: string, origin: 'cp' | 'discovered', by: string) =>
  q.query(
    `INSERT INTO cluster_database_objects (cluster_id, database_name, origin, created_by, updated_by) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (cluster_id, database_name) DO UPDATE SET updated_at = now(), updated_by = $4`,
    [clusterId, name, origin, by],
  );

export const deleteDatabaseObject = async (q: Queryable, clusterId: string, name: string) =>
  (await q.query(`DELETE FROM cluster_database_objects WHERE cluster_id = $1 AND database_name = $2`, [clusterId, name])).rowCount > 0;

// generated roles ---------------------------------------------------------------------------------------------------

export const listDatabaseRoles = async (q: Queryable, clusterId: string) =>
  (await q.query<DatabaseRoleRow>(`SELECT ${ROLE} FROM cluster_database_roles WHERE cluster_id = $1 ORDER BY database_role`, [clusterId])).rows;

export const findDatabaseRoles = async (q: Queryable, clusterId: string, roles: readonly string[]) =>
  roles.length === 0 ? [] : (await q.query<DatabaseRoleRow>(
    `SELECT ${ROLE} FROM cluster_database_roles WHERE cluster_id = $1 AND database_role = ANY($2::text[])`, [clusterId, [...roles]],
  )).rows;

export type RoleUpsert = Pick<DatabaseRoleRow, 'database_role' | 'database_name' | 'schema_name' | 'template_name' | 'scope_type' | 'sql_statement' | 'expected_grants'>;

export const upsertDatabaseRole = async (q: Queryable, clusterId: string, r: RoleUpsert) =>
  q.query(
    `INSERT INTO cluster_database_roles (cluster_id, database_role, database_name, schema_name, template_name, scope_type, sql_statement, expected_grants)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
     ON CONFLICT (cluster_id, database_role) DO UPDATE SET database_name = $3, schema_name = $4, template_name = $5, scope_type = $6,
       sql_statement = $7, expected_grants = $8::jsonb, updated_at = now()`,
    [clusterId, r.database_role, r.database_name, r.schema_name, r.template_name, r.scope_type, r.sql_statement, JSON.stringify(r.expected_grants)],
  );

export const deleteDatabaseRoles = async (q: Queryable, clusterId: string, roles: readonly string[]) => {
  if (roles.length === 0) return 0;
  return (await q.query(`DELETE FROM cluster_database_roles WHERE cluster_id = $1 AND database_role = ANY($2::text[])`, [clusterId, [...roles]])).rowCount;
};

/** Clusters holding roles of a template, or (no template) every cluster with a database row; for the template job. */
export const listClustersWithDatabases = async (q: Queryable) =>
  (await q.query<{ cluster_id: string }>(`SELECT DISTINCT cluster_id FROM cluster_database_objects ORDER BY cluster_id`)).rows.map((r) => r.cluster_id);

// managed users -----------------------------------------------------------------------------------------------------

export const listManagedUsers = async (q: Queryable, clusterId: string) =>
  (await q.query<ManagedUserRow>(`SELECT cluster_id, username, kind, created_at, created_by FROM cluster_database_users WHERE cluster_id = $1 ORDER BY username`, [clusterId])).rows;

export const upsertManagedUser = async (q: Queryable, clusterId: string, username: string, kind: ManagedUserRow['kind'], by: string) =>
  q.query(
    `INSERT INTO cluster_database_users (cluster_id, username, kind, created_by, updated_by) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (cluster_id, username) DO UPDATE SET updated_at = now(), updated_by = $4`,
    [clusterId, username, kind, by],
  );

export const touchManagedUser = async (q: Queryable, clusterId: string, username: string, by: string) =>
  q.query(`UPDATE cluster_database_users SET updated_at = now(), updated_by = $3 WHERE cluster_id = $1 AND username = $2`, [clusterId, username, by]);

export const deleteManagedUser = async (q: Queryable, clusterId: string, username: string) =>
  q.query(`DELETE FROM cluster_database_users WHERE cluster_id = $1 AND username = $2`, [clusterId, username]);

export const listUserRoles = async (q: Queryable, clusterId: string) =>
  (await q.query<UserRoleRow>(`SELECT username, database_role FROM cluster_database_user_roles WHERE cluster_id = $1 ORDER BY username, database_role`, [clusterId])).rows;

export const addUserRoles = async (q: Queryable, clusterId: string, username: string, roles: readonly string[], by: string) => {
  for (const role of roles) {
    await q.query(
      `INSERT INTO cluster_database_user_roles (cluster_id, username, database_role, granted_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cluster_id, username, database_role) DO NOTHING`,
      [clusterId, username, role, by],
    );
  }
};

export const removeUserRoles = async (q: Queryable, clusterId: string, username: string, roles: readonly string[]) =>
  q.query(`DELETE FROM cluster_database_user_roles WHERE cluster_id = $1 AND username = $2 AND database_role = ANY($3::text[])`, [clusterId, username, [...roles]]);

// group mappings ----------------------------------------------------------------------------------------------------

export const listGroupMappings = async (q: Queryable, clusterId: string) =>
  (await q.query<GroupMappingRow>(`SELECT ${MAP} FROM cluster_database_role_group_mappings WHERE cluster_id = $1 ORDER BY database_role, group_name`, [clusterId])).rows;

/** Replaces the role's group set: groups not listed are deleted, listed ones inserted (kept when present). */
export const replaceGroupMappings = async (q: Queryable, clusterId: string, role: string, groups: readonly string[], by: string) => {
  await q.query(
    `DELETE FROM cluster_database_role_group_mappings WHERE cluster_id = $1 AND database_role = $2 AND NOT (group_name = ANY($3::text[]))`,
    [clusterId, role, [...groups]],
  );
  for (const g of groups) {
    await q.query(
      `INSERT INTO cluster_database_role_group_mappings (cluster_id, database_role, group_name, created_by, updated_by) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (cluster_id, database_role, group_name) DO UPDATE SET updated_at = now(), updated_by = $4`,
      [clusterId, role, g, by],
    );
  }
};

/** Records the outcome of applying the cluster's mappings (applied_at set on success, apply_error otherwise). */
export const markGroupMappingsApplied = async (q: Queryable, clusterId: string, error: string | null) =>
  q.query(
    `UPDATE cluster_database_role_group_mappings SET applied_at = CASE WHEN $2::text IS NULL THEN now() ELSE applied_at END, apply_error = $2::text
     WHERE cluster_id = $1`,
    [clusterId, error],
  );

// drift -------------------------------------------------------------------------------------------------------------

export const recordDrift = async (q: Queryable, clusterId: string, differences: unknown[], error: string | null) =>
  q.query(
    `INSERT INTO cluster_access_drift (cluster_id, checked_at, difference_count, differences, error) VALUES ($1, now(), $2, $3::jsonb, $4)
     ON CONFLICT (cluster_id) DO UPDATE SET checked_at = now(), difference_count = $2, differences = $3::jsonb, error = $4`,
    [clusterId, differences.length, JSON.stringify(differences), error],
  );

export const findDrift = async (q: Queryable, clusterId: string) =>
  (await q.query<DriftRow>(`SELECT cluster_id, checked_at, difference_count, differences, error FROM cluster_access_drift WHERE cluster_id = $1`, [clusterId])).rows[0];

/** Drift summaries of the given clusters (for the cluster list badge). */
export const listDriftSummaries = async (q: Queryable, clusterIds: readonly string[]) =>
  clusterIds.length === 0 ? [] : (await q.query<Omit<DriftRow, 'differences'>>(
    `SELECT cluster_id, checked_at, difference_count, error FROM cluster_access_drift WHERE cluster_id = ANY($1::text[])`, [[...clusterIds]],
  )).rows;

/** Clusters the scheduled drift check asks: reachable ones cp manages databases or users on. */
export const listClustersForDriftCheck = async (q: Queryable) =>
  (await q.query<{ cluster_id: string }>(
    `SELECT cluster_id FROM clusters WHERE status IN ('ACTIVE', 'UNHEALTHY') ORDER BY cluster_id`,
  )).rows.map((r) => r.cluster_id);
