import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createPgDb } from '../../../src/infra/db/pg-db.js';
import { createPgliteDb } from '../../../src/infra/db/pglite-db.js';
import { loadMigrations, migrate, migrationStatus } from '../../../src/infra/db/migrate.js';
import { prepareDatabase } from '../../../src/app/prepare-database.js';
import { SETTING_DEFINITIONS } from '../../../src/services/settings/settings.registry.js';
import { createTestDatabase } from '../../helpers/pg.js';

describe('migrations on PostgreSQL', () => {
  it('three instances migrating at the same moment apply each migration exactly once', async () => {
    const tdb = await createTestDatabase('migrate');
    const dbs = [0, 1, 2].map(() => createPgDb({ connectionString: tdb.url, poolMax: 2 }));
    try {
      const results = await Promise.all(dbs.map((db) => prepareDatabase(db)));
      const all = await loadMigrations();
      const appliedCounts = results.map((r) => r.applied.length).sort();
      assert.deepEqual(appliedCounts, [0, 0, all.length], 'one instance applied everything, the others nothing');
      const { rows } = await dbs[0]!.query<{ n: number }>(`SELECT count(*) AS n FROM schema_migrations`);
      assert.equal(rows[0]!.n, all.length);
      const lock = await dbs[0]!.query(`SELECT * FROM schema_migration_lock`);
      assert.equal(lock.rows.length, 0, 'the lock is released');
      assert.deepEqual(await migrationStatus(dbs[0]!), { current: all.at(-1)!.version, latest: all.at(-1)!.version, pending: 0 });
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await tdb.drop();
    }
  });

  it('seeds option lists and every setting definition with its default', async () => {
    const tdb = await createTestDatabase('seed');
    const db = createPgDb({ connectionString: tdb.url, poolMax: 2 });
    try {
      await prepareDatabase(db);
      await prepareDatabase(db); // idempotent
      const versions = await db.query<{ version: string }>(`SELECT version FROM versions`);
      assert.ok(versions.rows.length >= 3);
      for (const table of ['node_counts', 'cpu_counts', 'disk_sizes']) {
        assert.ok((await db.query(`SELECT * FROM ${table}`)).rows.length >= 3, table);
      }
      const settings = await db.query<{ key: string; default_value: string; is_secret: boolean }>(
        `SELECT key, default_value, is_secret FROM settings ORDER BY key`,
      );
      assert.equal(settings.rows.length, SETTING_DEFINITIONS.length);
      const loginPath = settings.rows.find((r) => r.key === 'oidc.login_path');
      assert.equal(loginPath?.default_value, '/api/auth/login', 'the reference default is corrected');
      assert.equal(settings.rows.find((r) => r.key === 'oidc.client_secret')?.is_secret, true);
    } finally {
      await db.close();
      await tdb.drop();
    }
  });

  it('refuses to run when an applied migration was edited, and reports pending ones', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cp-mig-'));
    const tdb = await createTestDatabase('edited');
    const db = createPgDb({ connectionString: tdb.url, poolMax: 2 });
    try {
      await writeFile(path.join(dir, '0001_one.sql'), 'CREATE TABLE one (id INT8 PRIMARY KEY);');
      assert.deepEqual((await migrate(db, { dir })).applied, ['0001_one.sql']);
      await writeFile(path.join(dir, '0002_two.sql'), 'CREATE TABLE two (id INT8 PRIMARY KEY);');
      assert.equal((await migrationStatus(db, dir)).pending, 1);
      await writeFile(path.join(dir, '0001_one.sql'), 'CREATE TABLE one (id INT8 PRIMARY KEY, x TEXT);');
      await assert.rejects(migrate(db, { dir }), /0001_one.sql was changed after it was applied/);
    } finally {
      await db.close();
      await tdb.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a failing migration leaves nothing half-applied', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cp-mig-'));
    const tdb = await createTestDatabase('atomic');
    const db = createPgDb({ connectionString: tdb.url, poolMax: 2 });
    try {
      await writeFile(path.join(dir, '0001_bad.sql'), 'CREATE TABLE ok_table (id INT8 PRIMARY KEY);\nSELECT * FROM missing_table;');
      await assert.rejects(migrate(db, { dir }));
      const t = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'ok_table'`);
      assert.equal(t.rows.length, 0);
      assert.equal((await migrationStatus(db, dir)).pending, 1);
    } finally {
      await db.close();
      await tdb.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('migrations on PGlite (the embedded default)', () => {
  it('applies the full schema and keeps data across a reopen', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cp-pglite-'));
    try {
      const db = await createPgliteDb({ dataDir: dir });
      await prepareDatabase(db);
      await db.query(`INSERT INTO versions (version, created_by) VALUES ('v99.1.0', 'test')`);
      await db.close();
      const again = await createPgliteDb({ dataDir: dir });
      const r = await prepareDatabase(again);
      assert.deepEqual(r.applied, []);
      const { rows } = await again.query(`SELECT version FROM versions WHERE version = 'v99.1.0'`);
      assert.equal(rows.length, 1);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serialises transactions and rejects db.query inside a transaction callback', async () => {
    const db = await createPgliteDb({});
    try {
      await db.query(`CREATE TABLE c (id INT8 PRIMARY KEY, n INT8)`);
      await db.query(`INSERT INTO c VALUES (1, 0)`);
      await Promise.all(
        Array.from({ length: 20 }, () =>
          db.transaction(async (tx) => {
            const { rows } = await tx.query<{ n: number }>(`SELECT n FROM c WHERE id = 1`);
            await tx.query(`UPDATE c SET n = $1 WHERE id = 1`, [rows[0]!.n + 1]);
          }),
        ),
      );
      assert.equal((await db.query<{ n: number }>(`SELECT n FROM c`)).rows[0]!.n, 20);
      await assert.rejects(db.transaction(async () => db.query('SELECT 1')), /use the tx argument/);
    } finally {
      await db.close();
    }
  });
});
