// cpctl admin api-keys|templates|schedules …: API keys over the API (cpctl api-key … works on the database
// instead), database role templates, and cp's internal schedules.
import type { ApiResponse } from '../../api-client/client.js';
import { defineCommand, WAIT_OPTIONS, type Command } from '../lib/command.js';
import { UsageError } from '../lib/errors.js';
import { csv, readTextArg } from '../lib/input.js';
import { printList, printObject, printResult, when } from '../lib/output.js';
import { afterJobStarted } from '../lib/started.js';
import { parseDuration, waitChoice } from '../lib/wait.js';

const ROLES = ['CP_READONLY', 'CP_USER', 'CP_ADMIN'] as const;
type Role = (typeof ROLES)[number];

const apiKeyCommands: Command[] = [
  defineCommand({
    path: ['admin', 'api-keys', 'list'],
    summary: 'List API keys (never their secrets).',
    examples: ['cpctl admin api-keys list'],
    run: async (ctx) => {
      const c = await ctx.client();
      const rows: ApiResponse<'/api/admin/api-keys', 'get'>['api_keys'] = [];
      for (let offset: number | null = 0; offset !== null;) {
        const page: ApiResponse<'/api/admin/api-keys', 'get'> = await c.GET('/api/admin/api-keys', { query: { limit: 500, offset } });
        rows.push(...page.api_keys);
        offset = page.next_offset;
      }
      printList(ctx, rows, {
        id: (k) => k.access_key,
        empty: 'No API keys.',
        columns: [
          { header: 'ACCESS KEY', value: (k) => k.access_key },
          { header: 'ROLES', value: (k) => k.roles },
          { header: 'GROUPS', value: (k) => k.groups },
          { header: 'VALID UNTIL', value: (k) => when(k.valid_until) },
          { header: 'LAST USED', value: (k) => when(k.last_used_at ?? undefined) },
          { header: 'OWNER', value: (k) => k.owner },
          { header: 'DESCRIPTION', value: (k) => k.description },
        ],
      });
    },
  }),
  defineCommand({
    path: ['admin', 'api-keys', 'create'],
    summary: 'Create an API key; its secret is printed once (store it, e.g. with cpctl login).',
    options: {
      roles: { type: 'string', placeholder: 'LIST', description: 'CP_READONLY, CP_USER and/or CP_ADMIN, comma-separated (required)' },
      groups: { type: 'string', placeholder: 'LIST', description: 'Owner groups whose clusters the key can see' },
      'valid-for': { type: 'string', placeholder: 'DURATION', description: 'Lifetime, e.g. 24h or 90d (this or --valid-until)' },
      'valid-until': { type: 'string', placeholder: 'TIME', description: 'Expiry, ISO-8601' },
      description: { type: 'string', placeholder: 'TEXT', description: 'What the key is for' },
    },
    examples: ['cpctl admin api-keys create --roles CP_USER --groups team-a --valid-for 30d --description "CI deploys"', 'cpctl admin api-keys create --roles CP_READONLY --valid-for 1h -o json | jq -r .secret'],
    run: async (ctx, { values }) => {
      const roles = csv(values.roles);
      const bad = roles.filter((r) => !ROLES.includes(r as Role));
      if (!roles.length || bad.length) throw new UsageError(`--roles must list ${ROLES.join(', ')}${bad.length ? ` (not ${bad.join(', ')})` : ''}`);
      if (!values['valid-for'] === !values['valid-until']) throw new UsageError('give exactly one of --valid-for and --valid-until');
      const k = await (await ctx.client()).POST('/api/admin/api-keys', {
        body: {
          roles: roles as Role[],
          groups: csv(values.groups),
          ...(values['valid-for'] ? { valid_for_seconds: parseDuration('--valid-for', values['valid-for']) / 1000 } : { valid_until: values['valid-until'] }),
          ...(values.description ? { description: values.description } : {}),
        },
      });
      printObject(ctx, k, {
        id: (x) => x.access_key,
        table: (x) =>
          [`access_key:  ${x.access_key}`, `secret:      ${x.secret}`, `roles:       ${x.roles.join(',')}`, `groups:      ${x.groups.join(',') || '-'}`, `valid_until: ${x.valid_until}`, 'The secret is shown only now.'].join('\n'),
      });
    },
  }),
  defineCommand({
    path: ['admin', 'api-keys', 'delete'],
    summary: 'Delete an API key (requests signed with it fail at once).',
    args: '<access_key>',
    arity: [1, 1],
    examples: ['cpctl admin api-keys delete cp-AbC…'],
    run: async (ctx, { args }) => {
      await (await ctx.client()).DELETE('/api/admin/api-keys/{access_key}', { path: { access_key: args[0]! } });
      printResult(ctx, { deleted: args[0]! }, `Deleted API key ${args[0]!}.`, args[0]);
    },
  }),
];

