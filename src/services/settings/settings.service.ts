// Admin settings: list (grouped by category), get, update, reset. Definitions come from the code registry; values
// are validated against their type on write. Secret values are encrypted at rest, never returned (`is_set` instead)
// and never written to audit details. Every write is audited in the same transaction and invalidates the local
// reader cache; other instances see the change within the reader's TTL.
import type { Db } from '../../infra/db/db.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import { findSettingRow, listSettingRows, writeSettingValue, type SettingRow } from '../../repositories/settings.repository.js';
import { NotFoundError } from '../../shared/errors.js';
import type { RequestContext } from '../../auth/identity.js';
import { recordEvent } from '../audit/audit.service.js';
import { normalizeSettingValue } from './setting-value.js';
import { SETTINGS_BY_KEY, type SettingDefinition } from './settings.registry.js';
import { settingSecretAad, type SettingsReader } from './settings.reader.js';

export type SettingsServiceDeps = {
  db: Pick<Db, 'query' | 'transaction'>;
  secrets: Pick<SecretBox, 'encrypt'>;
  reader: Pick<SettingsReader, 'invalidate'>;
};

export type SettingView = {
  key: string;
  type: SettingDefinition['type'];
  category: string;
  description: string;
  is_secret: boolean;
  /** Effective value; null for secret settings (never returned). */
  value: string | null;
  default_value: string | null;
  /** True when a value is stored (overriding the default). */
  is_set: boolean;
  enum_values: string[] | null;
  min: number | null;
  max: number | null;
  updated_at: Date;
  updated_by: string;
};

const toView = (d: SettingDefinition, row: SettingRow | undefined): SettingView => {
  const isSet = d.secret ? Boolean(row?.has_encrypted_value) : row?.value !== null && row?.value !== undefined;
  return {
    key: d.key,
    type: d.type,
    category: d.category,
    description: d.description,
    is_secret: Boolean(d.secret),
    value: d.secret ? null : (row?.value ?? d.default),
    default_value: d.secret ? null : d.default,
    is_set: isSet,
    enum_values: d.enumValues ? [...d.enumValues] : null,
    min: d.min ?? null,
    max: d.max ?? null,
    updated_at: row?.updated_at ?? new Date(0),
    updated_by: row?.updated_by ?? 'system',
  };
};

const definition = (key: string): SettingDefinition => {
  const d = SETTINGS_BY_KEY.get(key);
  if (!d) throw new NotFoundError(`No setting "${key}". GET /api/admin/settings lists every key.`);
  return d;
};

export const createSettingsService = (deps: SettingsServiceDeps) => {
  const get = async (key: string): Promise<SettingView> => {
    const d = definition(key);
    return toView(d, await findSettingRow(deps.db, key));
  };

  return {
    /** Every known setting, grouped by category (categories and keys in alphabetical order). */
    async list(): Promise<{ category: string; settings: SettingView[] }[]> {
      const rows = new Map((await listSettingRows(deps.db)).map((r) => [r.key, r]));
      const groups = new Map<string, SettingView[]>();
      const defs = [...SETTINGS_BY_KEY.values()].sort((a, b) => a.category.localeCompare(b.category) || a.key.localeCompare(b.key));
      for (const d of defs) {
        const list = groups.get(d.category) ?? [];
        list.push(toView(d, rows.get(d.key)));
        groups.set(d.category, list);
      }
      return [...groups].map(([category, settings]) => ({ category, settings }));
    },

    get,

    /** Validates and stores a value. An empty value for a secret setting clears it. */
    async update(ctx: RequestContext, key: string, value: unknown): Promise<SettingView> {
      const d = definition(key);
      const text = normalizeSettingValue(d, value);
      const stored = d.secret
        ? { value: null, encryptedValue: text === '' ? null : deps.secrets.encrypt(text, settingSecretAad(key)) }
        : { value: text, encryptedValue: null };
      await deps.db.transaction(async (tx) => {
        if (!(await writeSettingValue(tx, key, stored, ctx.identity.actor))) {
          throw new NotFoundError(`No setting "${key}" in the database yet; restart cp to load new definitions.`);
        }
        await recordEvent(tx, ctx, {
          action: 'SETTING_UPDATED',
          targetType: 'setting',
          targetId: key,
          // Never the value of a secret setting; `key` itself would be scrubbed by the audit writer, hence setting_key.
          details: d.secret ? { setting_key: key } : { setting_key: key, value: text },
        });
      });
      deps.reader.invalidate();
      return get(key);
    },

    /** Back to the default (the stored value and any ciphertext are removed). */
    async reset(ctx: RequestContext, key: string): Promise<SettingView> {
      definition(key);
      await deps.db.transaction(async (tx) => {
        if (!(await writeSettingValue(tx, key, { value: null, encryptedValue: null }, ctx.identity.actor))) {
          throw new NotFoundError(`No setting "${key}" in the database yet; restart cp to load new definitions.`);
        }
        await recordEvent(tx, ctx, { action: 'SETTING_RESET', targetType: 'setting', targetId: key, details: { setting_key: key } });
      });
      deps.reader.invalidate();
      return get(key);
    },
  };
};

export type SettingsService = ReturnType<typeof createSettingsService>;
