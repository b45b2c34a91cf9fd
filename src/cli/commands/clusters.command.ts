// cpctl clusters …: the cluster lifecycle (/api/clusters), the live overview and SQL connection details.
import type { ApiResponse } from '../../api-client/client.js';
import { defineCommand, WAIT_OPTIONS, type Command } from '../lib/command.js';
import type { Context } from '../lib/context.js';
import { UsageError } from '../lib/errors.js';
import { cell, printList, printObject, renderTable, serialise, when, type Column } from '../lib/output.js';
import { afterJobStarted } from '../lib/started.js';
import { waitChoice } from '../lib/wait.js';
import { confirm, csv, positiveInt } from '../lib/input.js';

type Cluster = ApiResponse<'/api/clusters/{cluster_id}', 'get'>;
type ClusterRow = ApiResponse<'/api/clusters', 'get'>['items'][number];
type DryRun = Extract<ApiResponse<'/api/clusters/{cluster_id}/scale', 'post'>, { dry_run: true }>;
type Started = { job_id: string; cluster_id: string; operation: string };

const COLUMNS: Column<ClusterRow>[] = [
  { header: 'NAME', value: (c) => c.cluster_id },
  { header: 'STATUS', value: (c) => c.status },
  { header: 'VERSION', value: (c) => c.version },
  { header: 'NODES', value: (c) => `${c.total_nodes} (${c.node_count}/region)` },
  { header: 'VCPUS', value: (c) => c.total_vcpus },
  { header: 'DISK', value: (c) => `${c.disk_size} GB` },
  { header: 'REGIONS', value: (c) => c.regions },
  { header: 'GROUP', value: (c) => c.grp },
  { header: 'CREATED', value: (c) => when(c.created_at) },
];

const clusterTable = (c: Cluster): string => {
  const fields: [string, unknown][] = [
    ['name', c.cluster_id],
    ['status', c.status_reason ? `${c.status} (${c.status_reason})` : c.status],
    ['version', c.previous_version ? `${c.version} (from ${c.previous_version}${c.upgrade_finalized ? '' : ', not finalized'})` : c.version],
    ['group', c.grp],
    ['nodes', `${c.total_nodes} = ${c.node_count} per region × ${c.regions_count} region(s)`],
    ['node size', `${c.node_cpus} vCPU, ${c.disk_size} GB disk`],
    ['regions', c.regions],
    ['operations', c.allowed_operations],
    ['health checked', when(c.health_checked_at)],
    ['created', `${when(c.created_at)} by ${c.created_by}`],
    ['updated', `${when(c.updated_at)} by ${c.updated_by}`],
  ];
  const w = Math.max(...fields.map(([k]) => k.length));
  const lines = fields.map(([k, v]) => `${`${k}:`.padEnd(w + 1)}  ${cell(v)}`);
  for (const r of c.cluster_inventory) lines.push(`${'nodes in'.padEnd(w + 1)}  ${r.cloud}:${r.region}: ${r.nodes.join(', ')}`);
  for (const lb of c.lbs_inventory) lines.push(`${'endpoint:'.padEnd(w + 1)}  ${lb.cloud}:${lb.region}: ${lb.dns_address}`);
  return lines.join('\n');
};

const printDryRun = (ctx: Context, plan: DryRun) => {
  if (ctx.quiet) return;
  if (ctx.format !== 'table') return ctx.out(serialise(ctx, plan));
  ctx.out(`Dry run of ${plan.operation} on ${plan.cluster_id}: nothing was started.`);
  if (plan.checks.length) ctx.out(`\nChecks:\n${renderTable(plan.checks, [{ header: 'CHECK', value: (c) => c.check }, { header: 'OK', value: (c) => (c.ok ? 'yes' : 'no') }, { header: 'DETAIL', value: (c) => c.detail }])}`);
  if (plan.steps.length) ctx.out(`\nSteps:\n${renderTable(plan.steps, [{ header: 'STEP', value: (s) => s.step }, { header: 'PLAYBOOK', value: (s) => `${s.playbook} v${s.playbook_version}` }, { header: 'WHAT', value: (s) => s.description }])}`);
};

