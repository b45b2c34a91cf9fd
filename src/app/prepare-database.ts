// Brings a metadata database up to date: schema migrations, then the settings definitions from the code registry.
// Run at every start (safe with many instances) and by `cpctl migrate`.
import type { Db } from '../infra/db/db.js';
import { migrate, type MigrationLog } from '../infra/db/migrate.js';
import { upsertSettingDefinitions } from '../repositories/settings.repository.js';
import { SETTING_DEFINITIONS } from '../services/settings/settings.registry.js';

export const prepareDatabase = async (db: Db, log?: MigrationLog) => {
  const result = await migrate(db, log ? { log } : {});
  await db.transaction((tx) => upsertSettingDefinitions(tx, SETTING_DEFINITIONS));
  return result;
};
