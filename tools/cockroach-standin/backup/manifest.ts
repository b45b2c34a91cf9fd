// The stand-in's BACKUP_MANIFEST. CockroachDB's is a protobuf (backuppb.BackupManifest); this one is JSON with the
// same role: it lists what a layer holds (databases, schemas, types, tables with their row counts and data files)
// and the times it covers, so SHOW BACKUP and RESTORE need nothing else. Its presence marks a completed backup
// (backup.md: "The presence of the BACKUP MANIFEST file … indicator that the backup job completed successfully").
import type { TableDdl } from './schema-export.js';
import { checksumOf, MANIFEST, MANIFEST_CHECKSUM } from './layout.js';
import type { Storage } from './storage.js';
import { SqlError } from '../sql/engine.types.js';

export const MANIFEST_FORMAT = 'cockroach-standin-backup/1';

export type TableEntry = {
  database: string; schema: string; name: string;
  /** pg_class oid in the source database: the stand-in's descriptor id (used in CockroachDB-style messages). */
  id: number;
  kind: 'table' | 'view' | 'sequence';
  ddl: TableDdl;
  /** This layer's data file (relative to the layer directory), or null when the layer holds no new data for the table. */
  dataFile: string | null;
  /** Where the table's rows as of this layer are: this layer's file or an earlier layer's (null for views/sequences). */
  source: { layer: string; file: string } | null;
  rows: number; sizeBytes: number; indexEntries: number; fileBytes: number;
  fingerprint: string;
};

export type SchemaEntry = { database: string; name: string };
export type TypeEntry = { database: string; schema: string; name: string; create: string };
export type DatabaseEntry = { name: string; id: number; owner: string };

export type Manifest = {
  format: typeof MANIFEST_FORMAT;
  jobId: string;
  clusterId: string | null;
  buildTag: string;
  backupType: 'full' | 'incremental';
  /** Layer directory relative to the collection, e.g. `/2024/05/01-120000.00` or `incrementals/…`. */
  dir: string;
  /** The chain's full-backup subdirectory. */
  subdir: string;
  startTime: string | null;
  endTime: string;
  revisionHistory: boolean;
  isFullCluster: boolean;
  /** What the BACKUP statement named: the whole cluster, databases, or tables. */
  targets: { kind: 'cluster' } | { kind: 'databases'; names: string[] } | { kind: 'tables'; names: string[] };
  databases: DatabaseEntry[];
  schemas: SchemaEntry[];
  types: TypeEntry[];
  tables: TableEntry[];
  /** Full cluster backups: the system tables the stand-in keeps (users, role_members, settings, …) and their row counts. */
  system: { dataFile: string; tables: { name: string; rows: number; sizeBytes: number }[] } | null;
  entryCounts: { rows: number; indexEntries: number; dataSize: number };
};

const layerKey = (dir: string, file: string) => `${dir.replace(/^\/+/, '')}/${file}`;

export const writeManifest = async (storage: Storage, m: Manifest): Promise<void> => {
  const body = JSON.stringify(m);
  await storage.put(layerKey(m.dir, MANIFEST), body);
  await storage.put(layerKey(m.dir, MANIFEST_CHECKSUM), checksumOf(body));
};

export const readManifest = async (storage: Storage, dir: string): Promise<Manifest> => {
  const raw = (await storage.get(layerKey(dir, MANIFEST))).toString('utf8');
  let m: Manifest;
  try { m = JSON.parse(raw) as Manifest; } catch { throw new SqlError('XX001', `backup manifest in ${dir} is corrupt (not a stand-in backup?)`); }
  if (m.format !== MANIFEST_FORMAT) throw new SqlError('XX001', `backup manifest in ${dir} has unknown format ${String(m.format)}`);
  return m;
};

export const dataKey = (layerDir: string, file: string) => layerKey(layerDir, file);
