// Finding backups in a collection: the LATEST pointer and a chain (one full backup + its incremental layers).
import { fullSubdirsIn, incrementalDirsIn, LATEST_DIR, MANIFEST, normalizeSubdir } from './layout.js';
import { readManifest, type Manifest } from './manifest.js';
import { FILE_DOES_NOT_EXIST, type Storage } from './storage.js';
import { SqlError } from '../sql/engine.types.js';

/** backupdest.ReadLatestFile: the newest metadata/latest/LATEST-* file, else a root LATEST (older collections). */
export const readLatest = async (storage: Storage): Promise<string> => {
  const files = (await storage.list(`${LATEST_DIR}/`)).map((o) => o.key).filter((k) => /\/LATEST-[^/]+$/.test(k)).sort();
  let body: Buffer | null = null;
  if (files[0]) body = await storage.get(files[0]);
  else if ((await storage.head('LATEST')) !== null) body = await storage.get('LATEST');
  if (body === null) {
    throw new SqlError('58P01', `path does not contain a completed latest backup: ${FILE_DOES_NOT_EXIST}`);
  }
  const latest = body.toString('utf8').trim();
  if (!latest) throw new SqlError('XXUUU', 'malformed LATEST file');
  return normalizeSubdir(latest);
};

export const resolveSubdir = async (storage: Storage, from: string): Promise<string> =>
  (from.toUpperCase() === 'LATEST' ? readLatest(storage) : normalizeSubdir(from));

export const listFullSubdirs = async (storage: Storage): Promise<string[]> => fullSubdirsIn((await storage.list('')).map((o) => o.key));

/** The chain of `subdir`, oldest layer first; 58P01 when there is no completed full backup there. */
export const readChain = async (storage: Storage, subdir: string): Promise<Manifest[]> => {
  if ((await storage.head(`${subdir.slice(1)}/${MANIFEST}`)) === null) {
    throw new SqlError('58P01', `${FILE_DOES_NOT_EXIST}: ${subdir.slice(1)}/${MANIFEST} (no backup found in ${subdir})`);
  }
  const full = await readManifest(storage, subdir);
  const incs = incrementalDirsIn((await storage.list(`incrementals${subdir}/`)).map((o) => o.key), subdir);
  const layers = [full];
  for (const dir of incs) layers.push(await readManifest(storage, dir));
  return layers.sort((a, b) => (a.endTime < b.endTime ? -1 : a.endTime > b.endTime ? 1 : 0));
};
