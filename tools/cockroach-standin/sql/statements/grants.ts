// GRANT / REVOKE, both forms: role membership (GRANT role TO user [WITH ADMIN OPTION]) and object privileges
// (GRANT privs ON DATABASE|SCHEMA|[TABLE]|ALL TABLES IN SCHEMA|EXTERNAL CONNECTION … TO … [WITH GRANT OPTION]).
// Docs: src/current/v24.3/grant.md, revoke.md. Privilege names per object: catalog/privileges.ts.
import type { ObjectType, PrivilegeTarget } from '../../catalog/privileges.js';
import { VALID_PRIVILEGES } from '../../catalog/privileges.js';
import { ADMIN, PUBLIC, ROOT } from '../../catalog/roles.js';
import { tagOnly } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import type { Cursor } from '../cursor.js';
import { SqlError } from '../engine.types.js';
import { roleMissing } from '../names.js';
import { requireDatabase, resolveTable, schemaExists, tablesIn } from '../objects.js';

const roleList = (c: Cursor) => c.nameList(() => c.roleName().toLowerCase());

const requireRoles = async (ctx: StatementContext, names: string[], allowPublic = false) => {
  for (const n of names) if (!(allowPublic && n === PUBLIC) && !(await ctx.catalog.roles.exists(n))) throw roleMissing(n);
};

/** Membership: admin, CREATEROLE (for roles other than admin) or WITH ADMIN OPTION on the role. */
const requireRoleAdmin = async (ctx: StatementContext, role: string) => {
  if (await ctx.isAdmin()) return;
  if (role !== ADMIN && (await ctx.catalog.roles.hasOption(ctx.state.user, 'CREATEROLE'))) return;
  const mine = (await ctx.catalog.roles.memberships()).some((m) => m.role === role && m.member === ctx.state.user && m.isAdmin);
  if (!mine) throw new SqlError('42501', `${ctx.state.user} must have admin option on role "${role}"`);
};

const grantRoles = async (ctx: StatementContext, c: Cursor) => {
  const roles = roleList(c);
  c.expectWords('to');
  const members = roleList(c);
  const withAdmin = c.acceptWords('with', 'admin', 'option');
  c.end();
  await requireRoles(ctx, [...roles, ...members]);
  for (const role of roles) {
    await requireRoleAdmin(ctx, role);
    const above = await ctx.catalog.roles.rolesOf(role);
    for (const member of members) {
      if (member === role || above.includes(member)) throw new SqlError('0LP01', `making ${member} a member of ${role} would create a cycle`);
      await ctx.catalog.roles.grantMembership(role, member, withAdmin);
    }
  }
  return tagOnly('GRANT');
};

const revokeRoles = async (ctx: StatementContext, c: Cursor) => {
  const adminOnly = c.acceptWords('admin', 'option', 'for');
  const roles = roleList(c);
  c.expectWords('from');
  const members = roleList(c);
  c.end();
  await requireRoles(ctx, [...roles, ...members]);
  for (const role of roles) {
    await requireRoleAdmin(ctx, role);
    for (const member of members) {
      if (role === ADMIN && member === ROOT) throw new SqlError('0LP01', 'user root cannot be removed from role admin or lose the ADMIN OPTION');
      await ctx.catalog.roles.revokeMembership(role, member, adminOnly);
    }
  }
  return tagOnly('REVOKE');
};

const privilegeList = (c: Cursor): string[] => {
  if (c.acceptWords('all')) { c.acceptWords('privileges'); return ['ALL']; }
  return c.nameList(() => c.name().toUpperCase());
};

