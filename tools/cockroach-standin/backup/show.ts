// SHOW BACKUPS IN and SHOW BACKUP [SCHEMAS] FROM <subdir|LATEST> IN (src/current/v24.3/show-backup.md). Rows come in
// the documented column order, one block per layer (the full backup, then its incrementals): the database row,
// its schemas, its tables, its types (with their `_array` types). A full cluster backup starts with `system`.
// Values are PostgreSQL text; the SQL room puts them under the column table's names and types.
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import { boolText, timestamptzText } from '../sql/text.js';
import { SqlError } from '../sql/engine.types.js';
import { listFullSubdirs, readChain, resolveSubdir } from './chain.js';
import { dataKey, type Manifest } from './manifest.js';
import { withStorage } from './storage.js';

export type ShowBackupVariant = 'plain' | 'check_files' | 'schemas';
type Row = (string | null)[];

export const showBackups = async (catalog: ClusterCatalog, collection: string): Promise<Row[]> =>
  withStorage(catalog, collection, async (s) => (await listFullSubdirs(s)).map((p) => [p]));

const ts = (iso: string | null) => (iso === null ? null : timestamptzText(new Date(iso)));

const layerRows = (m: Manifest, variant: ShowBackupVariant, fileBytes: Map<string, number>): Row[] => {
  const common = (db: string | null, schema: string | null, name: string, type: string, size: number | null, rows: number | null) =>
    [db, schema, name, type, m.backupType, ts(m.startTime), ts(m.endTime), size === null ? null : String(size), rows === null ? null : String(rows), boolText(m.isFullCluster)];
  const extra = (opts: { createStatement?: string | null; fileBytes?: number | null }): Row => {
    if (variant === 'plain') return [null];
    if (variant === 'schemas') return [opts.createStatement ?? null];
    return [opts.fileBytes === undefined || opts.fileBytes === null ? null : String(opts.fileBytes)];
  };
  const out: Row[] = [];
  if (m.isFullCluster && m.system) {
    out.push([...common(null, null, 'system', 'database', null, null), ...extra({})]);
    for (const t of m.system.tables) {
      out.push([...common('system', 'public', t.name, 'table', m.backupType === 'full' ? t.sizeBytes : 0, m.backupType === 'full' ? t.rows : 0), ...extra({ fileBytes: 0 })]);
    }
  }
  for (const d of m.databases) {
    out.push([...common(null, null, d.name, 'database', null, null), ...extra({})]);
    for (const s of m.schemas.filter((x) => x.database === d.name)) out.push([...common(d.name, null, s.name, 'schema', null, null), ...extra({})]);
    for (const t of m.tables.filter((x) => x.database === d.name)) {
      const create = [t.ddl.create, ...t.ddl.post, ...t.ddl.fks.map((f) => f.sql)].join(';\n');
      out.push([...common(d.name, t.schema, t.name, 'table', t.sizeBytes, t.rows),
        ...extra({ createStatement: create, fileBytes: t.dataFile ? fileBytes.get(dataKey(m.dir, t.dataFile)) ?? t.fileBytes : 0 })]);
    }
    for (const ty of m.types.filter((x) => x.database === d.name)) {
      out.push([...common(d.name, ty.schema, ty.name, 'type', null, null), ...extra({ createStatement: ty.create })]);
      out.push([...common(d.name, ty.schema, `_${ty.name}`, 'type', null, null), ...extra({})]);
    }
  }
  return out;
};

export const showBackup = async (catalog: ClusterCatalog, o: { collection: string; from: string; variant: ShowBackupVariant }): Promise<Row[]> =>
  withStorage(catalog, o.collection, async (storage) => {
    const chain = await readChain(storage, await resolveSubdir(storage, o.from));
    const sizes = new Map<string, number>();
    if (o.variant === 'check_files') {
      const missing: string[] = [];
      for (const m of chain) {
        const files = [...m.tables.map((t) => t.dataFile), m.system?.dataFile ?? null].filter((f): f is string => f !== null);
        for (const f of files) {
          const key = dataKey(m.dir, f);
          const size = await storage.head(key);
          if (size === null) missing.push(key);
          else sizes.set(key, size);
        }
      }
      if (missing.length > 0) {
        throw new SqlError('58P01', `The following files are missing from the backup:\n\t${missing.slice(0, 10).join('\n\t')}`);
      }
    }
    return chain.flatMap((m) => layerRows(m, o.variant, sizes));
  });
