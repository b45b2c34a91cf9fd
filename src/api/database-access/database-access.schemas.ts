// Schemas of the database-access routes (issue 13): databases, generated roles, SQL users, IdP group mappings and
// access drift of one cluster. Names are length-bounded by the string rule here; their own rules (database and user
// names, reserved and protected names, the password policy) are checked by the services, before the cluster.
import { z } from 'zod';
import { ClusterIdParams } from '../clusters/clusters.schemas.js';
import { safeString } from '../http/strings.js';

const ts = z.date().describe('Timestamp');
const name = (what: string) => safeString({ max: 128 }).describe(what);

export const DatabaseParams = ClusterIdParams.extend({ database_name: name('Database name') });
export const UserParams = ClusterIdParams.extend({ username: name('SQL user name') });
export const RoleParams = ClusterIdParams.extend({ database_role: name('Generated database role') });

export const DatabaseRoleRef = z.object({
  cluster_id: z.string(),
  database_name: z.string(),
  schema_name: z.string().nullable().describe('Schema of a schema-scoped role; null for database scope'),
  database_role: z.string().describe('Role name on the cluster'),
  database_role_template: z.string().describe('Template it was generated from'),
  scope_type: z.enum(['database', 'schema']),
});

export const DatabaseObject = z.object({
  cluster_id: z.string(),
  database_name: z.string(),
  origin: z.enum(['cp', 'discovered']).describe('cp: created through cp; discovered: created outside cp, registered by a sync'),
  on_cluster: z.boolean().nullable().describe('Whether the cluster has it right now (null where not asked)'),
  created_at: ts, created_by: z.string(), updated_at: ts, updated_by: z.string(),
  database_roles: z.array(DatabaseRoleRef),
});

export const DatabaseObjectList = z.object({
  cluster_id: z.string(),
  database_objects: z.array(DatabaseObject),
  unmanaged_databases: z.array(z.string()).describe('Databases on the cluster cp does not know yet (sync registers them)'),
});

export const CreateDatabaseBody = z.strictObject({
  database_name: name('1-63 lower-case letters, digits, underscores, not starting with a digit; not defaultdb/postgres/system'),
});

export const DatabaseDryRunQuery = z.object({
  dry_run: z.enum(['true', 'false']).default('false').transform((v) => v === 'true')
    .describe('true: list what would be dropped and which users lose which roles, change nothing'),
});

const Revoke = z.object({ username: z.string(), database_role: z.string() });

export const DeleteDatabaseResponse = z.object({
  cluster_id: z.string(),
  database_name: z.string(),
  dry_run: z.boolean(),
  drops_database: z.boolean().describe('DROP DATABASE … CASCADE (every table in it)'),
  drops_roles: z.array(z.string()).describe('Generated roles revoked from their members and dropped'),
  revokes: z.array(Revoke).describe('Users that lose (or lost) a role'),
});

export const DatabaseUser = z.object({
  username: z.string(),
  options: z.array(z.string()).describe('Role options as SHOW USERS prints them (e.g. CREATEROLE, VALID UNTIL=…)'),
  member_of: z.array(z.string()).describe('Every role the user is a member of'),
  database_roles: z.array(z.string()).describe('The generated roles among member_of'),
  managed: z.boolean().describe('Created by cp'),
  kind: z.enum(['password', 'idp_group']).nullable().describe('password: a login with a password; idp_group: the SSO login of an IdP group mapping'),
  protected: z.boolean().describe('root, admin, node, cp\'s service user, the admin user for people: never dropped or altered through cp'),
  protected_reason: z.string().nullable(),
});

export const DatabaseUserList = z.object({
  cluster_id: z.string(),
  database_users: z.array(DatabaseUser),
  database_roles: z.array(z.string()).describe('Generated roles that can be granted'),
});

const password = safeString({ max: 128 }).describe('Password (policy: setting database_access.password_min_length and three character classes). Omit it to have cp generate one, returned once');
const roles = z.array(name('Generated role')).max(200);

export const CreateUserBody = z.strictObject({
  username: name('SQL user name: 1-63 lower-case letters, digits, _ . -, starting with a letter or _; not reserved'),
  password: password.optional(),
  database_roles: roles.default([]).describe('Generated roles to grant'),
});

