// Roles, memberships and privileges on a managed cluster (create-role.md, drop-role.md, grant.md, revoke.md,
// show-roles.md, show-grants.md). Identifiers are always quoted by quote.ts; a role template's SQL reaches the
// cluster only as rendered by the service (placeholders substituted as quoted identifiers).
import type { ClusterSql } from '../cluster-sql.js';
import { ident } from '../quote.js';
import type { ClusterTarget } from '../target.js';

/** A Postgres text array (`{a,"b c"}`) as CockroachDB prints member_of. */
export const parseTextArray = (v: string | null | undefined): string[] => {
  if (!v || v === '{}') return [];
  const body = v.startsWith('{') && v.endsWith('}') ? v.slice(1, -1) : v;
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '\\') cur += body[++i] ?? '';
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; }
    else cur += c;
  }
  out.push(cur);
  return out;
};

export type SqlPrincipal = { username: string; options: string[]; member_of: string[]; login: boolean };

/**
 * SHOW ROLES → username | options | member_of, users and roles alike (show-roles.md). `options` is a
 * comma-separated string up to v25.2; a principal whose options include NOLOGIN is a role.
 */
export const listPrincipals = async (sql: ClusterSql, t: ClusterTarget): Promise<SqlPrincipal[]> =>
  (await sql.query(t, 'SHOW ROLES')).map((r) => {
    const options = (r.options ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return { username: r.username ?? '', options, member_of: parseTextArray(r.member_of), login: !options.includes('NOLOGIN') };
  });

/** GRANT "<role>" TO "<member>" (already a member: no-op). */
export const grantRoleTo = async (sql: ClusterSql, t: ClusterTarget, role: string, member: string): Promise<void> => {
  await sql.query(t, `GRANT ${ident(role)} TO ${ident(member)}`);
};

/** REVOKE "<role>" FROM "<member>" (not a member: no-op). */
export const revokeRoleFrom = async (sql: ClusterSql, t: ClusterTarget, role: string, member: string): Promise<void> => {
  await sql.query(t, `REVOKE ${ident(role)} FROM ${ident(member)}`);
};

/** DROP ROLE IF EXISTS "<role>" (its privileges must be gone first: its database dropped or them revoked). */
export const dropRoleIfExists = async (sql: ClusterSql, t: ClusterTarget, role: string): Promise<void> => {
  await sql.query(t, `DROP ROLE IF EXISTS ${ident(role)}`);
};

/**
 * One statement of a rendered database role template. The text comes from role-template-sql.ts's rules (validated
 * when the admin saved it) with every placeholder replaced by an `ident(…)`-quoted name; nothing else is pasted in.
 */
export const runRoleTemplateStatement = async (sql: ClusterSql, t: ClusterTarget, rendered: string): Promise<void> => {
  await sql.query(t, rendered, [], { idempotent: false });
};

export type RoleGrant = { database_name: string; schema_name: string; object_name: string; object_type: string; privilege_type: string };

/** SHOW GRANTS FOR "<role>" → database_name | schema_name | object_name | object_type | grantee | privilege_type | is_grantable. */
export const listGrantsFor = async (sql: ClusterSql, t: ClusterTarget, role: string): Promise<RoleGrant[]> =>
  (await sql.query(t, `SHOW GRANTS FOR ${ident(role)}`)).filter((r) => r.grantee === role).map((r) => ({
    database_name: r.database_name ?? '', schema_name: r.schema_name ?? '', object_name: r.object_name ?? '',
    object_type: (r.object_type ?? '').toLowerCase(), privilege_type: r.privilege_type ?? '',
  }));

/** REVOKE <privilege> ON DATABASE "<db>" FROM "<role>" (a privilege the role gained outside cp's template). */
export const revokeDatabasePrivilege = async (sql: ClusterSql, t: ClusterTarget, privilege: string, database: string, role: string): Promise<void> => {
  if (!/^[A-Z][A-Z_ ]*$/.test(privilege)) throw new TypeError(`not a privilege name: ${privilege}`);
  await sql.query(t, `REVOKE ${privilege} ON DATABASE ${ident(database)} FROM ${ident(role)}`);
};

/** REVOKE <privilege> ON SCHEMA "<db>"."<schema>" FROM "<role>". */
export const revokeSchemaPrivilege = async (sql: ClusterSql, t: ClusterTarget, privilege: string, database: string, schema: string, role: string): Promise<void> => {
  if (!/^[A-Z][A-Z_ ]*$/.test(privilege)) throw new TypeError(`not a privilege name: ${privilege}`);
  await sql.query(t, `REVOKE ${privilege} ON SCHEMA ${ident(database)}.${ident(schema)} FROM ${ident(role)}`);
};

/**
 * What a role holds on one database and (for a schema-scoped role) its schema: SHOW GRANTS ON DATABASE "<db>" FOR
 * "<role>" and SHOW GRANTS ON SCHEMA "<db>"."<schema>" FOR "<role>" (show-grants.md). Named objects, so the answer
 * does not depend on the session's current database (the bare FOR form only covers that one).
 */
export const listRoleGrantsIn = async (sql: ClusterSql, t: ClusterTarget, role: string, database: string, schema: string | null): Promise<RoleGrant[]> => {
  const out: RoleGrant[] = (await sql.query(t, `SHOW GRANTS ON DATABASE ${ident(database)} FOR ${ident(role)}`)).filter((r) => r.grantee === role)
    .map((r) => ({ database_name: r.database_name ?? database, schema_name: '', object_name: '', object_type: 'database', privilege_type: r.privilege_type ?? '' }));
  if (schema !== null) {
    out.push(...(await sql.query(t, `SHOW GRANTS ON SCHEMA ${ident(database)}.${ident(schema)} FOR ${ident(role)}`)).filter((r) => r.grantee === role)
      .map((r) => ({ database_name: r.database_name ?? database, schema_name: r.schema_name ?? schema, object_name: '', object_type: 'schema', privilege_type: r.privilege_type ?? '' })));
  }
  return out;
};
