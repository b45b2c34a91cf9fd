// Brings a metadata database up to date: schema migrations, the settings definitions from the code registry, and
// version 1 of every playbook that has none yet (from resources/playbooks/).
// Run at every start (safe with many instances) and by `cpctl migrate`.
import type { Db } from '../infra/db/db.js';
import { migrate, type MigrationLog } from '../infra/db/migrate.js';
import { upsertSettingDefinitions } from '../repositories/settings.repository.js';
import { SETTING_DEFINITIONS } from '../services/settings/settings.registry.js';
import { seedPlaybooks } from '../services/playbooks/playbook-seed.js';

export const prepareDatabase = async (db: Db, log?: MigrationLog) => {
  const result = await migrate(db, log ? { log } : {});
  await db.transaction((tx) => upsertSettingDefinitions(tx, SETTING_DEFINITIONS));
  const seeded = await seedPlaybooks(db);
  if (seeded.length > 0) log?.info({ playbooks: seeded }, 'seeded shipped playbooks as version 1');
  return result;
};
