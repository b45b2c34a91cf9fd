// Simulated databases. Each one (except the virtual `system`) is backed by its own PostgreSQL database whose name is
// recorded here, so forwarded SQL really runs. Names are CockroachDB names (already normalised by the parser).
import { createPgDatabase, dropPgDatabase } from './pg-admin.js';
import type { CatalogDb, Queryable } from './tx.js';

export type DatabaseRow = { name: string; id: number; pgName: string; owner: string; tableCount: number; createdAt: Date };

type Raw = { name: string; id: string; pg_name: string; owner: string; table_count: string; created_at: Date };
const toRow = (r: Raw): DatabaseRow => ({
  name: r.name, id: Number(r.id), pgName: r.pg_name, owner: r.owner, tableCount: Number(r.table_count), createdAt: r.created_at,
});

export const SYSTEM_DATABASE = 'system';

export const createDatabases = (o: { db: CatalogDb; adminUrl: string; clusterKey: string }) => ({
  async list(q: Queryable = o.db): Promise<DatabaseRow[]> {
    const r = await q.query<Raw>('SELECT * FROM standin.databases ORDER BY name');
    return r.rows.map(toRow);
  },
  async get(name: string, q: Queryable = o.db): Promise<DatabaseRow | null> {
    const r = await q.query<Raw>('SELECT * FROM standin.databases WHERE name = $1', [name]);
    return r.rows[0] ? toRow(r.rows[0]) : null;
  },
  /** Inserts the row and creates the PostgreSQL database; false when the name is taken (the caller says 42P04). */
  async create(name: string, owner: string, q: Queryable = o.db): Promise<boolean> {
    const id = Number((await q.query<{ id: string }>(`SELECT nextval('standin.database_ids') AS id`)).rows[0]!.id);
    const pgName = `crdb_${o.clusterKey}_d${id}`;
    const r = await q.query(
      `INSERT INTO standin.databases (name, id, pg_name, owner) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING`,
      [name, id, pgName, owner],
    );
    if (r.rowCount === 0) return false;
    // CockroachDB gives every new database CONNECT to public; admin and root hold ALL implicitly (privileges.ts).
    await q.query(
      `INSERT INTO standin.privileges (grantee, object_type, database_name, privilege) VALUES ('public', 'database', $1, 'CONNECT')
       ON CONFLICT DO NOTHING`, [name]);
    await createPgDatabase(o.adminUrl, pgName);
    return true;
  },
  /** Removes the row, its grants and its PostgreSQL database; false when it did not exist. */
  async drop(name: string): Promise<boolean> {
    const r = await o.db.query<{ pg_name: string }>('DELETE FROM standin.databases WHERE name = $1 RETURNING pg_name', [name]);
    const row = r.rows[0];
    if (!row) return false;
    await o.db.query('DELETE FROM standin.privileges WHERE database_name = $1', [name]);
    await o.db.query('DELETE FROM standin.schema_owners WHERE database_name = $1', [name]);
    await dropPgDatabase(o.adminUrl, row.pg_name);
    return true;
  },
  async setTableCount(name: string, count: number): Promise<void> {
    await o.db.query('UPDATE standin.databases SET table_count = $2 WHERE name = $1', [name, count]);
  },
});

export type Databases = ReturnType<typeof createDatabases>;
