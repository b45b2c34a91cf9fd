// Real PostgreSQL for integration tests: each test file gets its own fresh database, dropped at the end.
// scripts/services.sh start brings PostgreSQL 15 up on 127.0.0.1:5432 (npm test does it for you).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPgDb } from '../../src/infra/db/pg-db.js';
import type { Db } from '../../src/infra/db/db.js';
import type { RetryHooks } from '../../src/infra/db/retry.js';
import { prepareDatabase } from '../../src/app/prepare-database.js';

export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://cp:cp@127.0.0.1:5432/postgres';

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

export type TestDatabase = { url: string; name: string; drop: () => Promise<void> };

export const createTestDatabase = async (label = 'test'): Promise<TestDatabase> => {
  const name = `cp_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${TEST_PG_URL}: run "bash scripts/services.sh start"`, { cause: err });
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(TEST_PG_URL, name),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
};

export type TestPg = TestDatabase & { db: Db; close: () => Promise<void> };

/** A fresh, migrated PostgreSQL database and a Db on it. `close()` closes the pool and drops the database. */
export const createMigratedPg = async (label?: string, opts: { hooks?: RetryHooks; poolMax?: number } = {}): Promise<TestPg> => {
  const tdb = await createTestDatabase(label);
  const db = createPgDb({ connectionString: tdb.url, poolMax: opts.poolMax ?? 5, ...(opts.hooks ? { hooks: opts.hooks } : {}) });
  await prepareDatabase(db);
  return {
    ...tdb,
    db,
    close: async () => {
      await db.close();
      await tdb.drop();
    },
  };
};
