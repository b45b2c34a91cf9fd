// Opens the metadata database named by the config: node-postgres for DATABASE_URL (CockroachDB or PostgreSQL), else
// the embedded PGlite in CP_DATA_DIR/pgdata. The embedded database is single-process: a lock file stops a second cp
// from opening (and corrupting) the same data directory.
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/env.js';
import type { Db } from '../infra/db/db.js';
import { createPgDb } from '../infra/db/pg-db.js';
import { createPgliteDb } from '../infra/db/pglite-db.js';
import type { RetryHooks } from '../infra/db/retry.js';

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const lockDataDir = async (dir: string): Promise<() => Promise<void>> => {
  const lockFile = path.join(dir, 'cp.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(lockFile, 'wx', 0o600);
      await fh.writeFile(String(process.pid));
      await fh.close();
      return () => rm(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && processAlive(pid)) {
        throw new Error(
          `another cp process (pid ${pid}) is using the embedded database in ${dir}; stop it, or set DATABASE_URL to share a real database`,
          { cause: err },
        );
      }
      await rm(lockFile, { force: true }); // stale lock from a crashed process
    }
  }
  throw new Error(`could not lock ${dir}`);
};

export type OpenedDb = { db: Db; description: string };

export const openDatabase = async (config: Config, hooks?: RetryHooks): Promise<OpenedDb> => {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    const db = createPgDb({ connectionString: config.databaseUrl, poolMax: config.dbPoolMax, ...(hooks ? { hooks } : {}) });
    return { db, description: `${url.protocol}//${url.host}${url.pathname}` };
  }
  const dir = path.resolve(config.dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const unlock = await lockDataDir(dir);
  try {
    const inner = await createPgliteDb({ dataDir: path.join(dir, 'pgdata') });
    const db: Db = {
      ...inner,
      close: async () => {
        await inner.close();
        await unlock();
      },
    };
    return { db, description: `embedded PGlite in ${path.join(dir, 'pgdata')}` };
  } catch (err) {
    await unlock();
    throw err;
  }
};
