// Setting logging.level, applied on every instance without restart: each instance re-reads it every second through
// the settings reader (which caches for ≤ 2 s, so this costs at most one query per TTL) and moves its logger to it,
// so a change made anywhere is in force everywhere within the settings TTL plus one poll. CP_LOG_LEVEL is the level before the database
// is reachable, and stays in force while the setting is at its default, so an operator's `CP_LOG_LEVEL=debug` is not
// silently undone by a setting nobody changed.
import type { Logger } from '../infra/logging/logger.js';
import { SETTINGS_BY_KEY } from '../services/settings/settings.registry.js';
import type { SettingsReader } from '../services/settings/settings.reader.js';

const DEFAULT = SETTINGS_BY_KEY.get('logging.level')!.default;

export const followLogLevelSetting = (logger: Logger, settings: Pick<SettingsReader, 'get'>, envLevel: string, intervalMs = 1_000) => {
  const apply = async () => {
    try {
      const wanted = await settings.get('logging.level');
      const level = wanted === DEFAULT ? envLevel : wanted;
      if (logger.level !== level) {
        logger.info({ from: logger.level, to: level }, 'log level changed (setting logging.level)');
        logger.level = level;
      }
    } catch {
      // The database is unreachable: keep the current level; readiness reports the outage.
    }
  };
  const timer = setInterval(() => void apply(), intervalMs);
  timer.unref();
  return { apply, stop: () => clearInterval(timer) };
};