/** The objects named after ON, resolved; CockroachDB accepts `ON t` as `ON TABLE t`. */
const targetsOf = async (ctx: StatementContext, c: Cursor): Promise<PrivilegeTarget[]> => {
  const mk = (objectType: ObjectType, database: string, schema = '', object = ''): PrivilegeTarget => ({ objectType, database, schema, object });
  if (c.acceptWords('database')) {
    const names = c.nameList();
    for (const n of names) await requireDatabase(ctx, n);
    return names.map((n) => mk('database', n));
  }
  if (c.acceptWords('external', 'connection')) {
    const names = c.nameList();
    for (const n of names) {
      if (!(await ctx.catalog.externalConnections.get(n))) throw new SqlError('42704', `external connection with name ${n} does not exist`);
    }
    return names.map((n) => mk('external_connection', '', '', n));
  }
  if (c.acceptWords('all', 'tables', 'in', 'schema')) {
    const out: PrivilegeTarget[] = [];
    for (const s of c.nameList()) {
      if (!(await schemaExists(ctx, ctx.state.database, s))) throw new SqlError('3F000', `target database or schema does not exist`);
      for (const t of await tablesIn(ctx, ctx.state.database, s)) out.push(mk('table', ctx.state.database, t.schema, t.table));
    }
    return out;
  }
  if (c.acceptWords('schema')) {
    const out: PrivilegeTarget[] = [];
    for (const parts of c.nameList(() => c.qualifiedName().join('.')).map((p) => p.split('.'))) {
      const [database, schema] = parts.length === 2 ? [parts[0]!, parts[1]!] : [ctx.state.database, parts[0]!];
      if (!(await schemaExists(ctx, database, schema))) throw new SqlError('3F000', `target database or schema does not exist`);
      out.push(mk('schema', database, schema));
    }
    return out;
  }
  c.acceptWords('table');
  const out: PrivilegeTarget[] = [];
  for (const parts of c.nameList(() => c.qualifiedName().join('\u0000')).map((p) => p.split('\u0000'))) {
    const t = await resolveTable(ctx, parts);
    out.push(mk('table', t.database, t.schema, t.table));
  }
  return out;
};

const validate = (t: PrivilegeTarget, privileges: string[]) => {
  for (const p of privileges) {
    if (!VALID_PRIVILEGES[t.objectType].includes(p)) {
      throw new SqlError('0LP01', `invalid privilege type ${p} for ${t.objectType.replace('_', ' ')}`);
    }
  }
};

/** admin, or a grantable grant of that privilege (or ALL) held directly or through a role. */
const requireGrantOption = async (ctx: StatementContext, t: PrivilegeTarget, privileges: string[]) => {
  if (await ctx.isAdmin()) return;
  const who = [ctx.state.user, ...(await ctx.catalog.roles.rolesOf(ctx.state.user))];
  const held = (await ctx.catalog.privileges.list({ grantees: who })).filter((h) => h.grantable && h.objectType === t.objectType
    && h.database === t.database && h.schema === t.schema && h.object === t.object);
  if (!privileges.every((p) => held.some((h) => h.privilege === p || h.privilege === 'ALL'))) {
    throw new SqlError('42501', `user ${ctx.state.user} missing WITH GRANT OPTION privilege on one or more of ${privileges.join(', ')}`);
  }
};

const objectPrivileges = async (ctx: StatementContext, c: Cursor, grant: boolean) => {
  const grantOptionOnly = !grant && c.acceptWords('grant', 'option', 'for');
  const privileges = privilegeList(c);
  c.expectWords('on');
  const targets = await targetsOf(ctx, c);
  c.expectWords(grant ? 'to' : 'from');
  const grantees = roleList(c);
  const withGrant = grant && c.acceptWords('with', 'grant', 'option');
  c.end();
  await requireRoles(ctx, grantees, true);
  for (const t of targets) {
    validate(t, privileges);
    await requireGrantOption(ctx, t, privileges);
    for (const g of grantees) {
      if (grant) await ctx.catalog.privileges.grant(g, t, privileges, withGrant);
      else await ctx.catalog.privileges.revoke(g, t, privileges, grantOptionOnly);
    }
  }
  return tagOnly(grant ? 'GRANT' : 'REVOKE');
};

/** GRANT x ON … is an object grant; GRANT x TO … (no ON before TO/FROM) is a role grant. */
const hasOnClause = (c: Cursor): boolean => {
  for (let k = 0; ; k++) {
    const t = c.peek(k);
    if (!t || (t.type === 'word' && (t.value === 'to' || t.value === 'from'))) return false;
    if (t.type === 'word' && t.value === 'on') return true;
  }
};

export const grantsFamily: StatementFamily = {
  name: 'grant and revoke',
  matches: (c) => (c.isWords('grant') || c.isWords('revoke')) && !c.isWords('grant', 'system') && !c.isWords('revoke', 'system'),
  async run(ctx) {
    const c = ctx.cursor();
    const grant = c.next().value === 'grant';
    if (hasOnClause(c)) return objectPrivileges(ctx, c, grant);
    return grant ? grantRoles(ctx, c) : revokeRoles(ctx, c);
  },
};
