// The RESTORE job: pick the chain's layers up to AS OF SYSTEM TIME, resolve the targets against the last one, check
// them the way CockroachDB's restore planning does (restore_planning.go: database collisions, missing parent
// databases, foreign keys to tables not restored, full cluster restores only into empty clusters), then recreate
// databases, schemas, types, sequences and tables and load each table's rows from the layer that holds its state.
// On failure or cancel, what the job created is dropped again (restore.md: "partially restored data is properly
// cleaned up").
import type pg from 'pg';
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import { databaseUrl, quoteIdent } from '../catalog/pg-admin.js';
import { SqlError } from '../sql/engine.types.js';
import { readChain, resolveSubdir } from './chain.js';
import type { JobControl } from './job-runner.js';
import { dataKey, type Manifest, type TableEntry } from './manifest.js';
import { loadRows, openPg, qname, restoreSequencePositions } from './schema-export.js';
import type { BulkResult, RestoreSpec } from './spec.js';
import { withStorage, type Storage } from './storage.js';
import { restoreSystemTables, type SystemDump } from './system-tables.js';

const RESOLVE = 'failed to resolve targets in the BACKUP location specified by the RESTORE statement, use SHOW BACKUP to find correct targets';
const PRELOADED = new Set(['defaultdb', 'postgres']);

/** The layers a restore reads: all of them, or those up to AS OF SYSTEM TIME (restore.md "Restore with AS OF SYSTEM TIME"). */
export const layersAsOf = (chain: Manifest[], asOf: string | null): Manifest[] => {
  if (asOf === null) return chain;
  const picked = chain.filter((m) => m.endTime <= asOf);
  const last = picked[picked.length - 1];
  const newest = chain[chain.length - 1]!;
  if (!last || asOf > newest.endTime) throw new SqlError('XXUUU', 'invalid RESTORE timestamp: supplied backups do not cover requested time');
  if (last.endTime !== asOf && !last.revisionHistory) {
    throw new SqlError('XXUUU', 'invalid RESTORE timestamp: restoring to arbitrary time requires that BACKUP for requested time be performed with revision_history');
  }
  return picked;
};

type Plan = {
  /** Databases the restore creates: backup name → new name. */
  newDatabases: { from: string; to: string; owner: string }[];
  /** Tables (and views, sequences) to create, with the database they land in. */
  tables: { entry: TableEntry; into: string }[];
  fullCluster: boolean;
};

const tableMatches = (t: TableEntry, name: string[], currentDatabase: string): boolean => {
  const [a, b, c] = name;
  const star = (pattern: string, v: string) => pattern === '*' || pattern === v;
  if (name.length === 1) return t.database === currentDatabase && t.schema === 'public' && star(a!, t.name);
  if (name.length === 2) return (t.database === a && t.schema === 'public' && star(b!, t.name)) || (t.database === currentDatabase && t.schema === a && star(b!, t.name));
  return t.database === a && t.schema === b && star(c!, t.name);
};

