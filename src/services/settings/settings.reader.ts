// Effective settings for the rest of cp: the stored value, else the default; secret values decrypted for internal use
// only (never returned by the API). One query loads every row and the result is cached for `ttlMs` (default 2 s), so
// a change made on ANY instance takes effect everywhere within that time without a restart; the settings service
// calls `invalidate()` after its own writes so a change is visible on the same instance at once.
import type { Queryable } from '../../infra/db/db.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import { loadSettingValues } from '../../repositories/settings.repository.js';
import { SETTINGS_BY_KEY } from './settings.registry.js';

/** Associated data binding a secret setting's ciphertext to its key (a value copied to another key will not decrypt). */
export const settingSecretAad = (key: string) => `setting:${key}`;

export type SettingsReaderDeps = { db: Queryable; secrets: Pick<SecretBox, 'decrypt'>; ttlMs?: number; now?: () => number };

export const createSettingsReader = (deps: SettingsReaderDeps) => {
  const ttl = Math.min(deps.ttlMs ?? 2_000, 2_000);
  const now = deps.now ?? Date.now;
  let cache: { at: number; values: Map<string, string> } | undefined;
  let loading: Promise<Map<string, string>> | undefined;
  let generation = 0;

  const load = async () => {
    const started = generation;
    // Registry defaults first: a key added by a newer build is readable before its row is upserted.
    const values = new Map<string, string>([...SETTINGS_BY_KEY.values()].map((d) => [d.key, d.default]));
    for (const row of await loadSettingValues(deps.db)) {
      let v = row.default_value;
      if (row.is_secret && row.encrypted_value) {
        try {
          v = deps.secrets.decrypt(row.encrypted_value, settingSecretAad(row.key));
        } catch (err) {
          throw new Error(`secret setting "${row.key}" cannot be decrypted (was CP_MASTER_KEY changed?)`, { cause: err });
        }
      } else if (!row.is_secret && row.value !== null) v = row.value;
      values.set(row.key, v);
    }
    // An invalidate() during the load means the result may predate a local write: use it once, do not cache it.
    if (started === generation) cache = { at: now(), values };
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
    /** The effective value as text ('' when unset and without a default). */
    get,
    async getInt(key: string): Promise<number> {
      const n = Number.parseInt(await get(key), 10);
      if (Number.isNaN(n)) throw new Error(`setting "${key}" is not an integer`);
      return n;
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
    /** Drops the cache; the next read goes to the database. */
    invalidate() {
      generation++;
      cache = undefined;
      loading = undefined;
    },
  };
};

export type SettingsReader = ReturnType<typeof createSettingsReader>;
