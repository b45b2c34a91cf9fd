// SHOW GRANTS in its documented forms (src/current/v24.3/show-grants.md): plain (every grant in the current
// database), FOR u, ON DATABASE, ON SCHEMA, ON [TABLE], ON EXTERNAL CONNECTION, ON ROLE [r] [FOR u].
// Rows = the implicit grants CockroachDB always shows (admin and root: ALL WITH GRANT OPTION on every database,
// schema and table; public: USAGE on the system schemas and CREATE+USAGE on `public`) + the stored explicit grants.
import type { PrivilegeRow } from '../../catalog/privileges.js';
import { ADMIN, PUBLIC, ROOT } from '../../catalog/roles.js';
import { resultOf } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import type { Cursor } from '../cursor.js';
import { SqlError } from '../engine.types.js';
import { requireDatabase, resolveTable, schemaExists, tablesIn, userSchemas } from '../objects.js';
import { boolText } from '../text.js';

const SYSTEM_SCHEMAS = ['crdb_internal', 'information_schema', 'pg_catalog', 'pg_extension'];
type Row = Omit<PrivilegeRow, 'objectType'> & { objectType: PrivilegeRow['objectType'] };

const implicit = (objectType: Row['objectType'], database: string, schema = '', object = ''): Row[] =>
  [ADMIN, ROOT].map((grantee) => ({ grantee, objectType, database, schema, object, privilege: 'ALL', grantable: true }));

const schemasOf = async (ctx: StatementContext, database: string): Promise<string[]> => {
  return userSchemas(ctx, database);
};

/** Every grant on the objects of one database, implicit ones included. */
const allIn = async (ctx: StatementContext, database: string): Promise<Row[]> => {
  const stored = await ctx.catalog.privileges.list({ database });
  const rows: Row[] = [...implicit('database', database)];
  for (const s of SYSTEM_SCHEMAS) rows.push({ grantee: PUBLIC, objectType: 'schema', database, schema: s, object: '', privilege: 'USAGE', grantable: false });
  for (const s of await schemasOf(ctx, database)) {
    rows.push(...implicit('schema', database, s));
    if (s === 'public') {
      for (const privilege of ['CREATE', 'USAGE']) rows.push({ grantee: PUBLIC, objectType: 'schema', database, schema: s, object: '', privilege, grantable: false });
    }
  }
  for (const t of await tablesIn(ctx, database)) rows.push(...implicit('table', database, t.schema, t.table));
  rows.push(...stored);
  const key = (r: Row) => [r.database, r.schema || '\u0000', r.object || '\u0000', r.grantee, r.privilege].join('\u0001');
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};

const forUsers = (c: Cursor): string[] | null => (c.acceptWords('for') ? c.nameList(() => c.roleName().toLowerCase()) : null);
const keep = (rows: Row[], users: string[] | null) => (users ? rows.filter((r) => users.includes(r.grantee)) : rows);
const nul = (s: string) => (s === '' ? null : s);

const onRole = async (ctx: StatementContext, c: Cursor) => {
  const roles = c.isWords('for') || c.atEnd() ? null : c.nameList(() => c.roleName().toLowerCase());
  const users = forUsers(c);
  c.end();
  const rows = (await ctx.catalog.roles.memberships())
    .filter((m) => (!roles || roles.includes(m.role)) && (!users || users.includes(m.member)))
    .map((m) => [m.role, m.member, boolText(m.isAdmin)]);
  return resultOf('SHOW GRANTS ON ROLE', rows);
};

const on = async (ctx: StatementContext, c: Cursor) => {
  if (c.acceptWords('role')) return onRole(ctx, c);
  if (c.acceptWords('database')) {
    const names = c.nameList();
    const users = forUsers(c);
    c.end();
    const rows: Row[] = [];
    for (const n of names) {
      await requireDatabase(ctx, n);
      rows.push(...(await allIn(ctx, n)).filter((r) => r.objectType === 'database'));
    }
    return resultOf('SHOW GRANTS ON DATABASE x', keep(rows, users).map((r) => [r.database, r.grantee, r.privilege, boolText(r.grantable)]));
  }
  if (c.acceptWords('schema')) {
    const names = c.nameList(() => c.qualifiedName().join('.'));
    const users = forUsers(c);
    c.end();
    const rows: Row[] = [];
    for (const n of names) {
      const [database, schema] = n.includes('.') ? n.split('.') as [string, string] : [ctx.state.database, n];
      if (!(await schemaExists(ctx, database, schema)) && !SYSTEM_SCHEMAS.includes(schema)) {
        throw new SqlError('3F000', 'target database or schema does not exist');
      }
      rows.push(...(await allIn(ctx, database)).filter((r) => r.objectType === 'schema' && r.schema === schema));
    }
    return resultOf('SHOW GRANTS ON SCHEMA x', keep(rows, users).map((r) => [r.database, r.schema, r.grantee, r.privilege, boolText(r.grantable)]));
  }
  if (c.acceptWords('external', 'connection')) {
    const name = c.name();
    const users = forUsers(c);
    c.end();
    if (!(await ctx.catalog.externalConnections.get(name))) throw new SqlError('42704', `external connection with name ${name} does not exist`);
    const stored = (await ctx.catalog.privileges.list({ objectType: 'external_connection' })).filter((r) => r.object === name);
    const rows = keep([...implicit('external_connection', '', '', name), ...stored], users);
    return resultOf('SHOW GRANTS ON EXTERNAL CONNECTION x', rows.map((r) => [r.object, r.grantee, r.privilege, boolText(r.grantable)]));
  }
  c.acceptWords('table');
  const names = c.nameList(() => c.qualifiedName().join('\u0000'));
  const users = forUsers(c);
  c.end();
  const rows: Row[] = [];
  for (const parts of names.map((n) => n.split('\u0000'))) {
    const wildcard = parts[parts.length - 1] === '*';
    const t = wildcard ? null : await resolveTable(ctx, parts);
    const database = t?.database ?? ctx.state.database;
    rows.push(...(await allIn(ctx, database)).filter((r) => r.objectType === 'table' && (!t || (r.schema === t.schema && r.object === t.table))));
  }
  return resultOf('SHOW GRANTS ON TABLE x', keep(rows, users).map((r) => [r.database, r.schema, r.object, r.grantee, r.privilege, boolText(r.grantable)]));
};

export const showGrantsFamily: StatementFamily = {
  name: 'show grants',
  matches: (c) => c.isWords('show', 'grants'),
  async run(ctx) {
    const c = ctx.cursor();
    c.expectWords('show', 'grants');
    if (c.acceptWords('on')) return on(ctx, c);
    const users = forUsers(c);
    c.end();
    // show-grants.md: the FOR form also shows the rows of `public`, which every user belongs to.
    const rows = keep(await allIn(ctx, ctx.state.database), users ? [...users, PUBLIC] : null);
    return resultOf(users ? 'SHOW GRANTS FOR user' : 'SHOW GRANTS',
      rows.map((r) => [r.database, nul(r.schema), nul(r.object), r.objectType, r.grantee, r.privilege, boolText(r.grantable)]));
  },
};
