// Effective settings for the rest of cp: the stored value, else the default; secret values decrypted for internal use
// only. One query loads every row; the result is cached for `ttlMs` (default 2 s) so a change made on any instance
// takes effect everywhere within that time, and `invalidate()` makes a local change visible at once.
import type { Queryable } from '../../infra/db/db.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import { loadSettingValues } from '../../repositories/settings.repository.js';

export const settingSecretAad = (key: string) => `setting:${key}`;

export type SettingsReaderDeps = { db: Queryable; secrets: SecretBox; ttlMs?: number; now?: () => number };

export const createSettingsReader = (deps: SettingsReaderDeps) => {
  const ttl = deps.ttlMs ?? 2_000;
  const now = deps.now ?? Date.now;
  let cache: { at: number; values: Map<string, string> } | undefined;
  let loading: Promise<Map<string, string>> | undefined;

  const load = async () => {
    const values = new Map<string, string>();
    for (const row of await loadSettingValues(deps.db)) {
      let v = row.default_value;
      if (row.is_secret && row.encrypted_value) v = deps.secrets.decrypt(row.encrypted_value, settingSecretAad(row.key));
      else if (!row.is_secret && row.value !== null) v = row.value;
      values.set(row.key, v);
    }
    cache = { at: now(), values };
    return values;
  };

  const values = async () => {
    if (cache && now() - cache.at < ttl) return cache.values;
    loading ??= load().finally(() => (loading = undefined));
    return loading;
  };

  const get = async (key: string): Promise<string> => {
    const v = (await values()).get(key);
    if (v === undefined) throw new Error(`unknown setting "${key}"`);
    return v;
  };

  return {
    get,
    async getInt(key: string): Promise<number> {
      return Number.parseInt(await get(key), 10);
    },
    async getBool(key: string): Promise<boolean> {
      return /^(1|true|yes|on)$/i.test((await get(key)).trim());
    },
    async getCsv(key: string): Promise<string[]> {
      return (await get(key))
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    },
    async getJson<T = unknown>(key: string): Promise<T> {
      return JSON.parse((await get(key)) || 'null') as T;
    },
    invalidate() {
      cache = undefined;
    },
  };
};

export type SettingsReader = ReturnType<typeof createSettingsReader>;