const plan = async (catalog: ClusterCatalog, spec: RestoreSpec, last: Manifest, user: string): Promise<Plan> => {
  const t = spec.targets;
  const existing = new Set((await catalog.databases.list()).map((d) => d.name));
  if (t.kind === 'cluster') {
    if (!last.isFullCluster) throw new SqlError('XXUUU', 'full cluster RESTORE can only be used on full cluster BACKUP files');
    const found: string[] = [];
    for (const d of await catalog.databases.list()) {
      if (!PRELOADED.has(d.name)) found.push(d.name, 'public');
      else if (d.tableCount > 0) found.push(d.name);
    }
    if (found.length > 0) {
      throw new SqlError('XXUUU', `full cluster restore can only be run on a cluster with no tables or databases but found ${found.length} descriptors: ${found.join(', ')}`);
    }
    return { fullCluster: true, tables: last.tables.map((entry) => ({ entry, into: entry.database })),
      newDatabases: last.databases.map((d) => ({ from: d.name, to: d.name, owner: d.owner })) };
  }
  if (t.kind === 'databases') {
    if (spec.intoDb) throw new SqlError('XXUUU', 'cannot use "into_db" option when restoring database(s)');
    if (spec.newDbName && t.names.length !== 1) throw new SqlError('XXUUU', 'RESTORE new_db_name can only be used for RESTORE DATABASE with a single target database');
    const out: Plan = { fullCluster: false, tables: [], newDatabases: [] };
    for (const name of t.names) {
      if (!last.databases.some((d) => d.name === name)) throw new SqlError('3D000', `${RESOLVE}: database "${name}" does not exist`);
      if (last.targets.kind === 'tables') throw new SqlError('XXUUU', `${RESOLVE}: database "${name}" was not backed up in its entirety`);
      const to = spec.newDbName ?? name;
      if (existing.has(to)) throw new SqlError('XXUUU', `database "${to}" already exists`);
      out.newDatabases.push({ from: name, to, owner: user });
      for (const entry of last.tables.filter((x) => x.database === name)) out.tables.push({ entry, into: to });
    }
    return out;
  }
  if (spec.newDbName) throw new SqlError('XXUUU', 'new_db_name can only be used for RESTORE DATABASE');
  const out: Plan = { fullCluster: false, tables: [], newDatabases: [] };
  for (const name of t.names) {
    const hits = last.tables.filter((x) => tableMatches(x, name, t.currentDatabase));
    if (hits.length === 0) throw new SqlError('42P01', `${RESOLVE}: table "${name.join('.')}" does not exist`);
    for (const entry of hits) if (!out.tables.some((x) => x.entry === entry)) out.tables.push({ entry, into: spec.intoDb ?? entry.database });
  }
  for (const { entry, into } of out.tables) {
    const db = await catalog.databases.get(into);
    if (!db) throw new SqlError('XXUUU', `a database named "${into}" needs to exist to restore table "${entry.name}"`);
    const c = await openPg(databaseUrl(catalog.adminUrl, db.pgName));
    try {
      const r = await c.query('SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2', [entry.schema, entry.name]);
      if (r.rowCount) throw new SqlError('42P07', `relation "${entry.name}" already exists`);
    } finally { await c.end().catch(() => undefined); }
  }
  return out;
};

const readData = async (storage: Storage, entry: TableEntry): Promise<string[]> => {
  if (!entry.source) return [];
  const body = (await storage.get(dataKey(entry.source.layer, entry.source.file))).toString('utf8');
  return body.split('\n').slice(1).filter((l) => l.length > 0);
};

export type RestoreEnv = { catalog: ClusterCatalog; user: string };

export const runRestore = async (env: RestoreEnv, spec: RestoreSpec, ctl: JobControl): Promise<BulkResult> => {
  const { catalog } = env;
  return withStorage(catalog, spec.collection, async (storage) => {
    const subdir = await resolveSubdir(storage, spec.from);
    const layers = layersAsOf(await readChain(storage, subdir), spec.asOf);
    const last = layers[layers.length - 1]!;
    const p = await plan(catalog, spec, last, env.user);
    const restoring = new Set(p.tables.map((x) => `${x.entry.database}.${x.entry.schema}.${x.entry.name}`));
    for (const { entry } of p.tables) {
      for (const fk of entry.ddl.fks) {
        if (restoring.has(`${entry.database}.${fk.refSchema}.${fk.refTable}`) || spec.skipMissingForeignKeys) continue;
        const ref = last.tables.find((x) => x.database === entry.database && x.schema === fk.refSchema && x.name === fk.refTable);
        throw new SqlError('XXUUU', `cannot restore table "${entry.name}" without referenced table ${ref?.id ?? 0} (or "skip_missing_foreign_keys" option)`);
      }
    }

    const createdDbs: string[] = [];
    const createdTables: { db: string; schema: string; name: string; kind: string }[] = [];
    const result: BulkResult = { rows: 0, indexEntries: 0, bytes: 0 };
    try {
      if (p.fullCluster) {
        for (const name of PRELOADED) await catalog.databases.drop(name);
      }
      for (const d of p.newDatabases) {
        if (!(await catalog.databases.create(d.to, p.fullCluster ? d.owner : env.user))) throw new SqlError('XXUUU', `database "${d.to}" already exists`);
        createdDbs.push(d.to);
      }
      const targetDbs = [...new Set(p.tables.map((x) => x.into).concat(p.newDatabases.map((d) => d.to)))];
      const total = p.tables.length + targetDbs.length + 1;
      let done = 0;
      for (const dbName of targetDbs) {
        const db = (await catalog.databases.get(dbName))!;
        const from = p.newDatabases.find((d) => d.to === dbName)?.from;
        const here = p.tables.filter((x) => x.into === dbName).map((x) => x.entry);
        const c = await openPg(databaseUrl(catalog.adminUrl, db.pgName));
        try {
          const schemaNames = new Set([...here.map((t) => t.schema), ...last.schemas.filter((s) => s.database === from).map((s) => s.name)]);
          for (const s of schemaNames) {
            if (s === 'public') continue;
            await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(s)}`);
            await catalog.db.query(`INSERT INTO standin.schema_owners (database_name, schema_name, owner) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
              [dbName, s, env.user]);
          }
          const sourceDbs = new Set(here.map((t) => t.database).concat(from ? [from] : []));
          for (const ty of last.types.filter((x) => sourceDbs.has(x.database) && schemaNames.has(x.schema))) {
            const exists = await c.query(`SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2`, [ty.schema, ty.name]);
            if (!exists.rowCount) await c.query(ty.create);
          }
          await restoreRelations(c, storage, here, spec, createdTables, dbName, result, async () => {
            done++;
            await ctl.step(done / total, `restoring ${dbName}`);
          });
        } finally {
          await c.end().catch(() => undefined);
        }
        done++;
        await ctl.step(done / total);
      }
      if (p.fullCluster && last.system) {
        await restoreSystemTables(catalog, JSON.parse((await storage.get(dataKey(last.dir, last.system.dataFile))).toString('utf8')) as SystemDump);
      }
      for (const dbName of targetDbs) await recordTableCount(catalog, dbName);
      return result;
    } catch (err) {
      for (const name of createdDbs) await catalog.databases.drop(name).catch(() => undefined);
      await dropCreatedTables(catalog, createdTables.filter((t) => !createdDbs.includes(t.db)));
      throw err;
    }
  });
};

