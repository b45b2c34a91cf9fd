// Where a backup collection's files live, as CockroachDB lays them out (take-full-and-incremental-backups.md
// "Backup collections"; backupbase/backupdest in cockroachdb/cockroach):
//   <collection>/<YYYY>/<MM>/<DD-HHMMSS.ss>/BACKUP_MANIFEST           a full backup (its subdirectory = the chain's name)
//   <collection>/<YYYY>/<MM>/<DD-HHMMSS.ss>/BACKUP_MANIFEST-CHECKSUM
//   <collection>/<YYYY>/<MM>/<DD-HHMMSS.ss>/BACKUP-LOCK-<job id>
//   <collection>/<YYYY>/<MM>/<DD-HHMMSS.ss>/data/<n>.sst              one file per table (stand-in format, see manifest.ts)
//   <collection>/incrementals/<YYYY>/<MM>/<DD-HHMMSS.ss>/<YYYYMMDD>/<HHMMSS.ss>/BACKUP_MANIFEST   incremental layers
//   <collection>/metadata/latest/LATEST-<descending timestamp>        holds the newest full subdirectory
// SHOW BACKUPS IN lists the `<YYYY>/<MM>/<DD-HHMMSS.ss>` directories that hold a BACKUP_MANIFEST.
import { createHash } from 'node:crypto';

export const MANIFEST = 'BACKUP_MANIFEST';
export const MANIFEST_CHECKSUM = 'BACKUP_MANIFEST-CHECKSUM';
export const LATEST_DIR = 'metadata/latest';
export const INCREMENTALS = 'incrementals';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const centis = (d: Date) => pad(Math.floor(d.getUTCMilliseconds() / 10));

/** `/2006/01/02-150405.00` (backupbase.DateBasedIntoFolderName), from the backup's end time, UTC. */
export const fullSubdirFor = (end: Date): string =>
  `/${end.getUTCFullYear()}/${pad(end.getUTCMonth() + 1)}/${pad(end.getUTCDate())}-${pad(end.getUTCHours())}${pad(end.getUTCMinutes())}${pad(end.getUTCSeconds())}.${centis(end)}`;

/** `/20060102/150405.00` (backupbase.DateBasedIncFolderName). */
export const incrementalPartFor = (end: Date): string =>
  `/${end.getUTCFullYear()}${pad(end.getUTCMonth() + 1)}${pad(end.getUTCDate())}/${pad(end.getUTCHours())}${pad(end.getUTCMinutes())}${pad(end.getUTCSeconds())}.${centis(end)}`;

/** A user-typed subdirectory (`'2023/03/23-213101.37'` or with a leading slash) in its canonical `/…` form. */
export const normalizeSubdir = (s: string): string => `/${s.replace(/^\/+/, '').replace(/\/+$/, '')}`;

const FULL_MANIFEST_RE = /^([^/]+\/[^/]+\/[^/]+)\/BACKUP_MANIFEST$/;

/** The full-backup subdirectories among a collection's keys (CockroachDB's backupPathRE), oldest first. */
export const fullSubdirsIn = (keys: string[]): string[] =>
  keys.map((k) => FULL_MANIFEST_RE.exec(k)?.[1]).filter((x): x is string => !!x && !x.startsWith(`${INCREMENTALS}/`) && !x.startsWith('metadata/'))
    .map((x) => `/${x}`).sort();

/** The incremental layer directories of one chain (relative to the collection), oldest first. */
export const incrementalDirsIn = (keys: string[], subdir: string): string[] => {
  const base = `${INCREMENTALS}${subdir}/`;
  return keys.filter((k) => k.startsWith(base) && k.endsWith(`/${MANIFEST}`))
    .map((k) => k.slice(0, -(MANIFEST.length + 1))).sort();
};

/** LATEST-<hex>: names sort newest first, as CockroachDB's descending-encoded timestamps do. */
export const latestFileName = (now: Date): string =>
  `${LATEST_DIR}/LATEST-${(9_999_999_999_999 - now.getTime()).toString(16).padStart(12, '0')}`;

export const checksumOf = (body: Buffer | string): string => createHash('sha256').update(body).digest('hex').slice(0, 8);
