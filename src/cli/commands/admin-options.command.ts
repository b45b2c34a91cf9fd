// cpctl admin versions|node-counts|cpu-counts|disk-sizes|regions …: what users may choose from when they create or
// scale a cluster (/api/admin/{versions,node-counts,cpu-counts,disk-sizes,regions}).
import type { ApiClient } from '../../api-client/client.js';
import { defineCommand, type Command } from '../lib/command.js';
import { UsageError } from '../lib/errors.js';
import { csv, positiveInt } from '../lib/input.js';
import { printList, printResult, when } from '../lib/output.js';

type OptionRow = { value: string; created_at: string; created_by: string };
type Deleted = { in_use_by: string[] };

type OptionList = {
  noun: string;
  what: string;
  example: string;
  parse: (v: string) => string | number;
  list: (c: ApiClient) => Promise<OptionRow[]>;
  add: (c: ApiClient, v: string) => Promise<unknown>;
  remove: (c: ApiClient, v: string) => Promise<Deleted>;
};

const all = async <T>(page: (offset: number) => Promise<{ items: T[]; next_offset: number | null }>) => {
  const out: T[] = [];
  for (let offset: number | null = 0; offset !== null && out.length < 100_000;) {
    const p = await page(offset);
    out.push(...p.items);
    offset = p.next_offset;
  }
  return out;
};

const num = (flag: string) => (v: string) => positiveInt(flag, v);

const LISTS: OptionList[] = [
  {
    noun: 'versions', what: 'CockroachDB versions', example: 'v24.1.3', parse: (v) => v,
    list: (c) => all((offset) => c.GET('/api/admin/versions', { query: { limit: 500, offset } })).then((r) => r.map((x) => ({ ...x, value: x.version }))),
    add: (c, v) => c.POST('/api/admin/versions', { body: { version: v } }),
    remove: (c, v) => c.DELETE('/api/admin/versions/{version}', { path: { version: v } }),
  },
  {
    noun: 'node-counts', what: 'node counts per region', example: '3', parse: num('node count'),
    list: (c) => all((offset) => c.GET('/api/admin/node-counts', { query: { limit: 500, offset } })).then((r) => r.map((x) => ({ ...x, value: String(x.node_count) }))),
    add: (c, v) => c.POST('/api/admin/node-counts', { body: { node_count: positiveInt('node count', v) } }),
    remove: (c, v) => c.DELETE('/api/admin/node-counts/{node_count}', { path: { node_count: positiveInt('node count', v) } }),
  },
  {
    noun: 'cpu-counts', what: 'vCPUs per node', example: '4', parse: num('vCPU count'),
    list: (c) => all((offset) => c.GET('/api/admin/cpu-counts', { query: { limit: 500, offset } })).then((r) => r.map((x) => ({ ...x, value: String(x.cpu_count) }))),
    add: (c, v) => c.POST('/api/admin/cpu-counts', { body: { cpu_count: positiveInt('vCPU count', v) } }),
    remove: (c, v) => c.DELETE('/api/admin/cpu-counts/{cpu_count}', { path: { cpu_count: positiveInt('vCPU count', v) } }),
  },
  {
    noun: 'disk-sizes', what: 'disk sizes per node (GB)', example: '100', parse: num('disk size'),
    list: (c) => all((offset) => c.GET('/api/admin/disk-sizes', { query: { limit: 500, offset } })).then((r) => r.map((x) => ({ ...x, value: String(x.size_gb) }))),
    add: (c, v) => c.POST('/api/admin/disk-sizes', { body: { size_gb: positiveInt('disk size', v) } }),
    remove: (c, v) => c.DELETE('/api/admin/disk-sizes/{size_gb}', { path: { size_gb: positiveInt('disk size', v) } }),
  },
];

const optionListCommands = (l: OptionList): Command[] => [
  defineCommand({
    path: ['admin', l.noun, 'list'],
    summary: `List the ${l.what} users may choose from.`,
    examples: [`cpctl admin ${l.noun} list`, `cpctl admin ${l.noun} list -q`],
    run: async (ctx) => {
      const rows = await l.list(await ctx.client());
      printList(ctx, rows, {
        id: (r) => r.value,
        empty: `No ${l.what}.`,
        columns: [
          { header: l.noun.replace(/s$/, '').replace('-', ' ').toUpperCase(), value: (r) => r.value },
          { header: 'ADDED', value: (r) => when(r.created_at) },
          { header: 'BY', value: (r) => r.created_by },
        ],
      });
    },
  }),
  defineCommand({
    path: ['admin', l.noun, 'add'],
    summary: `Offer another value among the ${l.what}.`,
    args: '<value>',
    arity: [1, 1],
    examples: [`cpctl admin ${l.noun} add ${l.example}`],
    run: async (ctx, { args }) => {
      l.parse(args[0]!);
      const r = await l.add(await ctx.client(), args[0]!);
      printResult(ctx, r, `Added ${args[0]!} to the ${l.what}.`, args[0]);
    },
  }),
  defineCommand({
    path: ['admin', l.noun, 'delete'],
    summary: `Stop offering a value (clusters that use it keep working; they are listed).`,
    args: '<value>',
    arity: [1, 1],
    examples: [`cpctl admin ${l.noun} delete ${l.example}`],
    run: async (ctx, { args }) => {
      l.parse(args[0]!);
      const r = await l.remove(await ctx.client(), args[0]!);
      printResult(ctx, r, `Deleted ${args[0]!} from the ${l.what}.${r.in_use_by.length ? ` Still used by: ${r.in_use_by.join(', ')}.` : ''}`, args[0]);
    },
  }),
];

