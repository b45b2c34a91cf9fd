import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../infra/logging/logger.js';
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
});
