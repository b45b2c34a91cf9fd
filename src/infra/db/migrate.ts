// Forward-only schema migrations from resources/migrations/NNNN_name.sql. Several instances may start at once: the
// first to take the lock row applies what is pending, the others wait for it and then find nothing to do. The lock
// row carries an expiry (extended while migrating) so a crashed migrator does not block the fleet for ever.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db, Queryable } from './db.js';
import { sqlState } from './errors.js';
import { splitSqlStatements } from './sql-split.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../resources/migrations/', import.meta.url));

export type Migration = { version: number; name: string; file: string; sql: string; checksum: string };

export type MigrationLog = { info: (obj: object, msg: string) => void };

const LOCK_TTL_SECONDS = 60;

export const loadMigrations = async (dir: string = MIGRATIONS_DIR): Promise<Migration[]> => {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const sql = await readFile(path.join(dir, file), 'utf8');
    migrations.push({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      file,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  const versions = migrations.map((m) => m.version);
  if (new Set(versions).size !== versions.length) throw new Error(`duplicate migration numbers in ${dir}`);
  return migrations;
};

const BOOTSTRAP = [
  `CREATE TABLE IF NOT EXISTS schema_migrations (
     version INT8 PRIMARY KEY,
     name TEXT NOT NULL,
     checksum TEXT NOT NULL,
     applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS schema_migration_lock (
     id INT8 PRIMARY KEY,
     owner TEXT NOT NULL,
     expires_at TIMESTAMPTZ NOT NULL
   )`,
];

const bootstrap = async (db: Queryable) => {
  for (const stmt of BOOTSTRAP) {
    try {
      await db.query(stmt);
    } catch (err) {
      // Two instances creating the same table at the same instant: PostgreSQL reports a unique violation on its
      // catalog (23505), duplicate_table (42P07) or duplicate_object for its row type (42710). Either way the table
      // now exists.
      if (!['23505', '42P07', '42710'].includes(sqlState(err) ?? '')) throw err;
    }
  }
};

const tryLock = async (db: Queryable, owner: string): Promise<boolean> => {
  const r = await db.query(
    `INSERT INTO schema_migration_lock (id, owner, expires_at)
     VALUES (1, $1, now() + $2 * INTERVAL '1 second')
     ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE schema_migration_lock.expires_at < now()
     RETURNING owner`,
    [owner, LOCK_TTL_SECONDS],
  );
  return r.rows.length === 1;
};

const extendLock = (db: Queryable, owner: string) =>
  db.query(`UPDATE schema_migration_lock SET expires_at = now() + $2 * INTERVAL '1 second' WHERE id = 1 AND owner = $1`, [
    owner,
    LOCK_TTL_SECONDS,
  ]);

const unlock = (db: Queryable, owner: string) => db.query(`DELETE FROM schema_migration_lock WHERE id = 1 AND owner = $1`, [owner]);

const appliedMigrations = async (db: Queryable) =>
  (await db.query<{ version: number; checksum: string }>(`SELECT version, checksum FROM schema_migrations ORDER BY version`)).rows;

export type MigrateResult = { applied: string[]; latest: number };

export const migrate = async (
  db: Db,
  options: { dir?: string; log?: MigrationLog; lockWaitMs?: number } = {},
): Promise<MigrateResult> => {
  const migrations = await loadMigrations(options.dir);
  const latest = migrations.at(-1)?.version ?? 0;
  await bootstrap(db);
  const owner = randomUUID();
  const deadline = Date.now() + (options.lockWaitMs ?? 5 * 60_000);
  while (!(await tryLock(db, owner))) {
    if (Date.now() > deadline) throw new Error('timed out waiting for another instance to finish migrating');
    await sleep(100 + Math.floor(Math.random() * 100));
  }
  const applied: string[] = [];
  try {
    const done = new Map((await appliedMigrations(db)).map((r) => [r.version, r.checksum]));
    for (const m of migrations) {
      const existing = done.get(m.version);
      if (existing !== undefined) {
        if (existing !== m.checksum) {
          throw new Error(
            `migration ${m.file} was changed after it was applied; migrations are forward-only: add a new file instead`,
          );
        }
        continue;
      }
      await extendLock(db, owner);
      await db.transaction(async (tx) => {
        for (const stmt of splitSqlStatements(m.sql)) await tx.query(stmt);
        await tx.query(`INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [
          m.version,
          m.name,
          m.checksum,
        ]);
      });
      applied.push(m.file);
      options.log?.info({ migration: m.file }, 'migration applied');
    }
  } finally {
    await unlock(db, owner);
  }
  return { applied, latest };
};

export type MigrationStatus = { current: number; latest: number; pending: number };

/** For readiness: how far the database is behind the migrations this build carries. */
export const migrationStatus = async (db: Queryable, dirOrMigrations?: string | readonly Migration[]): Promise<MigrationStatus> => {
  const migrations = typeof dirOrMigrations === 'object' ? dirOrMigrations : await loadMigrations(dirOrMigrations);
  let versions: number[] = [];
  try {
    versions = (await appliedMigrations(db)).map((r) => r.version);
  } catch (err) {
    if (sqlState(err) !== '42P01') throw err; // undefined_table: nothing migrated yet
  }
  const applied = new Set(versions);
  return {
    current: versions.at(-1) ?? 0,
    latest: migrations.at(-1)?.version ?? 0,
    pending: migrations.filter((m) => !applied.has(m.version)).length,
  };
};