/** "aws:us-east-1:us-east-1a" or three words. */
const regionKey = (args: string[]) => {
  const parts = args.length === 1 ? args[0]!.split(':') : args;
  if (parts.length !== 3 || parts.some((p) => !p)) throw new UsageError('give the zone as cloud:region:zone or as three arguments');
  return { cloud: parts[0]!, region: parts[1]!, zone: parts[2]! };
};

const regionCommands: Command[] = [
  defineCommand({
    path: ['admin', 'regions', 'list'],
    summary: 'List the regions and zones clusters can be placed in.',
    examples: ['cpctl admin regions list'],
    run: async (ctx) => {
      const c = await ctx.client();
      const rows = await all((offset) => c.GET('/api/admin/regions', { query: { limit: 500, offset } }));
      printList(ctx, rows, {
        id: (r) => `${r.cloud}:${r.region}:${r.zone}`,
        empty: 'No regions.',
        columns: [
          { header: 'CLOUD', value: (r) => r.cloud },
          { header: 'REGION', value: (r) => r.region },
          { header: 'ZONE', value: (r) => r.zone },
          { header: 'VPC', value: (r) => r.vpc_id },
          { header: 'SUBNET', value: (r) => r.subnet },
          { header: 'IMAGE', value: (r) => r.image },
          { header: 'SECURITY GROUPS', value: (r) => r.security_groups },
          { header: 'EXTRAS', value: (r) => (Object.keys(r.extras).length ? r.extras : null) },
        ],
      });
    },
  }),
  defineCommand({
    path: ['admin', 'regions', 'add'],
    summary: 'Add a zone of a region (cloud:region:zone) with its network and image.',
    args: '<cloud:region:zone>',
    arity: [1, 3],
    options: {
      'vpc-id': { type: 'string', placeholder: 'ID', description: 'Network (VPC / VNet) the instances join' },
      subnet: { type: 'string', placeholder: 'ID', description: 'Subnet of the zone' },
      image: { type: 'string', placeholder: 'ID', description: 'Machine image' },
      'security-groups': { type: 'string', placeholder: 'LIST', description: 'Comma-separated security groups' },
      extras: { type: 'string', placeholder: 'JSON', description: 'Extra variables for the playbooks, a JSON object' },
    },
    examples: ['cpctl admin regions add aws:us-east-1:us-east-1a --vpc-id vpc-1 --subnet subnet-a --image ami-1 --security-groups sg-1'],
    run: async (ctx, { values, args }) => {
      const key = regionKey(args);
      let extras: Record<string, unknown> | undefined;
      if (values.extras) {
        try {
          extras = JSON.parse(values.extras) as Record<string, unknown>;
        } catch {
          throw new UsageError('--extras must be a JSON object');
        }
      }
      const r = await (await ctx.client()).POST('/api/admin/regions', {
        body: {
          ...key,
          ...(values['vpc-id'] ? { vpc_id: values['vpc-id'] } : {}),
          ...(values.subnet ? { subnet: values.subnet } : {}),
          ...(values.image ? { image: values.image } : {}),
          ...(values['security-groups'] ? { security_groups: csv(values['security-groups']) } : {}),
          ...(extras ? { extras } : {}),
        },
      });
      printResult(ctx, r, `Added ${key.cloud}:${key.region} zone ${key.zone}.`, `${key.cloud}:${key.region}:${key.zone}`);
    },
  }),
  defineCommand({
    path: ['admin', 'regions', 'delete'],
    summary: 'Delete a zone (clusters placed there keep working; they are listed).',
    args: '<cloud:region:zone>',
    arity: [1, 3],
    examples: ['cpctl admin regions delete aws:us-east-1:us-east-1a'],
    run: async (ctx, { args }) => {
      const key = regionKey(args);
      const r = await (await ctx.client()).DELETE('/api/admin/regions/{cloud}/{region}/{zone}', { path: key });
      printResult(ctx, r, `Deleted ${key.cloud}:${key.region} zone ${key.zone}.${r.in_use_by.length ? ` Still used by: ${r.in_use_by.join(', ')}.` : ''}`, `${key.cloud}:${key.region}:${key.zone}`);
    },
  }),
];

export const optionCommands: Command[] = [...LISTS.flatMap(optionListCommands), ...regionCommands];