/** A dry run's plan, or the started job (followed with --wait). */
const startedOrPlan = async (ctx: Context, r: DryRun | Started, what: string, choice: ReturnType<typeof waitChoice>) => {
  if ('dry_run' in r) return printDryRun(ctx, r);
  return afterJobStarted(ctx, r, what, choice);
};

const NAME = '<cluster_id>';
const dryRun = { 'dry-run': { type: 'boolean', description: 'Validate and show the plan (steps, playbooks, checks) without starting anything' } } as const;

export const clusterCommands: Command[] = [
  defineCommand({
    path: ['clusters', 'list'],
    summary: 'List the clusters you can see (newest first).',
    options: {
      status: { type: 'string', placeholder: 'STATUS', description: 'Only clusters in this status, e.g. ACTIVE' },
      group: { type: 'string', placeholder: 'GROUP', description: 'Only clusters owned by this group' },
      'name-prefix': { type: 'string', placeholder: 'PREFIX', description: 'Only names starting with this' },
      limit: { type: 'string', placeholder: 'N', description: 'At most N clusters (default: all)' },
    },
    examples: ['cpctl clusters list', 'cpctl clusters list --status ACTIVE -o json | jq -r ".[].cluster_id"', 'cpctl clusters list -q'],
    run: async (ctx, { values }) => {
      const limit = values.limit ? positiveInt('--limit', values.limit) : Infinity;
      const client = await ctx.client();
      const rows: ClusterRow[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.GET('/api/clusters', {
          query: {
            ...(values.status ? { status: values.status as ClusterRow['status'] } : {}),
            ...(values.group ? { grp: values.group } : {}),
            ...(values['name-prefix'] ? { name_prefix: values['name-prefix'] } : {}),
            limit: Math.min(500, limit === Infinity ? 500 : limit - rows.length),
            ...(cursor ? { cursor } : {}),
          },
        });
        rows.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && rows.length < limit);
      printList(ctx, rows.slice(0, limit), { columns: COLUMNS, id: (c) => c.cluster_id, empty: 'No clusters.' });
    },
  }),
  defineCommand({
    path: ['clusters', 'get'],
    summary: 'Show one cluster: status, size, regions, nodes and endpoints.',
    args: NAME,
    arity: [1, 1],
    examples: ['cpctl clusters get orders-prod', 'cpctl clusters get orders-prod -o yaml'],
    run: async (ctx, { args }) => {
      const c = await (await ctx.client()).GET('/api/clusters/{cluster_id}', { path: { cluster_id: args[0]! } });
      printObject(ctx, c, { id: (x) => x.cluster_id, table: clusterTable });
    },
  }),
  defineCommand({
    path: ['clusters', 'create'],
    summary: 'Create a cluster (starts a CREATE_CLUSTER job). Sizes and versions must be among the admin options (cpctl admin versions list, …).',
    args: '<name>',
    arity: [1, 1],
    options: {
      'node-count': { type: 'string', placeholder: 'N', description: 'Nodes per region (required; at least 3 in all)' },
      cpus: { type: 'string', placeholder: 'N', description: 'vCPUs per node (required)' },
      disk: { type: 'string', placeholder: 'GB', description: 'Data disk per node in GB (required)' },
      regions: { type: 'string', placeholder: 'LIST', description: 'Comma-separated cloud:region list (required), e.g. aws:us-east-1,aws:eu-west-1' },
      version: { type: 'string', placeholder: 'V', description: 'CockroachDB version, e.g. v24.1.3 (required)' },
      group: { type: 'string', placeholder: 'GROUP', description: 'Owner group (required; one of your groups)' },
      ...WAIT_OPTIONS,
    },
    examples: [
      'cpctl clusters create orders-prod --node-count 3 --cpus 4 --disk 100 --regions aws:us-east-1 --version v24.1.3 --group team-a --wait',
    ],
    run: async (ctx, { values, args }) => {
      const choice = waitChoice(values);
      const missing = (['node-count', 'cpus', 'disk', 'regions', 'version', 'group'] as const).filter((k) => !values[k]);
      if (missing.length) throw new UsageError(`clusters create needs ${missing.map((m) => `--${m}`).join(', ')}`);
      const r = await (await ctx.client()).POST('/api/clusters', {
        body: {
          name: args[0]!,
          node_count: positiveInt('--node-count', values['node-count']!),
          node_cpus: positiveInt('--cpus', values.cpus!),
          disk_size: positiveInt('--disk', values.disk!),
          regions: csv(values.regions),
          version: values.version!,
          group: values.group!,
        },
      });
      return afterJobStarted(ctx, r, `Creating cluster ${r.cluster_id}`, choice);
    },
  }),
  defineCommand({
    path: ['clusters', 'scale'],
    summary: 'Change node count, vCPUs, disk size or regions (starts a scale job). Values not given stay as they are.',
    args: NAME,
    arity: [1, 1],
    options: {
      'node-count': { type: 'string', placeholder: 'N', description: 'Nodes per region wanted' },
      cpus: { type: 'string', placeholder: 'N', description: 'vCPUs per node wanted' },
      disk: { type: 'string', placeholder: 'GB', description: 'Disk per node in GB wanted (never smaller)' },
      regions: { type: 'string', placeholder: 'LIST', description: 'All regions wanted (cloud:region,…): added ones scale out, missing ones scale in' },
      ...dryRun,
      ...WAIT_OPTIONS,
    },
    examples: ['cpctl clusters scale orders-prod --node-count 5 --dry-run', 'cpctl clusters scale orders-prod --disk 200 --wait'],
    run: async (ctx, { values, args }) => {
      const choice = waitChoice(values);
      if (!values['node-count'] && !values.cpus && !values.disk && !values.regions) throw new UsageError('clusters scale needs at least one of --node-count, --cpus, --disk, --regions');
      const client = await ctx.client();
      const id = args[0]!;
      const c = await client.GET('/api/clusters/{cluster_id}', { path: { cluster_id: id } });
      const r = await client.POST('/api/clusters/{cluster_id}/scale', {
        path: { cluster_id: id },
        query: { dry_run: values['dry-run'] ? 'true' : 'false' },
        body: {
          node_count: values['node-count'] ? positiveInt('--node-count', values['node-count']) : c.node_count,
          node_cpus: values.cpus ? positiveInt('--cpus', values.cpus) : c.node_cpus,
          disk_size: values.disk ? positiveInt('--disk', values.disk) : c.disk_size,
          regions: values.regions ? csv(values.regions) : c.regions,
        },
      });
      return startedOrPlan(ctx, r, `Scaling cluster ${id}`, choice);
    },
  }),
  defineCommand({
    path: ['clusters', 'upgrade'],
    summary: 'Upgrade CockroachDB (starts an UPGRADE_CLUSTER job); "cpctl clusters options <cluster_id>" lists the targets.',
    args: NAME,
    arity: [1, 1],
    options: {
      version: { type: 'string', placeholder: 'V', description: 'Target version (required)' },
      'auto-finalize': { type: 'boolean', description: 'Finalize a major upgrade at once (no way back); default: finalize later' },
      ...dryRun,
      ...WAIT_OPTIONS,
    },
    examples: ['cpctl clusters upgrade orders-prod --version v24.2.0 --dry-run', 'cpctl clusters upgrade orders-prod --version v24.2.0 --wait'],
    run: async (ctx, { values, args }) => {
      const choice = waitChoice(values);
      if (!values.version) throw new UsageError('clusters upgrade needs --version');
      const r = await (await ctx.client()).POST('/api/clusters/{cluster_id}/upgrade', {
        path: { cluster_id: args[0]! },
        query: { dry_run: values['dry-run'] ? 'true' : 'false' },
        body: { version: values.version, auto_finalize: values['auto-finalize'] === true },
      });
      return startedOrPlan(ctx, r, `Upgrading cluster ${args[0]!} to ${values.version}`, choice);
    },
  }),
  defineCommand({
    path: ['clusters', 'finalize'],
    summary: 'Finalize a major upgrade (starts a FINALIZE_UPGRADE job; afterwards there is no way back).',
    args: NAME,
    arity: [1, 1],
    options: { ...WAIT_OPTIONS },
    examples: ['cpctl clusters finalize orders-prod --wait'],
    run: async (ctx, { values, args }) => {
      const choice = waitChoice(values);
      const r = await (await ctx.client()).POST('/api/clusters/{cluster_id}/finalize', { path: { cluster_id: args[0]! } });
      return afterJobStarted(ctx, r, `Finalizing the upgrade of ${args[0]!}`, choice);
    },
  }),
  defineCommand({
    path: ['clusters', 'delete'],
    summary: 'Delete a cluster and its machines (starts a DELETE_CLUSTER job). On a terminal, asks for the name unless --yes.',
    args: NAME,
    arity: [1, 1],
    options: { yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation' }, ...dryRun, ...WAIT_OPTIONS },
    examples: ['cpctl clusters delete orders-dev --dry-run', 'cpctl clusters delete orders-dev --yes --wait'],
    run: async (ctx, { values, args }) => {
      const choice = waitChoice(values);
      const id = args[0]!;
      if (!values['dry-run'] && !values.yes) await confirm(`Delete cluster ${id} and all its data? Type its name to confirm: `, id);
      const r = await (await ctx.client()).DELETE('/api/clusters/{cluster_id}', {
        path: { cluster_id: id },
        query: { dry_run: values['dry-run'] ? 'true' : 'false' },
      });
      return startedOrPlan(ctx, r, `Deleting cluster ${id}`, choice);
    },
  }),
  defineCommand({
    path: ['clusters', 'overview'],
    summary: 'Ask the cluster itself: version, finalization, every node (liveness, ranges, capacity) and whether it is safe to operate.',
    args: NAME,
    arity: [1, 1],
    examples: ['cpctl clusters overview orders-prod', 'cpctl clusters overview orders-prod -o json | jq .safe_to_operate'],
    run: async (ctx, { args }) => {
      const o = await (await ctx.client()).GET('/api/clusters/{cluster_id}/overview', { path: { cluster_id: args[0]! } });
      const gb = (b: number) => `${(b / 1e9).toFixed(1)} GB`;
      printObject(ctx, o, {
        id: (x) => x.cluster_id,
        table: (x) =>
          [
            `cluster:        ${x.cluster_id} (${x.status}), asked ${x.connected_via ?? '-'} at ${when(x.checked_at)}`,
            `version:        ${x.cluster_version}${x.awaiting_finalization ? ' (awaiting finalization)' : ''}${x.preserve_downgrade_option ? `, preserve_downgrade_option ${x.preserve_downgrade_option}` : ''}`,
            `nodes:          ${x.totals.live_nodes}/${x.totals.nodes} live; ranges ${x.totals.ranges} (${x.totals.ranges_underreplicated} under-replicated, ${x.totals.ranges_unavailable} unavailable)`,
            `capacity:       ${gb(x.totals.used_bytes)} used of ${gb(x.totals.capacity_bytes)}`,
            `safe to operate: ${x.safe_to_operate ? 'yes' : `no: ${x.reasons.join('; ')}`}`,
            '',
            renderTable(x.nodes, [
              { header: 'ID', value: (n) => n.node_id },
              { header: 'ADDRESS', value: (n) => n.address },
              { header: 'LOCALITY', value: (n) => n.locality },
              { header: 'LIVE', value: (n) => (n.is_live ? (n.draining ? 'draining' : 'yes') : 'NO') },
              { header: 'BUILD', value: (n) => n.build_tag },
              { header: 'RANGES', value: (n) => n.ranges },
              { header: 'USED', value: (n) => gb(n.used_bytes) },
            ]),
          ].join('\n'),
      });
    },
  }),
  defineCommand({
    path: ['clusters', 'connection'],
    summary: 'How to connect with SQL: host and port per region, the admin user, the CA and ready commands (never a password). --reset-password sets a new admin password and prints it once.',
    args: NAME,
    arity: [1, 1],
    options: { 'reset-password': { type: 'boolean', description: 'Set a new random password for the admin SQL user and print it (once; the old one stops working)' } },
    examples: ['cpctl clusters connection orders-prod', 'cpctl clusters connection orders-prod --reset-password -o json | jq -r .password'],
    run: async (ctx, { values, args }) => {
      const client = await ctx.client();
      const id = args[0]!;
      if (values['reset-password']) {
        const r = await client.POST('/api/clusters/{cluster_id}/connection/password', { path: { cluster_id: id } });
        return printObject(ctx, r, {
          id: (x) => x.password,
          table: (x) => `New password of ${x.username} on ${x.cluster_id} (shown only now):\n${x.password}`,
        });
      }
      const c = await client.GET('/api/clusters/{cluster_id}/connection', { path: { cluster_id: id } });
      printObject(ctx, c, {
        id: (x) => x.cluster_id,
        table: (x) =>
          [
            `cluster: ${x.cluster_id}   user: ${x.username}   database: ${x.database}   tls: ${x.tls ? 'yes' : 'no'}`,
            '',
            renderTable(x.regions, [
              { header: 'REGION', value: (r) => `${r.cloud}:${r.region}` },
              { header: 'VIA', value: (r) => r.via },
              { header: 'ADDRESS', value: (r) => r.address },
            ]),
            ...x.regions.flatMap((r) => [r.cockroach_sql && `\n# ${r.cloud}:${r.region}\n${r.cockroach_sql}`, r.psql].filter((s): s is string => Boolean(s))),
            ...(x.ca_cert ? ['', 'CA certificate (save as ca.crt):', x.ca_cert.trimEnd()] : []),
          ].join('\n'),
      });
    },
  }),
  defineCommand({
    path: ['clusters', 'jobs'],
    summary: 'The jobs of one cluster, newest first.',
    args: NAME,
    arity: [1, 1],
    options: { limit: { type: 'string', placeholder: 'N', description: 'At most N jobs (default 50)' } },
    examples: ['cpctl clusters jobs orders-prod'],
    run: async (ctx, { values, args }) => {
      const r = await (await ctx.client()).GET('/api/clusters/{cluster_id}/jobs', {
        path: { cluster_id: args[0]! },
        query: { limit: values.limit ? positiveInt('--limit', values.limit) : 50 },
      });
      printList(ctx, r.items, {
        id: (j) => j.job_id,
        empty: 'No jobs.',
        columns: [
          { header: 'JOB', value: (j) => j.job_id },
          { header: 'KIND', value: (j) => j.kind },
          { header: 'STATUS', value: (j) => j.status },
          { header: 'CREATED', value: (j) => when(j.created_at) },
          { header: 'BY', value: (j) => j.created_by },
          { header: 'ERROR', value: (j) => j.error },
        ],
      });
    },
  }),
  defineCommand({
    path: ['clusters', 'options'],
    summary: 'What you may choose: for a new cluster (no argument) versions, sizes and regions; for a cluster its scale values, upgrade targets and allowed operations.',
    args: '[cluster_id]',
    arity: [0, 1],
    examples: ['cpctl clusters options', 'cpctl clusters options orders-prod -o json | jq .upgrade_versions'],
    run: async (ctx, { args }) => {
      const client = await ctx.client();
      if (!args[0]) {
        const o = await client.GET('/api/clusters/options');
        return printObject(ctx, o, {
          id: () => '',
          fields: [['versions', (x) => x.versions], ['node counts', (x) => x.node_counts], ['vCPUs', (x) => x.cpu_counts], ['disk sizes (GB)', (x) => x.disk_sizes], ['regions', (x) => x.regions.map((r) => `${r.region_id} (${r.zones} zones)`)]],
        });
      }
      const o = await client.GET('/api/clusters/{cluster_id}/options', { path: { cluster_id: args[0] } });
      printObject(ctx, o, {
        id: () => args[0]!,
        fields: [
          ['upgrade versions', (x) => x.upgrade_versions], ['can finalize', (x) => (x.can_finalize ? 'yes' : 'no')], ['operations', (x) => x.allowed_operations],
          ['node counts', (x) => x.node_counts], ['vCPUs', (x) => x.cpus_per_node], ['disk sizes (GB)', (x) => x.disk_sizes], ['regions', (x) => x.regions.map((r) => r.region_id)],
        ],
      });
    },
  }),
  defineCommand({
    path: ['clusters', 'stats'],
    summary: 'Counts of clusters by status.',
    examples: ['cpctl clusters stats -o json'],
    run: async (ctx) => {
      const s = await (await ctx.client()).GET('/api/clusters/stats');
      printObject(ctx, s, { id: () => '' });
    },
  }),
];
