import { z } from 'zod';
import { SETTING_TYPES } from '../../services/settings/settings.registry.js';
import { safeJson, safeString } from '../http/strings.js';

export const SettingKeyParams = z.object({ key: safeString({ max: 200, min: 1 }).describe('Setting key, e.g. oidc.issuer_url') });

export const Setting = z
  .object({
    key: z.string().describe('Setting key'),
    type: z.enum(SETTING_TYPES).describe('Value type; writes are validated against it'),
    category: z.string().describe('Group the setting belongs to'),
    description: z.string().describe('What the setting does'),
    is_secret: z.boolean().describe('Secret settings are encrypted at rest and their value is never returned'),
    value: z.string().nullable().describe('Effective value (the stored value, else the default); null for secret settings'),
    default_value: z.string().nullable().describe('Default value; null for secret settings'),
    is_set: z.boolean().describe('True when a value is stored, overriding the default'),
    enum_values: z.array(z.string()).nullable().describe('Allowed values of an enum setting'),
    min: z.number().nullable().describe('Smallest allowed integer'),
    max: z.number().nullable().describe('Largest allowed integer'),
    updated_at: z.date().describe('When the value was last changed'),
    updated_by: z.string().describe('Who last changed the value'),
  })
  .describe('Setting');

export const ListSettingsResponse = z.object({
  categories: z
    .array(z.object({ category: z.string().describe('Category name'), settings: z.array(Setting).describe('Settings of the category, by key') }))
    .describe('Every setting, grouped by category (alphabetical)'),
});

// Strings up to 64 KiB here; the setting's own type then applies its limits (setting-value.ts).
const settingText = safeString({ max: 64 * 1024 });

export const UpdateSettingBody = z.strictObject({
  value: z
    .union([settingText, z.number(), z.boolean(), z.array(settingText).max(1000), z.record(safeString({ max: 1024 }), safeJson())])
    .describe('New value: text, or the natural JSON type (number, boolean, list for csv, object for json)'),
});