export const CreatedUser = z.object({
  cluster_id: z.string(),
  username: z.string(),
  database_roles: z.array(z.string()),
  generated_password: z.string().nullable().describe('The generated password, shown once (null when you chose it)'),
});

export const SetPasswordBody = z.strictObject({ password: password.optional() });
export const PasswordSet = z.object({ cluster_id: z.string(), username: z.string(), generated_password: z.string().nullable() });
export const RolesBody = z.strictObject({ database_roles: roles.min(1).describe('Generated roles') });
export const RolesChanged = z.object({ cluster_id: z.string(), username: z.string(), database_roles: z.array(z.string()) });
export const UserDeleted = z.object({ cluster_id: z.string(), username: z.string(), deleted: z.boolean() });

export const DatabaseRoleList = z.object({
  cluster_id: z.string(),
  database_roles: z.array(z.object({
    database_role: z.string(), database_name: z.string(), schema_name: z.string().nullable(),
    database_role_template: z.string(), scope_type: z.enum(['database', 'schema']),
    sql_statement: z.string().describe('The rendered SQL cp ran to create it'),
    members: z.array(z.string()).describe('Users and roles that are members (from the cluster)'),
    created_at: ts, updated_at: ts,
  })),
});

export const SyncResponse = z.object({
  cluster_id: z.string(),
  databases_discovered: z.array(z.string()).describe('Databases created outside cp, now registered'),
  roles_materialised: z.array(z.string()),
  roles_dropped: z.array(z.string()).describe('Stale generated roles revoked and dropped on the cluster'),
  revoked: z.array(Revoke),
});

const Mapping = z.object({
  cluster_id: z.string(), database_role: z.string(), group_name: z.string(),
  applied_at: ts.nullable().describe('When cp last applied the mappings on the cluster'),
  apply_error: z.string().nullable().describe('Why cp could not apply them (the mapping is stored only)'),
  created_at: ts, created_by: z.string(), updated_at: ts, updated_by: z.string(),
});

export const MappingList = z.object({
  cluster_id: z.string(),
  mechanism: z.literal('jwt_identity_map').describe('JWT SQL login + server.identity_map.configuration; see docs/DATABASE-ACCESS.md'),
  database_role_group_mappings: z.array(Mapping),
});

export const PutMappingBody = z.strictObject({
  groups: z.array(safeString({ max: 255 }).describe('IdP group name')).max(100).describe('The full set of groups for this role (replaces it)'),
});

export const MappingUpdated = z.object({
  cluster_id: z.string(),
  database_role: z.string(),
  mechanism: z.literal('jwt_identity_map'),
  applied: z.boolean().describe('true: the cluster now lets members of these groups log in with the role'),
  reason: z.string().nullable().describe('Why not applied (CockroachDB version, no IdP issuer)'),
  sql_logins: z.array(z.object({
    group_name: z.string(), sql_user: z.string().describe('Log in as this user with your IdP token as the password'),
    database_roles: z.array(z.string()),
  })),
  cluster_settings: z.record(z.string(), z.string()).nullable().describe('The cluster settings cp set'),
  database_role_group_mappings: z.array(Mapping),
});

const Difference = z.object({
  kind: z.enum(['missing_on_cluster', 'unknown_to_cp', 'grant_differs']),
  object_type: z.enum(['database', 'role', 'grant', 'membership', 'user', 'sso_setting']),
  name: z.string(),
  detail: z.string(),
  fix: z.string().nullable().describe('What POST …/access-drift/fix does about it (null: left to a person)'),
});

export const DriftResponse = z.object({
  cluster_id: z.string(),
  checked_at: ts,
  in_sync: z.boolean(),
  differences: z.array(Difference),
  last_recorded: z.object({ checked_at: ts, difference_count: z.number().int(), error: z.string().nullable() }).nullable()
    .describe('The last check the scheduled job (or a fix) recorded: what the cluster list badge shows'),
});

export const DriftFixResponse = z.object({
  cluster_id: z.string(),
  dry_run: z.boolean(),
  actions: z.array(Difference).describe('Differences fix applies (or would apply)'),
  differences_after: z.array(Difference).nullable().describe('What is left afterwards (null for a dry run)'),
});
