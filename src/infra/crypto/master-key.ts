// Where the master key comes from: CP_MASTER_KEY (required in production), or, for the embedded first run, a key
// generated once into CP_DATA_DIR/master.key with mode 0600 and a loud warning.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/env.js';
import { createKeyring, type Keyring } from './secrets.js';

export type KeyLog = { warn: (obj: object, msg: string) => void };

export const resolveKeyring = async (config: Config, log: KeyLog): Promise<Keyring> => {
  if (config.masterKey) return createKeyring(config.masterKey, config.oldMasterKeys);
  if (config.nodeEnv === 'production') throw new Error('CP_MASTER_KEY is required in production');
  const file = path.resolve(config.dataDir, 'master.key');
  let key: string;
  try {
    key = (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    key = randomBytes(32).toString('base64');
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
      key = (await readFile(file, 'utf8')).trim(); // another process won the race
    });
  }
  log.warn(
    { file },
    'USING A GENERATED MASTER KEY FROM THE DATA DIRECTORY. This is for evaluation only: set CP_MASTER_KEY ' +
      '(openssl rand -base64 32) and keep it safe; every cp instance sharing a database needs the same key.',
  );
  return createKeyring({ id: 1, key }, config.oldMasterKeys);
};
