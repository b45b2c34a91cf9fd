// Role materialisation (reference §7.3, fixed per defect 25): for every database on the cluster and every role
// template, the role "<db>_<template>" (database scope) or "<db>_<schema>_<template>" (schema scope) is created by
// running the template with its placeholders replaced by ident()-quoted names. It runs only on database create,
// template change and an explicit sync — never on a read. Roles cp generated earlier that no template or database
// produces any more are revoked from their members and dropped on the cluster. Everything here talks to the
// cluster; the caller writes cp's rows afterwards in one metadata transaction.
import type { ClusterSql } from '../../infra/cockroach/cluster-sql.js';
import { ident } from '../../infra/cockroach/quote.js';
import { listDatabases, listSchemas } from '../../infra/cockroach/statements/databases.statements.js';
import {
  dropRoleIfExists, listPrincipals, listRoleGrantsIn, revokeDatabasePrivilege, revokeRoleFrom, revokeSchemaPrivilege, runRoleTemplateStatement,
  type RoleGrant,
} from '../../infra/cockroach/statements/roles.statements.js';
import type { ClusterTarget } from '../../infra/cockroach/target.js';
import { splitSqlStatements } from '../../infra/db/sql-split.js';
import type { DatabaseRoleRow, RoleUpsert } from '../../repositories/database-access.repository.js';
import type { RoleTemplateRow } from '../../repositories/database-role-templates.repository.js';
import { checkDatabaseName, generatedRoleName, SYSTEM_DATABASES } from './access-rules.js';

const INTERNAL_SCHEMAS = new Set(['crdb_internal', 'information_schema', 'pg_catalog', 'pg_extension']);

export type RoleTarget = { database_role: string; database_name: string; schema_name: string | null; template: RoleTemplateRow };

/** The template's statements with placeholders as quoted identifiers (never pasted text). */
export const renderTemplate = (sql: string, t: Pick<RoleTarget, 'database_role' | 'database_name' | 'schema_name'>): string[] =>
  splitSqlStatements(sql).map((stmt) => stmt.replace(/\{(database_role|database_name|schema_name)\}/g, (_m, p: string) =>
    p === 'database_role' ? ident(t.database_role) : p === 'database_name' ? ident(t.database_name) : ident(t.schema_name ?? '')));

/** "<object_type>:<db>.<schema>.<object>:<privilege>" — a grant as drift detection compares it. */
export const grantKey = (g: RoleGrant) => `${g.object_type}:${[g.database_name, g.schema_name, g.object_name].filter(Boolean).join('.')}:${g.privilege_type}`;

/** Databases on the cluster cp may manage (CockroachDB's own and names outside cp's rule are left alone). */
export const clusterDatabases = async (sql: ClusterSql, t: ClusterTarget): Promise<string[]> =>
  (await listDatabases(sql, t)).map((d) => d.database_name).filter((n) => {
    if (SYSTEM_DATABASES.has(n)) return false;
    try { checkDatabaseName(n); return true; } catch { return false; }
  });

export const planTargets = async (sql: ClusterSql, t: ClusterTarget, databases: readonly string[], templates: readonly RoleTemplateRow[]) => {
  const out: RoleTarget[] = [];
  for (const db of databases) {
    const schemas = templates.some((x) => x.scope_type === 'schema')
      ? (await listSchemas(sql, t, db)).filter((s) => !INTERNAL_SCHEMAS.has(s)) : [];
    for (const template of templates) {
      if (template.scope_type === 'database') out.push({ database_role: generatedRoleName(db, null, template.name), database_name: db, schema_name: null, template });
      else for (const s of schemas) out.push({ database_role: generatedRoleName(db, s, template.name), database_name: db, schema_name: s, template });
    }
  }
  return out;
};

/** Runs each target's template and reads back the grants it produced. */
export const materialise = async (sql: ClusterSql, t: ClusterTarget, targets: readonly RoleTarget[]): Promise<RoleUpsert[]> => {
  const rows: RoleUpsert[] = [];
  for (const x of targets) {
    const statements = renderTemplate(x.template.sql_statement, x);
    for (const s of statements) await runRoleTemplateStatement(sql, t, s);
    const grants = (await listRoleGrantsIn(sql, t, x.database_role, x.database_name, x.schema_name)).map(grantKey).sort();
    rows.push({
      database_role: x.database_role, database_name: x.database_name, schema_name: x.schema_name, template_name: x.template.name,
      scope_type: x.template.scope_type, sql_statement: statements.join(';\n') + ';', expected_grants: grants,
    });
  }
  return rows;
};

/**
 * Removes generated roles from the cluster: revoke from every member, revoke what the role still holds on databases
 * that still exist, then DROP ROLE IF EXISTS. Returns which users lost which role.
 */
export const dropGeneratedRoles = async (
  sql: ClusterSql, t: ClusterTarget, roles: readonly Pick<DatabaseRoleRow, 'database_role' | 'database_name' | 'schema_name'>[],
  opts: { databaseGone?: boolean } = {},
) => {
  if (roles.length === 0) return [];
  const names = new Set(roles.map((r) => r.database_role));
  const principals = await listPrincipals(sql, t);
  const lost: { username: string; database_role: string }[] = [];
  for (const p of principals) {
    for (const role of p.member_of) {
      if (!names.has(role)) continue;
      await revokeRoleFrom(sql, t, role, p.username);
      lost.push({ username: p.username, database_role: role });
    }
  }
  const existing = new Set(principals.map((p) => p.username));
  const present = opts.databaseGone ? new Set<string>() : new Set(await clusterDatabases(sql, t));
  for (const r of roles) {
    const role = r.database_role;
    if (!existing.has(role)) continue;
    const held = present.has(r.database_name) ? await listRoleGrantsIn(sql, t, role, r.database_name, r.schema_name) : [];
    for (const g of held) {
      if (g.object_type === 'database') await revokeDatabasePrivilege(sql, t, g.privilege_type, g.database_name, role);
      else if (g.object_type === 'schema') await revokeSchemaPrivilege(sql, t, g.privilege_type, g.database_name, g.schema_name, role);
    }
    await dropRoleIfExists(sql, t, role);
  }
  return lost;
};

/** Which users hold which of the given roles (for dry runs). */
export const membersOf = async (sql: ClusterSql, t: ClusterTarget, roles: readonly string[]) => {
  const names = new Set(roles);
  return (await listPrincipals(sql, t)).flatMap((p) => p.member_of.filter((r) => names.has(r)).map((r) => ({ username: p.username, database_role: r })));
};
