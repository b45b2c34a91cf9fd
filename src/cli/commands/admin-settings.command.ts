// cpctl admin settings …: cp's runtime settings (/api/admin/settings), docs/SETTINGS.md lists every key.
import type { ApiBody, ApiResponse } from '../../api-client/client.js';
import { defineCommand, type Command } from '../lib/command.js';
import { UsageError } from '../lib/errors.js';
import { readStdin } from '../lib/input.js';
import { printList, printObject, when } from '../lib/output.js';

type Setting = ApiResponse<'/api/admin/settings/{key}', 'get'>;
type SettingValue = ApiBody<'/api/admin/settings/{key}', 'patch'>['value'];

const shown = (s: Setting) => (s.is_secret ? (s.is_set ? '(secret, set)' : '(secret, not set)') : s.value);

const fields: [string, (s: Setting) => unknown][] = [
  ['key', (s) => s.key],
  ['value', shown],
  ['default', (s) => (s.is_secret ? '-' : s.default_value)],
  ['type', (s) => (s.enum_values ? `${s.type} (${s.enum_values.join(', ')})` : s.type)],
  ['range', (s) => (s.min !== null || s.max !== null ? `${s.min ?? ''}..${s.max ?? ''}` : null)],
  ['category', (s) => s.category],
  ['description', (s) => s.description],
  ['updated', (s) => (s.is_set ? `${when(s.updated_at)} by ${s.updated_by}` : '(default)')],
];

/** The text of the command line as the natural JSON type of the setting (what PATCH expects). */
export const settingValue = (s: Pick<Setting, 'key' | 'type'>, raw: string): SettingValue => {
  switch (s.type) {
    case 'integer': {
      if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`${s.key} is an integer setting (got "${raw}")`);
      return Number(raw);
    }
    case 'boolean':
      if (!['true', 'false'].includes(raw.trim())) throw new UsageError(`${s.key} is true or false (got "${raw}")`);
      return raw.trim() === 'true';
    case 'csv':
      return raw.split(',').map((x) => x.trim()).filter(Boolean);
    case 'json':
      try {
        return JSON.parse(raw) as SettingValue;
      } catch {
        throw new UsageError(`${s.key} takes a JSON object (got "${raw}")`);
      }
    default:
      return raw;
  }
};

export const settingsCommands: Command[] = [
  defineCommand({
    path: ['admin', 'settings', 'list'],
    summary: 'List the settings with their effective values (secrets are never shown).',
    options: { category: { type: 'string', placeholder: 'NAME', description: 'Only this category, e.g. oidc' } },
    examples: ['cpctl admin settings list', 'cpctl admin settings list --category retention -o yaml'],
    run: async (ctx, { values }) => {
      const r = await (await ctx.client()).GET('/api/admin/settings');
      const rows = r.categories.filter((c) => !values.category || c.category === values.category).flatMap((c) => c.settings);
      printList(ctx, rows, {
        id: (s) => s.key,
        columns: [
          { header: 'KEY', value: (s) => s.key },
          { header: 'VALUE', value: shown },
          { header: 'SET', value: (s) => (s.is_set ? 'yes' : '') },
          { header: 'TYPE', value: (s) => s.type },
          { header: 'DESCRIPTION', value: (s) => s.description },
        ],
      });
    },
  }),
  defineCommand({
    path: ['admin', 'settings', 'get'],
    summary: 'Show one setting: value, default, type, allowed range and who changed it.',
    args: '<key>',
    arity: [1, 1],
    examples: ['cpctl admin settings get retention.jobs_days'],
    run: async (ctx, { args }) => {
      const s = await (await ctx.client()).GET('/api/admin/settings/{key}', { path: { key: args[0]! } });
      printObject(ctx, s, { id: (x) => x.key, fields });
    },
  }),
  defineCommand({
    path: ['admin', 'settings', 'set'],
    summary: 'Change a setting. The value is converted to the setting\'s type (integer, boolean, csv list, JSON object); "-" reads it from stdin (for secrets).',
    args: '<key> <value|->',
    arity: [2, 2],
    examples: ['cpctl admin settings set retention.jobs_days 30', 'printf %s "$CLIENT_SECRET" | cpctl admin settings set oidc.client_secret -'],
    run: async (ctx, { args }) => {
      const client = await ctx.client();
      const [key, given] = args as [string, string];
      const raw = given === '-' ? (await readStdin()).replace(/\r?\n$/, '') : given;
      const current = await client.GET('/api/admin/settings/{key}', { path: { key } });
      const s = await client.PATCH('/api/admin/settings/{key}', { path: { key }, body: { value: settingValue(current, raw) } });
      printObject(ctx, s, { id: (x) => x.key, table: (x) => `${x.key} = ${String(shown(x))}` });
    },
  }),
  defineCommand({
    path: ['admin', 'settings', 'reset'],
    summary: 'Reset a setting to its default.',
    args: '<key>',
    arity: [1, 1],
    examples: ['cpctl admin settings reset retention.jobs_days'],
    run: async (ctx, { args }) => {
      const s = await (await ctx.client()).PUT('/api/admin/settings/{key}/reset', { path: { key: args[0]! } });
      printObject(ctx, s, { id: (x) => x.key, table: (x) => `${x.key} reset to its default (${String(shown(x))})` });
    },
  }),
];
