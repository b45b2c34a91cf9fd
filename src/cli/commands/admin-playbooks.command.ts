// cpctl admin playbooks …: the Ansible playbooks cp runs (/api/admin/playbooks): versions, content, the default.
import type { ApiResponse } from '../../api-client/client.js';
import { defineCommand, type Command } from '../lib/command.js';
import { UsageError } from '../lib/errors.js';
import { positiveInt, readTextArg } from '../lib/input.js';
import { printList, printObject, printResult, when } from '../lib/output.js';

type PlaybookName = ApiResponse<'/api/admin/playbooks', 'get'>['items'][number]['name'];

export const PLAYBOOK_NAMES: readonly PlaybookName[] = [
  'CREATE_CLUSTER', 'DELETE_CLUSTER', 'SCALE_CLUSTER_IN', 'SCALE_CLUSTER_OUT', 'SCALE_DISK_SIZE', 'SCALE_NODE_CPUS', 'UPGRADE_CLUSTER', 'HEALTHCHECK_CLUSTER',
];

const playbookName = (v: string): PlaybookName => {
  const n = v.toUpperCase() as PlaybookName;
  if (!PLAYBOOK_NAMES.includes(n)) throw new UsageError(`unknown playbook "${v}"; one of ${PLAYBOOK_NAMES.join(', ')}`);
  return n;
};

export const playbookCommands: Command[] = [
  defineCommand({
    path: ['admin', 'playbooks', 'list'],
    summary: 'List the playbooks with their number of versions and the default one.',
    examples: ['cpctl admin playbooks list'],
    run: async (ctx) => {
      const r = await (await ctx.client()).GET('/api/admin/playbooks');
      printList(ctx, r.items, {
        id: (p) => p.name,
        columns: [
          { header: 'PLAYBOOK', value: (p) => p.name },
          { header: 'VERSIONS', value: (p) => p.versions },
          { header: 'LATEST', value: (p) => p.latest_version },
          { header: 'DEFAULT', value: (p) => p.default_version },
        ],
      });
    },
  }),
  defineCommand({
    path: ['admin', 'playbooks', 'versions'],
    summary: 'List the versions of one playbook, newest first.',
    args: '<playbook>',
    arity: [1, 1],
    examples: ['cpctl admin playbooks versions CREATE_CLUSTER'],
    run: async (ctx, { args }) => {
      const r = await (await ctx.client()).GET('/api/admin/playbooks/{name}/versions', { path: { name: playbookName(args[0]!) }, query: { limit: 500 } });
      printList(ctx, r.items, {
        id: (v) => String(v.version),
        columns: [
          { header: 'VERSION', value: (v) => `${v.version}${v.version === r.default_version ? ' (default)' : ''}` },
          { header: 'CREATED', value: (v) => when(v.created_at) },
          { header: 'BY', value: (v) => v.created_by },
          { header: 'SHA256', value: (v) => v.content_sha256.slice(0, 12) },
          { header: 'COMMENT', value: (v) => v.comment },
        ],
      });
    },
  }),
  defineCommand({
    path: ['admin', 'playbooks', 'show'],
    summary: 'Print a playbook version\'s YAML (the default version unless --version).',
    args: '<playbook>',
    arity: [1, 1],
    options: { version: { type: 'string', placeholder: 'N', description: 'This version instead of the default' } },
    examples: ['cpctl admin playbooks show CREATE_CLUSTER > create.yml', 'cpctl admin playbooks show CREATE_CLUSTER --version 2'],
    run: async (ctx, { values, args }) => {
      const client = await ctx.client();
      const name = playbookName(args[0]!);
      const v = values.version
        ? await client.GET('/api/admin/playbooks/{name}/versions/{version}', { path: { name, version: positiveInt('--version', values.version) } })
        : await client.GET('/api/admin/playbooks/{name}/default', { path: { name } });
      printObject(ctx, v, { id: (x) => String(x.version), table: (x) => x.content.trimEnd() });
    },
  }),
  defineCommand({
    path: ['admin', 'playbooks', 'add'],
    summary: 'Save a new version of a playbook from a YAML file (checked; it becomes the default only with set-default or --default).',
    args: '<playbook>',
    arity: [1, 1],
    options: {
      file: { type: 'string', short: 'f', placeholder: 'FILE', description: 'The playbook YAML ("-": stdin; required)' },
      comment: { type: 'string', placeholder: 'TEXT', description: 'What changed' },
      default: { type: 'boolean', description: 'Make the new version the default at once' },
    },
    examples: ['cpctl admin playbooks add CREATE_CLUSTER -f create.yml --comment "faster disks" --default'],
    run: async (ctx, { values, args }) => {
      const name = playbookName(args[0]!);
      if (!values.file) throw new UsageError('playbooks add needs --file');
      const content = await readTextArg('--file', values.file);
      const client = await ctx.client();
      const v = await client.POST('/api/admin/playbooks/{name}/versions', { path: { name }, body: { content, ...(values.comment ? { comment: values.comment } : {}) } });
      if (values.default) await client.PUT('/api/admin/playbooks/{name}/default', { path: { name }, body: { version: v.version } });
      printResult(ctx, v, `Saved ${name} version ${v.version}${values.default ? ' (now the default)' : ''}.`, String(v.version));
    },
  }),
  defineCommand({
    path: ['admin', 'playbooks', 'set-default'],
    summary: 'Make a version the one jobs run from now on.',
    args: '<playbook> <version>',
    arity: [2, 2],
    examples: ['cpctl admin playbooks set-default CREATE_CLUSTER 3'],
    run: async (ctx, { args }) => {
      const name = playbookName(args[0]!);
      const r = await (await ctx.client()).PUT('/api/admin/playbooks/{name}/default', { path: { name }, body: { version: positiveInt('version', args[1]!) } });
      printResult(ctx, r, `${name} now runs version ${args[1]!}.`, args[1]);
    },
  }),
  defineCommand({
    path: ['admin', 'playbooks', 'delete'],
    summary: 'Delete a playbook version (not the default one).',
    args: '<playbook> <version>',
    arity: [2, 2],
    examples: ['cpctl admin playbooks delete CREATE_CLUSTER 2'],
    run: async (ctx, { args }) => {
      const name = playbookName(args[0]!);
      const r = await (await ctx.client()).DELETE('/api/admin/playbooks/{name}/versions/{version}', { path: { name, version: positiveInt('version', args[1]!) } });
      printResult(ctx, r, `Deleted ${name} version ${args[1]!}.`, args[1]);
    },
  }),
];
