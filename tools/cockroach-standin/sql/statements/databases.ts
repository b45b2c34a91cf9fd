// CREATE/DROP DATABASE, SHOW DATABASES, SHOW SCHEMAS, CREATE SCHEMA (forwarded, owner recorded), USE.
// Docs: src/current/v24.3/create-database.md (42P04 `database "x" already exists`), drop-database.md,
// show-databases.md, show-schemas.md (+ system-catalogs.md for the owner column), create-schema.md, use.md.
import { SYSTEM_DATABASE } from '../../catalog/databases.js';
import { resultOf, tagOnly } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import type { Cursor } from '../cursor.js';
import { SqlError } from '../engine.types.js';
import { databaseMissing, requireDatabase, tablesIn, userSchemas } from '../objects.js';
import { arrayText } from '../text.js';

const SYSTEM_SCHEMAS = ['crdb_internal', 'information_schema', 'pg_catalog', 'pg_extension'];

const createDatabase = async (ctx: StatementContext, c: Cursor) => {
  const ifNotExists = c.acceptWords('if', 'not', 'exists');
  const name = c.name();
  let owner = ctx.state.user;
  while (!c.atEnd()) {
    c.acceptWords('with');
    if (c.acceptWords('encoding')) { c.acceptPunct('='); const e = c.stringValue(); if (e?.toUpperCase().replace('-', '') !== 'UTF8') throw c.error(); }
    else if (c.acceptWords('owner')) { c.acceptPunct('='); owner = c.roleName().toLowerCase(); }
    else throw c.error();
  }
  await ctx.requireAdminOr(['CREATEDB'], 'permission denied to create database');
  if (!(await ctx.catalog.roles.exists(owner))) throw new SqlError('42704', `role/user "${owner}" does not exist`);
  const created = name !== SYSTEM_DATABASE && (await ctx.catalog.databases.create(name, owner));
  if (!created && !ifNotExists) throw new SqlError('42P04', `database "${name}" already exists`);
  return tagOnly('CREATE DATABASE');
};

const dropDatabase = async (ctx: StatementContext, c: Cursor) => {
  const ifExists = c.acceptWords('if', 'exists');
  const name = c.name();
  const restrict = c.acceptWords('restrict');
  if (!restrict) c.acceptWords('cascade');
  c.end();
  if (name === SYSTEM_DATABASE) throw new SqlError('42501', `user ${ctx.state.user} does not have DROP privilege on database system`);
  const db = await ctx.catalog.databases.get(name);
  if (!db) {
    if (ifExists) return tagOnly('DROP DATABASE');
    throw databaseMissing(name);
  }
  if (db.owner !== ctx.state.user && !(await ctx.isAdmin())) {
    throw new SqlError('42501', `user ${ctx.state.user} does not have DROP privilege on database ${name}`);
  }
  if (restrict && (await tablesIn(ctx, name)).length > 0) {
    throw new SqlError('2BP01', `database "${name}" is not empty and RESTRICT was specified`);
  }
  await ctx.catalog.databases.drop(name);
  return tagOnly('DROP DATABASE');
};

/** show-databases.md: system is owned by `node`; nothing here is multi-region, so regions = {} and the rest NULL. */
const showDatabases = async (ctx: StatementContext, c: Cursor) => {
  c.end();
  const rows = [{ name: SYSTEM_DATABASE, owner: 'node' }, ...(await ctx.catalog.databases.list())]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((d) => [d.name, d.owner, null, null, arrayText([]), null]);
  return resultOf('SHOW DATABASES', rows);
};

/** system-catalogs.md: owner is NULL for the virtual schemas and admin for public. */
const showSchemas = async (ctx: StatementContext, c: Cursor) => {
  const database = c.acceptWords('from') ? c.name() : ctx.state.database;
  c.end();
  await requireDatabase(ctx, database);
  const owners = new Map((await ctx.catalog.db.query<{ schema_name: string; owner: string }>(
    'SELECT schema_name, owner FROM standin.schema_owners WHERE database_name = $1', [database])).rows.map((r) => [r.schema_name, r.owner]));
  const rows: (string | null)[][] = SYSTEM_SCHEMAS.map((s) => [s, null]);
  for (const s of await userSchemas(ctx, database)) rows.push([s, s === 'public' ? 'admin' : owners.get(s) ?? 'admin']);
  rows.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  return resultOf('SHOW SCHEMAS FROM db', rows);
};

const createSchema = async (ctx: StatementContext, c: Cursor) => {
  c.acceptWords('if', 'not', 'exists');
  const name = c.isWords('authorization') ? null : c.name();
  const result = await ctx.forward(ctx.sql, ctx.params);
  if (name) {
    await ctx.catalog.db.query(`INSERT INTO standin.schema_owners (database_name, schema_name, owner) VALUES ($1, $2, $3)
      ON CONFLICT DO NOTHING`, [ctx.state.database, name, ctx.state.user]);
  }
  return result;
};

export const databasesFamily: StatementFamily = {
  name: 'databases and schemas',
  matches: (c) => c.isWords('create', 'database') || c.isWords('drop', 'database') || c.isWords('show', 'databases')
    || c.isWords('show', 'schemas') || c.isWords('create', 'schema') || c.isWords('use'),
  async run(ctx) {
    const c = ctx.cursor();
    if (c.acceptWords('create', 'database')) return createDatabase(ctx, c);
    if (c.acceptWords('drop', 'database')) return dropDatabase(ctx, c);
    if (c.acceptWords('show', 'databases')) return showDatabases(ctx, c);
    if (c.acceptWords('show', 'schemas')) return showSchemas(ctx, c);
    if (c.acceptWords('create', 'schema')) return createSchema(ctx, c);
    c.expectWords('use');
    const name = c.name();
    c.end();
    await ctx.useDatabase(name);
    return tagOnly('SET');
  },
};
