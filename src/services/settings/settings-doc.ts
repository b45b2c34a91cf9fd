// Renders docs/SETTINGS.md from the registry, so the documentation cannot drift from the code: `npm run
// docs:settings` writes it and settings-doc.test.ts fails when the committed file differs.
import { SETTING_DEFINITIONS, type SettingDefinition } from './settings.registry.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const typeText = (d: SettingDefinition) => {
  if (d.type === 'enum') return `enum: ${(d.enumValues ?? []).map((v) => `\`${v}\``).join(', ')}`;
  if (d.type === 'integer' && (d.min !== undefined || d.max !== undefined)) return `integer ${d.min ?? '…'}–${d.max ?? '…'}`;
  return d.type;
};

export const renderSettingsDoc = (defs: readonly SettingDefinition[] = SETTING_DEFINITIONS): string => {
  const categories = [...new Set(defs.map((d) => d.category))].sort();
  const out: string[] = [
    '# Settings',
    '',
    '<!-- Generated from src/services/settings/settings.registry.ts by `npm run docs:settings`; do not edit by hand. -->',
    '',
    'Settings live in the metadata database and are changed at runtime through the admin API (`/api/admin/settings`,',
    'see docs/ADMIN.md); every cp instance picks a change up within 2 seconds, without a restart. Values are validated',
    'against their type on write (400 with the reason). `PUT /api/admin/settings/<key>/reset` restores the default.',
    '',
    'Types: `integer` (whole number within the range shown), `boolean` (`true`/`false`; `1/0`, `yes/no`, `on/off` are',
    'accepted), `url` (absolute http/https URL, or empty for "not configured"), `csv` (comma-separated list; spaces',
    'around items are trimmed), `json` (valid JSON), `path` (starts with `/`, not `//`), `enum` (one of the listed',
    'values), `string` (any text up to 16 KiB). **Secret** settings are encrypted at rest, never returned by the API',
    '(responses carry `is_set` instead of the value) and never written to the audit log; set an empty value to clear one.',
    '',
  ];
  for (const c of categories) {
    out.push(`## ${c}`, '', '| Key | Type | Default | Secret | Meaning |', '|---|---|---|---|---|');
    for (const d of defs.filter((x) => x.category === c).sort((a, b) => a.key.localeCompare(b.key))) {
      const def = d.default === '' ? '(empty)' : `\`${cell(d.default)}\``;
      out.push(`| \`${d.key}\` | ${cell(typeText(d))} | ${def} | ${d.secret ? 'yes' : 'no'} | ${cell(d.description)} |`);
    }
    out.push('');
  }
  return out.join('\n');
};