const restoreRelations = async (c: pg.Client, storage: Storage, entries: TableEntry[], spec: RestoreSpec,
  created: { db: string; schema: string; name: string; kind: string }[], dbName: string, result: BulkResult, tick: () => Promise<void>) => {
  const names = new Set(entries.map((e) => `${e.schema}.${e.name}`));
  for (const e of entries.filter((x) => x.kind === 'sequence')) {
    await c.query(e.ddl.create);
    created.push({ db: dbName, schema: e.schema, name: e.name, kind: 'SEQUENCE' });
    await restoreSequencePositions(c, e.schema, e.name, e.ddl);
  }
  const tables = entries.filter((x) => x.kind === 'table');
  for (const e of tables) {
    for (const s of e.ddl.ownedSequences) if (s.create) await c.query(s.create);
    await c.query(e.ddl.create);
    created.push({ db: dbName, schema: e.schema, name: e.name, kind: 'TABLE' });
    const lines = spec.schemaOnly ? [] : await readData(storage, e);
    await loadRows(c, e.schema, e.name, e.ddl, lines);
    for (const sql of e.ddl.post) await c.query(sql);
    for (const s of e.ddl.ownedSequences) if (s.ownedBy) await c.query(s.ownedBy);
    await restoreSequencePositions(c, e.schema, e.name, e.ddl);
    result.rows += lines.length;
    result.indexEntries += lines.length * e.ddl.secondaryIndexes;
    result.bytes += lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
    await tick();
  }
  for (const e of tables) {
    for (const fk of e.ddl.fks) if (names.has(`${fk.refSchema}.${fk.refTable}`)) await c.query(fk.sql);
  }
  for (const e of entries.filter((x) => x.kind === 'view')) {
    try {
      await c.query(e.ddl.create);
      created.push({ db: dbName, schema: e.schema, name: e.name, kind: 'VIEW' });
    } catch (err) {
      if ((err as { code?: string }).code !== '42P01') throw err;
      if (spec.skipMissingViews) continue;
      throw new SqlError('XXUUU', `cannot restore view "${e.name}" without restoring referenced table (or "skip_missing_views" option)`);
    }
  }
};

const recordTableCount = async (catalog: ClusterCatalog, dbName: string) => {
  const db = await catalog.databases.get(dbName);
  if (!db) return;
  const c = await openPg(databaseUrl(catalog.adminUrl, db.pgName));
  try {
    const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`);
    await catalog.databases.setTableCount(dbName, Number(r.rows[0]?.n ?? 0));
  } finally { await c.end().catch(() => undefined); }
};

const dropCreatedTables = async (catalog: ClusterCatalog, created: { db: string; schema: string; name: string; kind: string }[]) => {
  for (const t of [...created].reverse()) {
    const db = await catalog.databases.get(t.db);
    if (!db) continue;
    const c = await openPg(databaseUrl(catalog.adminUrl, db.pgName)).catch(() => null);
    if (!c) continue;
    await c.query(`DROP ${t.kind} IF EXISTS ${qname(t.schema, t.name)} CASCADE`).catch(() => undefined);
    await c.end().catch(() => undefined);
  }
};