const templateCommands: Command[] = [
  defineCommand({
    path: ['admin', 'templates', 'list'],
    summary: 'List the database role templates.',
    examples: ['cpctl admin templates list'],
    run: async (ctx) => {
      const r = await (await ctx.client()).GET('/api/admin/database-role-templates', { query: { limit: 500 } });
      printList(ctx, r.items, {
        id: (t) => t.name,
        empty: 'No role templates.',
        columns: [
          { header: 'NAME', value: (t) => t.name },
          { header: 'SCOPE', value: (t) => t.scope_type },
          { header: 'SQL', value: (t) => t.sql_statement },
          { header: 'DESCRIPTION', value: (t) => t.description },
        ],
      });
    },
  }),
  defineCommand({
    path: ['admin', 'templates', 'create'],
    summary: 'Create a database role template: SQL with {database_role}, {database_name} and {schema_name} placeholders.',
    args: '<name>',
    arity: [1, 1],
    options: {
      scope: { type: 'string', placeholder: 'SCOPE', choices: ['database', 'schema'], description: 'database: one role per database; schema: one per schema (default)' },
      sql: { type: 'string', placeholder: 'SQL', description: 'The statements (default: CREATE ROLE IF NOT EXISTS {database_role};)' },
      'sql-file': { type: 'string', placeholder: 'FILE', description: 'Read the statements from a file ("-": stdin)' },
      description: { type: 'string', placeholder: 'TEXT', description: 'What the role may do' },
    },
    examples: ['cpctl admin templates create reader --scope schema --sql "GRANT SELECT ON ALL TABLES IN SCHEMA {schema_name} TO {database_role};"'],
    run: async (ctx, { values, args }) => {
      if (values.sql && values['sql-file']) throw new UsageError('give --sql or --sql-file, not both');
      const sql = values['sql-file'] ? await readTextArg('--sql-file', values['sql-file']) : values.sql;
      const t = await (await ctx.client()).POST('/api/admin/database-role-templates', {
        body: {
          name: args[0]!,
          ...(values.scope ? { scope_type: values.scope as 'database' | 'schema' } : {}),
          ...(sql ? { sql_statement: sql } : {}),
          ...(values.description ? { description: values.description } : {}),
        },
      });
      printResult(ctx, t, `Created role template ${t.name}.`, t.name);
    },
  }),
  defineCommand({
    path: ['admin', 'templates', 'delete'],
    summary: 'Delete a role template (refused while a database uses it).',
    args: '<name>',
    arity: [1, 1],
    examples: ['cpctl admin templates delete reader'],
    run: async (ctx, { args }) => {
      const r = await (await ctx.client()).DELETE('/api/admin/database-role-templates/{name}', { path: { name: args[0]! } });
      printResult(ctx, r, `Deleted role template ${args[0]!}.`, args[0]);
    },
  }),
];

const scheduleCommands: Command[] = [
  defineCommand({
    path: ['admin', 'schedules', 'list'],
    summary: 'List cp\'s internal schedules (retention sweep, cluster health checks): period, next and last run.',
    examples: ['cpctl admin schedules list'],
    run: async (ctx) => {
      const r = await (await ctx.client()).GET('/api/admin/schedules');
      printList(ctx, r.items, {
        id: (s) => s.name,
        columns: [
          { header: 'NAME', value: (s) => s.name },
          { header: 'KIND', value: (s) => s.kind },
          { header: 'EVERY', value: (s) => `${s.interval_seconds} s` },
          { header: 'ENABLED', value: (s) => (s.enabled ? 'yes' : 'no') },
          { header: 'NEXT RUN', value: (s) => when(s.next_run_at) },
          { header: 'LAST RUN', value: (s) => when(s.last_run_at ?? undefined) },
          { header: 'LAST JOB', value: (s) => s.last_job_id },
        ],
      });
    },
  }),
  defineCommand({
    path: ['admin', 'schedules', 'set'],
    summary: 'Change a schedule\'s period, or pause / resume it.',
    args: '<name>',
    arity: [1, 1],
    options: {
      every: { type: 'string', placeholder: 'DURATION', description: 'New period, e.g. 30m (restarts the period from now)' },
      enable: { type: 'boolean', description: 'Resume the schedule' },
      disable: { type: 'boolean', description: 'Pause the schedule' },
    },
    examples: ['cpctl admin schedules set retention-sweeper --every 6h', 'cpctl admin schedules set cluster-healthcheck --disable'],
    run: async (ctx, { values, args }) => {
      if (values.enable && values.disable) throw new UsageError('give --enable or --disable, not both');
      if (!values.every && !values.enable && !values.disable) throw new UsageError('schedules set needs --every, --enable or --disable');
      const s = await (await ctx.client()).PATCH('/api/admin/schedules/{name}', {
        path: { name: args[0]! },
        body: {
          ...(values.every ? { interval_seconds: parseDuration('--every', values.every) / 1000 } : {}),
          ...(values.enable || values.disable ? { enabled: values.enable === true } : {}),
        },
      });
      printResult(ctx, s, `${s.name}: every ${s.interval_seconds} s, ${s.enabled ? 'enabled' : 'paused'}, next run ${when(s.next_run_at)}.`, s.name);
    },
  }),
  defineCommand({
    path: ['admin', 'schedules', 'run'],
    summary: 'Run a schedule\'s job now (the period is not shifted).',
    args: '<name>',
    arity: [1, 1],
    options: { ...WAIT_OPTIONS },
    examples: ['cpctl admin schedules run retention-sweeper --wait'],
    run: async (ctx, { values, args }) => {
      const choice = waitChoice(values);
      const r = await (await ctx.client()).POST('/api/admin/schedules/{name}/run', { path: { name: args[0]! } });
      return afterJobStarted(ctx, r, `Running schedule ${args[0]!}`, choice);
    },
  }),
];

export const accessCommands: Command[] = [...apiKeyCommands, ...templateCommands, ...scheduleCommands];
