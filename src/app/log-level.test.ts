import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Queryable } from '../infra/db/db.js';
import { createLogger } from '../infra/logging/logger.js';
import { createSettingsReader } from '../services/settings/settings.reader.js';
import { followLogLevelSetting } from './log-level.js';

describe('logging.level follows the setting without restart', () => {
  it('moves the logger to a changed setting and back to CP_LOG_LEVEL when reset to the default', async () => {
    let value = 'info';
    const logger = createLogger('warn');
    const follow = followLogLevelSetting(logger, { get: async () => value }, 'warn', 60_000);
    await follow.apply();
    assert.equal(logger.level, 'warn', 'the default setting leaves CP_LOG_LEVEL in force');
    value = 'debug';
    await follow.apply();
    assert.equal(logger.level, 'debug');
    value = 'info';
    await follow.apply();
    assert.equal(logger.level, 'warn');
    follow.stop();
  });

  it('keeps the current level while the settings cannot be read', async () => {
    const logger = createLogger('error');
    const follow = followLogLevelSetting(logger, { get: async () => { throw new Error('db down'); } }, 'error', 60_000);
    await follow.apply();
    assert.equal(logger.level, 'error');
    follow.stop();
  });

  it('a change written by another instance is applied within the settings TTL plus one poll (issue 11)', async (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    let clock = 0;
    let stored: string | null = null;
    const db: Queryable = {
      query: async <R,>() => ({
        rows: [{ key: 'logging.level', value: stored, default_value: 'info', is_secret: false, encrypted_value: null }] as R[],
        rowCount: 1,
      }),
    };
    const reader = createSettingsReader({ db, secrets: { decrypt: () => '' }, now: () => clock });
    const logger = createLogger('warn');
    const follow = followLogLevelSetting(logger, reader, 'warn');
    const poll = async () => {
      t.mock.timers.tick(1_000);
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    };
    await poll();
    assert.equal(logger.level, 'warn');
    stored = 'debug'; // written on another instance: this one's cache still holds the old value
    clock += 1_000;
    await poll();
    assert.equal(logger.level, 'warn', 'still cached');
    clock += 1_000; // the 2 s TTL has passed
    await poll();
    assert.equal(logger.level, 'debug');
    follow.stop();
  });
});
