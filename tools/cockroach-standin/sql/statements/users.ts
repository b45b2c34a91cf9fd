// CREATE/ALTER/DROP USER|ROLE and SHOW USERS|ROLES.
// Docs: src/current/v24.3/create-user.md, create-role.md, alter-user.md, alter-role.md, drop-user.md, drop-role.md,
// show-users.md, show-roles.md. Required privilege for all changes: admin or the CREATEROLE option
// ("user x does not have CREATEROLE privilege", 42501); only admins may change or drop admins.
import { ADMIN, formatOptions, PUBLIC, ROOT, type RoleOptions } from '../../catalog/roles.js';
import { resultOf, tagOnly } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import type { Cursor } from '../cursor.js';
import { SqlError } from '../engine.types.js';
import { checkNotReserved, normaliseRoleName, roleMissing } from '../names.js';
import { applyOptions, parseRoleOptions } from '../role-options.js';
import { arrayText } from '../text.js';

const requireCreateRole = (ctx: StatementContext) =>
  ctx.requireAdminOr(['CREATEROLE'], `user ${ctx.state.user} does not have CREATEROLE privilege`);

const kindWord = (c: Cursor): 'USER' | 'ROLE' => (c.acceptWords('user') ? 'USER' : (c.expectWords('role'), 'ROLE'));

const create = async (ctx: StatementContext, c: Cursor) => {
  const kind = kindWord(c);
  const ifNotExists = c.acceptWords('if', 'not', 'exists');
  const name = normaliseRoleName(c.roleName());
  const changes = parseRoleOptions(c);
  await requireCreateRole(ctx);
  checkNotReserved(name);
  // create-user.md: CREATE ROLE = CREATE USER + NOLOGIN.
  const base: RoleOptions = kind === 'ROLE' ? { NOLOGIN: null } : {};
  const ok = await ctx.catalog.roles.create({ name, isRole: kind === 'ROLE', options: applyOptions(base, changes), password: changes.password });
  if (!ok && !ifNotExists) throw new SqlError('42710', `a role/user named ${name} already exists`);
  return tagOnly('CREATE ROLE');
};

const alter = async (ctx: StatementContext, c: Cursor) => {
  kindWord(c);
  const ifExists = c.acceptWords('if', 'exists');
  const name = normaliseRoleName(c.roleName());
  if (c.isWords('set') || c.isWords('reset') || c.isWords('in') || c.isWords('rename')) throw c.error();
  const changes = parseRoleOptions(c);
  const onlyOwnPassword = name === ctx.state.user && Object.keys(changes.set).length === 0 && changes.unset.length === 0;
  if (!onlyOwnPassword) await requireCreateRole(ctx);
  const role = await ctx.catalog.roles.get(name);
  if (!role) {
    if (ifExists) return tagOnly('ALTER ROLE');
    throw roleMissing(name);
  }
  if (!onlyOwnPassword && !(await ctx.isAdmin()) && (await ctx.catalog.roles.isAdmin(name))) {
    throw new SqlError('42501', 'only users with the admin role are allowed to alter admin users');
  }
  await ctx.catalog.roles.update(name, applyOptions(role.options, changes), changes.password);
  return tagOnly('ALTER ROLE');
};

const drop = async (ctx: StatementContext, c: Cursor) => {
  kindWord(c);
  const ifExists = c.acceptWords('if', 'exists');
  const names = c.nameList(() => normaliseRoleName(c.roleName()));
  c.end();
  await requireCreateRole(ctx);
  for (const name of names) {
    if (name === ADMIN || name === ROOT || name === PUBLIC) throw new SqlError('22023', `cannot drop special role ${name}`);
    if (name === ctx.state.user) throw new SqlError('22023', 'cannot drop the current session\'s user');
    if (!(await ctx.catalog.roles.exists(name))) {
      if (ifExists) continue;
      throw roleMissing(name);
    }
    if (!(await ctx.isAdmin()) && (await ctx.catalog.roles.isAdmin(name))) {
      throw new SqlError('42501', 'only users with the admin role are allowed to drop admin users');
    }
    const owned = (await ctx.catalog.databases.list()).filter((d) => d.owner === name);
    if (owned.length > 0) {
      throw new SqlError('2BP01', `role ${name} cannot be dropped because some objects depend on it`, { detail: `owner of database ${owned[0]!.name}` });
    }
    if ((await ctx.catalog.privileges.countFor(name)) > 0) {
      const g = (await ctx.catalog.privileges.list({ grantees: [name] }))[0]!;
      throw new SqlError('2BP01', `cannot drop role/user ${name}: grants still exist on ${[g.database, g.schema, g.object].filter(Boolean).join('.')}`);
    }
    await ctx.catalog.roles.drop(name);
  }
  return tagOnly('DROP ROLE');
};

/** show-users.md: username | options | member_of (v24.1–v25.2: options is a comma-separated string). */
const show = async (ctx: StatementContext, c: Cursor) => {
  const key = c.acceptWords('users') ? 'SHOW USERS' : (c.expectWords('roles'), 'SHOW ROLES');
  c.end();
  const rows = (await ctx.catalog.roles.list()).map((r) => [r.username, formatOptions(r.options), arrayText(r.memberOf)]);
  return resultOf(key, rows);
};

export const usersFamily: StatementFamily = {
  name: 'users and roles',
  matches: (c) => ['create', 'alter', 'drop'].some((v) => c.isWords(v, 'user') || c.isWords(v, 'role'))
    || c.isWords('show', 'users') || c.isWords('show', 'roles'),
  async run(ctx) {
    const c = ctx.cursor();
    const verb = c.next().value;
    if (verb === 'create') return create(ctx, c);
    if (verb === 'alter') return alter(ctx, c);
    if (verb === 'drop') return drop(ctx, c);
    return show(ctx, c);
  },
};
