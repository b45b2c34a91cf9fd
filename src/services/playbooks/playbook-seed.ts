// Seeds version 1 of every playbook from resources/playbooks/<NAME>.yml at start. Only playbooks without any
// version are seeded, so admin versions are never overwritten and a re-start changes nothing. The shipped files are
// validated like an upload: a broken file fails the start loudly instead of failing the first cluster job.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../infra/db/db.js';
import { PLAYBOOK_NAMES, seedPlaybook, type PlaybookName } from '../../repositories/playbooks.repository.js';
import { validatePlaybookYaml } from './playbook-yaml.js';
import { sha256 } from './playbooks.service.js';

export const PLAYBOOKS_DIR = fileURLToPath(new URL('../../../resources/playbooks/', import.meta.url));

export const shippedPlaybookPath = (name: PlaybookName, dir = PLAYBOOKS_DIR) => path.join(dir, `${name}.yml`);

/** Returns the names that were seeded now. */
export const seedPlaybooks = async (db: Pick<Db, 'transaction'>, dir = PLAYBOOKS_DIR): Promise<PlaybookName[]> => {
  const seeded: PlaybookName[] = [];
  for (const name of PLAYBOOK_NAMES) {
    const content = await readFile(shippedPlaybookPath(name, dir), 'utf8');
    try {
      validatePlaybookYaml(content);
    } catch (err) {
      throw new Error(`shipped playbook ${name}.yml is invalid: ${(err as Error).message}`, { cause: err });
    }
    if (await db.transaction((tx) => seedPlaybook(tx, { name, content, contentSha256: sha256(content) }))) seeded.push(name);
  }
  return seeded;
};
