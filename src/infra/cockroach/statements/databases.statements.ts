// Databases and schemas on a managed cluster (create-database.md, drop-database.md, show-databases.md,
// show-schemas.md). Names are always quoted identifiers; callers validate them before they get here.
import type { ClusterSql } from '../cluster-sql.js';
import { ident } from '../quote.js';
import type { ClusterTarget } from '../target.js';

/** SHOW DATABASES → database_name | owner | … (only the two read here). */
export const listDatabases = async (sql: ClusterSql, t: ClusterTarget) =>
  (await sql.query(t, 'SHOW DATABASES')).map((r) => ({ database_name: r.database_name ?? '', owner: r.owner ?? '' }));

/** SHOW SCHEMAS FROM "<db>" → schema_name | owner. */
export const listSchemas = async (sql: ClusterSql, t: ClusterTarget, database: string) =>
  (await sql.query(t, `SHOW SCHEMAS FROM ${ident(database)}`)).map((r) => r.schema_name ?? '');

/** CREATE DATABASE "<db>" (an existing one is 42P04 → 409). Not replayed after a lost connection. */
export const createDatabase = async (sql: ClusterSql, t: ClusterTarget, database: string): Promise<void> => {
  await sql.query(t, `CREATE DATABASE ${ident(database)}`, [], { idempotent: false });
};

/** DROP DATABASE IF EXISTS "<db>" CASCADE: every table, view and schema in it goes too. */
export const dropDatabaseCascade = async (sql: ClusterSql, t: ClusterTarget, database: string): Promise<void> => {
  await sql.query(t, `DROP DATABASE IF EXISTS ${ident(database)} CASCADE`);
};
