// SQL for the settings table. Values of secret settings live only in encrypted_value and are never selected by
// default.
import type { Queryable } from '../infra/db/db.js';

export type SettingDefinitionInput = {
  key: string;
  type: string;
  default: string;
  enumValues?: readonly string[];
  category: string;
  secret?: boolean;
  description: string;
};

/** Upserts definitions (type, default, category, secrecy, description); values are left as they are. */
export const upsertSettingDefinitions = async (q: Queryable, defs: readonly SettingDefinitionInput[]) => {
  for (const d of defs) {
    await q.query(
      `INSERT INTO settings (key, default_value, value_type, enum_values, category, is_secret, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (key) DO UPDATE SET default_value = excluded.default_value, value_type = excluded.value_type,
         enum_values = excluded.enum_values, category = excluded.category, is_secret = excluded.is_secret,
         description = excluded.description`,
      [d.key, d.default, d.type, [...(d.enumValues ?? [])], d.category, d.secret ?? false, d.description],
    );
  }
};

export type SettingValueRow = {
  key: string;
  value: string | null;
  encrypted_value: Buffer | null;
  default_value: string;
  is_secret: boolean;
};

/** Every setting's stored value and default, for the effective-settings cache. */
export const loadSettingValues = async (q: Queryable): Promise<SettingValueRow[]> =>
  (await q.query<SettingValueRow>(`SELECT key, value, encrypted_value, default_value, is_secret FROM settings`)).rows;

/** A setting as the admin API sees it: the ciphertext is never selected, only whether there is one. */
export type SettingRow = {
  key: string;
  value: string | null;
  has_encrypted_value: boolean;
  default_value: string;
  is_secret: boolean;
  updated_at: Date;
  updated_by: string;
};

const SETTING_COLUMNS = `key, value, (encrypted_value IS NOT NULL) AS has_encrypted_value, default_value, is_secret, updated_at, updated_by`;

export const listSettingRows = async (q: Queryable): Promise<SettingRow[]> =>
  (await q.query<SettingRow>(`SELECT ${SETTING_COLUMNS} FROM settings ORDER BY category, key`)).rows;

export const findSettingRow = async (q: Queryable, key: string): Promise<SettingRow | undefined> =>
  (await q.query<SettingRow>(`SELECT ${SETTING_COLUMNS} FROM settings WHERE key = $1`, [key])).rows[0];

/** Stores a value (plain or encrypted; both NULL = back to the default). Returns false when the row is missing. */
export const writeSettingValue = async (
  q: Queryable,
  key: string,
  stored: { value: string | null; encryptedValue: Buffer | null },
  by: string,
): Promise<boolean> => {
  const r = await q.query(
    `UPDATE settings SET value = $2, encrypted_value = $3, updated_at = now(), updated_by = $4 WHERE key = $1`,
    [key, stored.value, stored.encryptedValue, by],
  );
  return r.rowCount > 0;
};
