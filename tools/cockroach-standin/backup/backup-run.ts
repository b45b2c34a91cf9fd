// The BACKUP job: resolve where the new layer goes (a dated full-backup subdirectory, or an incremental layer of the
// LATEST / named chain), export every targeted object, then write BACKUP_MANIFEST last (its presence = completed) and,
// for a full backup, a new LATEST pointer. An incremental layer writes a table's rows again only when they changed
// since the chain's previous layer (fingerprint of the sorted rows); unchanged tables show 0 rows / 0 bytes.
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import { databaseUrl } from '../catalog/pg-admin.js';
import { SqlError } from '../sql/engine.types.js';
import { readChain, resolveSubdir } from './chain.js';
import type { JobControl } from './job-runner.js';
import { fullSubdirFor, incrementalPartFor, latestFileName, MANIFEST } from './layout.js';
import { dataKey, MANIFEST_FORMAT, writeManifest, type DatabaseEntry, type Manifest, type SchemaEntry, type TableEntry, type TypeEntry } from './manifest.js';
import { exportRows, listEnums, listRelations, listSchemas, openPg, relationDdl } from './schema-export.js';
import type { BackupSpec, BulkResult } from './spec.js';
import { withStorage } from './storage.js';
import { dumpSystemTables } from './system-tables.js';

export type BackupEnv = { catalog: ClusterCatalog; buildTag: string };

type Planned = { database: DatabaseEntry; tables: { schema: string; name: string }[] | 'all' };

/** Which databases (and tables) the targets cover; 3D000 / 42P01 for names that do not exist, before any job runs. */
export const planBackupTargets = async (catalog: ClusterCatalog, spec: BackupSpec): Promise<Planned[]> => {
  const entry = async (name: string): Promise<DatabaseEntry> => {
    const db = await catalog.databases.get(name);
    if (!db) throw new SqlError('3D000', `database "${name}" does not exist`);
    return { name: db.name, id: db.id, owner: db.owner };
  };
  const t = spec.targets;
  if (t.kind === 'cluster') return Promise.all((await catalog.databases.list()).map(async (d) => ({ database: await entry(d.name), tables: 'all' as const })));
  if (t.kind === 'databases') return Promise.all(t.names.map(async (n) => ({ database: await entry(n), tables: 'all' as const })));
  const byDb = new Map<string, Planned>();
  for (const tt of t.tables) {
    const p = byDb.get(tt.database) ?? { database: await entry(tt.database), tables: [] };
    byDb.set(tt.database, p);
    if (p.tables !== 'all') p.tables.push({ schema: tt.schema, name: tt.table });
  }
  return [...byDb.values()];
};

const sameTargets = (a: Manifest['targets'], b: Manifest['targets']) => JSON.stringify(a) === JSON.stringify(b);

const manifestTargets = (spec: BackupSpec): Manifest['targets'] => {
  const t = spec.targets;
  if (t.kind === 'cluster') return { kind: 'cluster' };
  if (t.kind === 'databases') return { kind: 'databases', names: [...t.names].sort() };
  return { kind: 'tables', names: t.tables.map((x) => `${x.database}.${x.schema}.${x.table}`).sort() };
};

