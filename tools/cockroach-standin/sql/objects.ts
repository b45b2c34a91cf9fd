// Resolving CockroachDB object names (database, schema, table) against the catalog and the backing PostgreSQL
// databases. CockroachDB resolves `a.b` as schema.table in the current database first, then as database.public.table.
import type { StatementContext } from './context.js';
import { SqlError } from './engine.types.js';

export type TableRef = { database: string; schema: string; table: string };

export const databaseMissing = (name: string) => new SqlError('3D000', `database "${name}" does not exist`);

export const requireDatabase = async (ctx: StatementContext, name: string) => {
  const db = name === 'system' ? { name } : await ctx.catalog.databases.get(name);
  if (!db) throw databaseMissing(name);
  return db;
};

export const schemaExists = async (ctx: StatementContext, database: string, schema: string): Promise<boolean> => {
  const r = await ctx.queryIn(database, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  return r.rows.length > 0;
};

export const tablesIn = async (ctx: StatementContext, database: string, schema?: string): Promise<{ schema: string; table: string }[]> => {
  const r = await ctx.queryIn(database,
    `SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_%' AND ($1::text IS NULL OR n.nspname = $1) AND NOT ($2 AND n.nspname = 'standin')
      ORDER BY 1, 2`, [schema ?? null, String(database === 'system')]);
  return r.rows.map(([s, t]) => ({ schema: s!, table: t! }));
};

export const resolveTable = async (ctx: StatementContext, parts: string[]): Promise<TableRef> => {
  let ref: TableRef;
  if (parts.length === 1) ref = { database: ctx.state.database, schema: 'public', table: parts[0]! };
  else if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    ref = (await schemaExists(ctx, ctx.state.database, a)) || !(await ctx.catalog.databases.get(a))
      ? { database: ctx.state.database, schema: a, table: b }
      : { database: a, schema: 'public', table: b };
  } else ref = { database: parts[0]!, schema: parts[1]!, table: parts[2]! };
  await requireDatabase(ctx, ref.database);
  const found = (await tablesIn(ctx, ref.database, ref.schema)).some((t) => t.table === ref.table);
  if (!found) throw new SqlError('42P01', `relation "${parts.join('.')}" does not exist`);
  return ref;
};

/** Schemas of a database as CockroachDB has them (PostgreSQL's own pg_* and information_schema left out). */
export const userSchemas = async (ctx: StatementContext, database: string): Promise<string[]> => {
  const r = await ctx.queryIn(database, `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'
     AND nspname <> 'information_schema' AND NOT ($1 AND nspname = 'standin') ORDER BY 1`, [String(database === 'system')]);
  return r.rows.map(([s]) => s!);
};
