// Talking to the backing PostgreSQL as its superuser: deriving per-database URLs from the admin URL and creating or
// dropping PostgreSQL databases in a way that is safe when several stand-in processes race (the node processes of one
// simulated cluster all start at once, and each one calls openClusterCatalog).
import pg from 'pg';

/** The admin URL with its database path replaced: every stand-in database lives on the same PostgreSQL server. */
export const databaseUrl = (adminUrl: string, pgDatabase: string): string => {
  const u = new URL(adminUrl);
  u.pathname = `/${encodeURIComponent(pgDatabase)}`;
  return u.toString();
};

/** PostgreSQL identifier quoting (the stand-in's own names are generated, but user names pass through here too). */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export const quoteLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;

const withAdmin = async <T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
};

/** CREATE DATABASE that tolerates losing the race to another process (42P04 duplicate_database, or 23505 on pg_database). */
export const createPgDatabase = async (adminUrl: string, pgDatabase: string): Promise<void> => {
  await withAdmin(adminUrl, async (c) => {
    try {
      await c.query(`CREATE DATABASE ${quoteIdent(pgDatabase)}`);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw err;
    }
  });
};

/** DROP DATABASE … WITH (FORCE): sessions still connected to a dropped simulated database are cut, as in CockroachDB. */
export const dropPgDatabase = async (adminUrl: string, pgDatabase: string): Promise<void> => {
  await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(pgDatabase)} WITH (FORCE)`));
};

/** Every PostgreSQL database that belongs to one simulated cluster (its catalog and its simulated databases). */
export const listClusterPgDatabases = async (adminUrl: string, clusterKey: string): Promise<string[]> =>
  withAdmin(adminUrl, async (c) => {
    const r = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2 ORDER BY datname DESC`,
      [`crdb_${clusterKey}`, `crdb_${clusterKey}\\_%`],
    );
    return r.rows.map((x) => x.datname);
  });

/** Removes a whole simulated cluster from PostgreSQL (tests call this at the end). */
export const dropClusterPgDatabases = async (adminUrl: string, clusterKey: string): Promise<void> => {
  for (const db of await listClusterPgDatabases(adminUrl, clusterKey)) await dropPgDatabase(adminUrl, db);
};
