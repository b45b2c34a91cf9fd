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