export const runBackup = async (env: BackupEnv, spec: BackupSpec, ctl: JobControl): Promise<BulkResult & { dir: string }> => {
  const { catalog } = env;
  const end = spec.asOf ? new Date(spec.asOf) : new Date();
  const planned = await planBackupTargets(catalog, spec);
  return withStorage(catalog, spec.collection, async (storage) => {
    let subdir: string;
    let dir: string;
    let prior: Manifest[] = [];
    if (spec.appendTo === null) {
      subdir = fullSubdirFor(end);
      dir = subdir;
      if ((await storage.head(`${subdir.slice(1)}/${MANIFEST}`)) !== null) {
        throw new SqlError('XXUUU', `A full backup already exists in ${spec.collection}${subdir}. Consider running an incremental backup to this full backup via \`BACKUP INTO '${subdir}' IN '${spec.collection}'\``);
      }
    } else {
      subdir = await resolveSubdir(storage, spec.appendTo);
      if ((await storage.head(`${subdir.slice(1)}/${MANIFEST}`)) === null) {
        throw new SqlError('XXUUU', `No full backup exists in "${subdir}" to append an incremental backup to. To take a full backup, remove the subdirectory from the backup command (i.e. run 'BACKUP ... INTO <collectionURI>'). `);
      }
      prior = await readChain(storage, subdir);
      const last = prior[prior.length - 1]!;
      if (!sameTargets(last.targets, manifestTargets(spec))) {
        throw new SqlError('XXUUU', `previous backup in ${subdir} does not cover the same targets; take a new full backup for these targets`);
      }
      if (end.toISOString() <= last.endTime) {
        throw new SqlError('XXUUU', `AS OF SYSTEM TIME ${end.toISOString()} must be after the previous backup's end time ${last.endTime}`);
      }
      dir = `incrementals${subdir}${incrementalPartFor(end)}`;
    }
    const previous = new Map((prior[prior.length - 1]?.tables ?? []).map((t) => [`${t.database}.${t.schema}.${t.name}`, t]));
    await storage.put(`${dir.replace(/^\//, '')}/BACKUP-LOCK-${ctl.jobId}`, '');

    const databases: DatabaseEntry[] = [];
    const schemas: SchemaEntry[] = [];
    const types: TypeEntry[] = [];
    const tables: TableEntry[] = [];
    const total = planned.length + 1;
    let fileNo = 0;
    const nextFile = () => `data/${(BigInt(ctl.jobId) + BigInt(++fileNo)).toString()}.sst`;
    const counts = { rows: 0, indexEntries: 0, dataSize: 0 };

    for (const [k, p] of planned.entries()) {
      databases.push(p.database);
      const pgName = (await catalog.databases.get(p.database.name))?.pgName;
      if (!pgName) throw new SqlError('3D000', `database "${p.database.name}" does not exist`);
      const c = await openPg(databaseUrl(catalog.adminUrl, pgName));
      try {
        const wanted = (schema: string, name: string) => p.tables === 'all' || p.tables.some((t) => t.schema === schema && (t.name === '*' || t.name === name));
        const relations = (await listRelations(c)).filter((r) => wanted(r.schema, r.name));
        const schemaNames = p.tables === 'all' ? await listSchemas(c) : [...new Set(relations.map((r) => r.schema))];
        for (const s of schemaNames) schemas.push({ database: p.database.name, name: s });
        for (const e of await listEnums(c)) if (schemaNames.includes(e.schema)) types.push({ database: p.database.name, ...e });
        for (const [i, r] of relations.entries()) {
          const ddl = await relationDdl(c, r);
          const { lines, fingerprint } = await exportRows(c, r);
          const key = `${p.database.name}.${r.schema}.${r.name}`;
          const before = previous.get(key);
          const changed = r.kind === 'table' && (!before || before.fingerprint !== fingerprint || !before.source);
          let entry: TableEntry = { database: p.database.name, schema: r.schema, name: r.name, id: r.oid, kind: r.kind, ddl,
            dataFile: null, source: null, rows: 0, sizeBytes: 0, indexEntries: 0, fileBytes: 0, fingerprint };
          if (changed) {
            const file = nextFile();
            const header = JSON.stringify({ database: p.database.name, schema: r.schema, table: r.name, columns: ddl.insertColumns });
            const body = `${header}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
            await storage.put(dataKey(dir, file), body);
            const sizeBytes = lines.reduce((s, l) => s + Buffer.byteLength(l), 0);
            entry = { ...entry, dataFile: file, source: { layer: dir, file }, rows: lines.length, sizeBytes,
              indexEntries: lines.length * ddl.secondaryIndexes, fileBytes: Buffer.byteLength(body) };
          } else if (r.kind === 'table') {
            entry = { ...entry, source: before!.source };
          }
          counts.rows += entry.rows;
          counts.indexEntries += entry.indexEntries;
          counts.dataSize += entry.sizeBytes;
          tables.push(entry);
          await ctl.step((k + (i + 1) / Math.max(1, relations.length)) / total, `exporting ${key}`);
        }
      } finally {
        await c.end().catch(() => undefined);
      }
      await ctl.step((k + 1) / total);
    }

    let system: Manifest['system'] = null;
    if (spec.targets.kind === 'cluster') {
      const { dump, counts: sys } = await dumpSystemTables(catalog);
      const file = nextFile();
      await storage.put(dataKey(dir, file), JSON.stringify(dump));
      system = { dataFile: file, tables: sys };
    }

    const manifest: Manifest = {
      format: MANIFEST_FORMAT, jobId: ctl.jobId, clusterId: await catalog.clusterId(), buildTag: env.buildTag,
      backupType: prior.length ? 'incremental' : 'full', dir, subdir,
      startTime: prior.length ? prior[prior.length - 1]!.endTime : null, endTime: end.toISOString(),
      revisionHistory: spec.revisionHistory, isFullCluster: spec.targets.kind === 'cluster', targets: manifestTargets(spec),
      databases, schemas, types, tables, system, entryCounts: counts,
    };
    await writeManifest(storage, manifest);
    if (!prior.length) await storage.put(latestFileName(new Date()), subdir);
    await ctl.step(1);
    return { rows: counts.rows, indexEntries: counts.indexEntries, bytes: counts.dataSize, dir };
  });
};
