// cpctl databases|users|roles|drift …: database access of one cluster (issue 13, docs/DATABASE-ACCESS.md) — databases
// with their generated roles, SQL users (passwords generated and printed once), grants, generated roles + sync, and
// access drift with its fix.
import type { ApiResponse } from '../../api-client/client.js';
import { defineCommand, type Command } from '../lib/command.js';
import type { Context } from '../lib/context.js';
import { UsageError } from '../lib/errors.js';
import { confirm, csv } from '../lib/input.js';
import { printList, printObject, printResult, renderTable, serialise, when, type Column } from '../lib/output.js';

type DatabaseObject = ApiResponse<'/api/clusters/{cluster_id}/database-objects', 'get'>['database_objects'][number];
type DatabaseUser = ApiResponse<'/api/clusters/{cluster_id}/users', 'get'>['database_users'][number];
type GeneratedRole = ApiResponse<'/api/clusters/{cluster_id}/database-roles', 'get'>['database_roles'][number];
type Drift = ApiResponse<'/api/clusters/{cluster_id}/access-drift', 'get'>;
type Difference = Drift['differences'][number];
type DeletePlan = ApiResponse<'/api/clusters/{cluster_id}/database-objects/{database_name}', 'delete'>;

const CLUSTER = '<cluster_id>';
const dryRunOpt = { 'dry-run': { type: 'boolean', description: 'Show what would change; change nothing' } } as const;
const yesOpt = { yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation' } } as const;

const DB_COLUMNS: Column<DatabaseObject & { unknown?: boolean }>[] = [
  { header: 'DATABASE', value: (d) => d.database_name },
  { header: 'ORIGIN', value: (d) => d.origin },
  { header: 'ON CLUSTER', value: (d) => (d.on_cluster === null ? '-' : d.on_cluster ? 'yes' : 'NO') },
  { header: 'ROLES', value: (d) => d.database_roles.map((r) => r.database_role) },
  { header: 'CREATED', value: (d) => when(d.created_at) },
];
const USER_COLUMNS: Column<DatabaseUser>[] = [
  { header: 'USER', value: (u) => u.username },
  { header: 'ROLES', value: (u) => u.member_of },
  { header: 'MANAGED', value: (u) => (u.managed ? 'yes' : 'no') },
  { header: 'PROTECTED', value: (u) => (u.protected ? 'yes' : 'no') },
  { header: 'OPTIONS', value: (u) => u.options },
];
const ROLE_COLUMNS: Column<GeneratedRole>[] = [
  { header: 'ROLE', value: (r) => r.database_role },
  { header: 'TEMPLATE', value: (r) => r.database_role_template },
  { header: 'SCOPE', value: (r) => (r.scope_type === 'schema' ? `schema ${r.database_name}.${r.schema_name ?? ''}` : `database ${r.database_name}`) },
  { header: 'MEMBERS', value: (r) => r.members },
];
const DIFF_COLUMNS: Column<Difference>[] = [
  { header: 'KIND', value: (d) => d.kind },
  { header: 'TYPE', value: (d) => d.object_type },
  { header: 'NAME', value: (d) => d.name },
  { header: 'DETAIL', value: (d) => d.detail },
  { header: 'FIX', value: (d) => d.fix ?? '(left to a person)' },
];

/** A generated password: printed once on stdout (alone with --quiet), with a reminder on stderr. */
const printPassword = (ctx: Context, data: { username: string; generated_password: string | null }, message: string) => {
  if (ctx.format !== 'table') return ctx.out(serialise(ctx, data));
  if (!data.generated_password) return ctx.quiet ? undefined : ctx.out(message);
  if (ctx.quiet) return ctx.out(data.generated_password);
  ctx.out(`${message}\npassword: ${data.generated_password}`);
  ctx.note('Store the password now: cp does not show it again.');
};

const printDeletePlan = (ctx: Context, p: DeletePlan) => {
  if (ctx.quiet) return;
  if (ctx.format !== 'table') return ctx.out(serialise(ctx, p));
  ctx.out(`${p.dry_run ? 'Dry run: would drop' : 'Dropped'} database ${p.database_name}${p.drops_database ? ' (DROP DATABASE … CASCADE)' : ''}.`);
  ctx.out(`Roles ${p.dry_run ? 'to drop' : 'dropped'}: ${p.drops_roles.length ? p.drops_roles.join(', ') : 'none'}`);
  if (p.revokes.length) ctx.out(renderTable(p.revokes, [{ header: 'USER', value: (r) => r.username }, { header: 'LOSES ROLE', value: (r) => r.database_role }]));
  else ctx.out('No user loses a role.');
};

const passwordOpts = {
  password: { type: 'string', placeholder: 'PW', description: 'The password (default: cp generates one and prints it once); - reads it from stdin' },
} as const;
const readPassword = async (v: string | undefined): Promise<string | undefined> => {
  if (v !== '-') return v;
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
};
const rolesOf = (v: string | undefined, cmd: string): string[] => {
  const roles = csv(v);
  if (roles.length === 0) throw new UsageError(`${cmd} needs --roles ROLE[,ROLE…]`);
  return roles;
};

export const databaseAccessCommands: Command[] = [
  // --- databases
  defineCommand({
    path: ['databases', 'list'],
    summary: "A cluster's databases: cp's (with their generated roles) and the ones on the cluster cp does not know.",
    args: CLUSTER,
    arity: [1, 1],
    examples: ['cpctl databases list orders-prod', 'cpctl databases list orders-prod -o json'],
    run: async (ctx, { args }) => {
      const r = await (await ctx.client()).GET('/api/clusters/{cluster_id}/database-objects', { path: { cluster_id: args[0]! } });
      if (ctx.format !== 'table' && !ctx.quiet) return ctx.out(serialise(ctx, r));
      printList(ctx, r.database_objects, { columns: DB_COLUMNS, id: (d) => d.database_name, empty: 'No databases cp knows.' });
      if (!ctx.quiet && r.unmanaged_databases.length) ctx.note(`On the cluster, unknown to cp (roles sync registers them): ${r.unmanaged_databases.join(', ')}`);
    },
  }),
  defineCommand({
    path: ['databases', 'create'],
    summary: 'CREATE DATABASE and the roles of every role template for it.',
    args: `${CLUSTER} <database>`,
    arity: [2, 2],
    examples: ['cpctl databases create orders-prod app'],
    run: async (ctx, { args }) => {
      const d = await (await ctx.client()).POST('/api/clusters/{cluster_id}/database-objects', { path: { cluster_id: args[0]! }, body: { database_name: args[1]! } });
      printResult(ctx, d, `Created database ${d.database_name} with roles ${d.database_roles.map((r) => r.database_role).join(', ') || '(none)'}.`, d.database_name);
    },
  }),
  defineCommand({
    path: ['databases', 'delete'],
    summary: 'Revoke and drop its generated roles, then DROP DATABASE … CASCADE. --dry-run lists what goes and who loses which role. On a terminal, asks for the name unless --yes.',
    args: `${CLUSTER} <database>`,
    arity: [2, 2],
    options: { ...yesOpt, ...dryRunOpt },
    examples: ['cpctl databases delete orders-prod app --dry-run', 'cpctl databases delete orders-prod app --yes'],
    run: async (ctx, { args, values }) => {
      const [id, name] = [args[0]!, args[1]!];
      if (!values['dry-run'] && !values.yes) await confirm(`Drop database ${name} on ${id} with every table in it? Type its name to confirm: `, name);
      const p = await (await ctx.client()).DELETE('/api/clusters/{cluster_id}/database-objects/{database_name}', {
        path: { cluster_id: id, database_name: name }, query: { dry_run: values['dry-run'] ? 'true' : 'false' },
      });
      printDeletePlan(ctx, p);
    },
  }),

  // --- users
  defineCommand({
    path: ['users', 'list'],
    summary: "A cluster's SQL users: roles, options, whether cp manages them, protected system users.",
    args: CLUSTER,
    arity: [1, 1],
    examples: ['cpctl users list orders-prod', 'cpctl users list orders-prod -q'],
    run: async (ctx, { args }) => {
      const r = await (await ctx.client()).GET('/api/clusters/{cluster_id}/users', { path: { cluster_id: args[0]! } });
      printList(ctx, r.database_users, { columns: USER_COLUMNS, id: (u) => u.username, empty: 'No SQL users.' });
    },
  }),
  defineCommand({
    path: ['users', 'create'],
    summary: 'Create a SQL user with generated roles; the password is generated and printed once unless given.',
    args: `${CLUSTER} <username>`,
    arity: [2, 2],
    options: { roles: { type: 'string', placeholder: 'LIST', description: 'Generated roles to grant, comma-separated' }, ...passwordOpts },
    examples: ['cpctl users create orders-prod app_service --roles app_readwrite', 'cpctl users create orders-prod etl --roles app_readonly -q > etl.pw'],
    run: async (ctx, { args, values }) => {
      const password = await readPassword(values.password);
      const r = await (await ctx.client()).POST('/api/clusters/{cluster_id}/users', {
        path: { cluster_id: args[0]! },
        body: { username: args[1]!, database_roles: csv(values.roles), ...(password ? { password } : {}) },
      });
      printPassword(ctx, r, `Created SQL user ${r.username}${r.database_roles.length ? ` with ${r.database_roles.join(', ')}` : ''}.`);
    },
  }),
  defineCommand({
    path: ['users', 'delete'],
    summary: 'DROP USER (protected users are refused). On a terminal, asks for the name unless --yes.',
    args: `${CLUSTER} <username>`,
    arity: [2, 2],
    options: { ...yesOpt },
    examples: ['cpctl users delete orders-prod etl --yes'],
    run: async (ctx, { args, values }) => {
      if (!values.yes) await confirm(`Drop SQL user ${args[1]!}? Type its name to confirm: `, args[1]!);
      const r = await (await ctx.client()).DELETE('/api/clusters/{cluster_id}/users/{username}', { path: { cluster_id: args[0]!, username: args[1]! } });
      printResult(ctx, r, `Dropped SQL user ${r.username}.`, r.username);
    },
  }),
  defineCommand({
    path: ['users', 'password'],
    summary: "Set a SQL user's password: generated and printed once, unless given.",
    args: `${CLUSTER} <username>`,
    arity: [2, 2],
    options: { ...passwordOpts },
    examples: ['cpctl users password orders-prod app_service', 'cpctl users password orders-prod app_service -q | vault kv put secret/app pw=-'],
    run: async (ctx, { args, values }) => {
      const password = await readPassword(values.password);
      const r = await (await ctx.client()).POST('/api/clusters/{cluster_id}/users/{username}/password', {
        path: { cluster_id: args[0]!, username: args[1]! }, body: password ? { password } : {},
      });
      printPassword(ctx, r, `Password of ${r.username} set.`);
    },
  }),
  defineCommand({
    path: ['users', 'grant'],
    summary: 'Grant generated roles to a SQL user.',
    args: `${CLUSTER} <username>`,
    arity: [2, 2],
    options: { roles: { type: 'string', placeholder: 'LIST', description: 'Generated roles, comma-separated (required)' } },
    examples: ['cpctl users grant orders-prod app_service --roles app_readonly'],
    run: async (ctx, { args, values }) => {
      const roles = rolesOf(values.roles, 'users grant');
      const r = await (await ctx.client()).POST('/api/clusters/{cluster_id}/users/{username}/grant-database-roles', {
        path: { cluster_id: args[0]!, username: args[1]! }, body: { database_roles: roles },
      });
      printResult(ctx, r, `Granted ${r.database_roles.join(', ')} to ${r.username}.`, r.username);
    },
  }),
  defineCommand({
    path: ['users', 'revoke'],
    summary: 'Revoke generated roles from a SQL user.',
    args: `${CLUSTER} <username>`,
    arity: [2, 2],
    options: { roles: { type: 'string', placeholder: 'LIST', description: 'Generated roles, comma-separated (required)' } },
    examples: ['cpctl users revoke orders-prod app_service --roles app_readonly'],
    run: async (ctx, { args, values }) => {
      const roles = rolesOf(values.roles, 'users revoke');
      const r = await (await ctx.client()).POST('/api/clusters/{cluster_id}/users/{username}/revoke-database-roles', {
        path: { cluster_id: args[0]!, username: args[1]! }, body: { database_roles: roles },
      });
      printResult(ctx, r, `Revoked ${r.database_roles.join(', ')} from ${r.username}.`, r.username);
    },
  }),

  // --- roles
  defineCommand({
    path: ['roles', 'list'],
    summary: 'Generated database roles of a cluster: template, scope, members.',
    args: CLUSTER,
    arity: [1, 1],
    examples: ['cpctl roles list orders-prod', 'cpctl roles list orders-prod -o yaml   # with the SQL cp ran'],
    run: async (ctx, { args }) => {
      const r = await (await ctx.client()).GET('/api/clusters/{cluster_id}/database-roles', { path: { cluster_id: args[0]! } });
      printList(ctx, r.database_roles, { columns: ROLE_COLUMNS, id: (x) => x.database_role, empty: 'No generated roles.' });
    },
  }),
  defineCommand({
    path: ['roles', 'sync'],
    summary: 'Re-materialise the generated roles: register databases made outside cp, create missing roles, drop stale ones.',
    args: CLUSTER,
    arity: [1, 1],
    examples: ['cpctl roles sync orders-prod'],
    run: async (ctx, { args }) => {
      const r = await (await ctx.client()).POST('/api/clusters/{cluster_id}/database-roles/sync', { path: { cluster_id: args[0]! } });
      printObject(ctx, r, {
        id: (x) => x.cluster_id,
        fields: [
          ['databases discovered', (x) => x.databases_discovered],
          ['roles materialised', (x) => x.roles_materialised],
          ['roles dropped', (x) => x.roles_dropped],
          ['revoked', (x) => x.revoked.map((v) => `${v.username}:${v.database_role}`)],
        ],
      });
    },
  }),

  // --- drift
  defineCommand({
    path: ['drift', 'show'],
    summary: "Compare what cp declared with the cluster; each difference with its kind. Exit code 0 either way.",
    args: CLUSTER,
    arity: [1, 1],
    examples: ['cpctl drift show orders-prod', 'cpctl drift show orders-prod -o json | jq .in_sync'],
    run: async (ctx, { args }) => {
      const d = await (await ctx.client()).GET('/api/clusters/{cluster_id}/access-drift', { path: { cluster_id: args[0]! } });
      if (ctx.format !== 'table' && !ctx.quiet) return ctx.out(serialise(ctx, d));
      if (d.in_sync && !ctx.quiet) return ctx.out(`In sync (checked ${when(d.checked_at)}).`);
      printList(ctx, d.differences, { columns: DIFF_COLUMNS, id: (x) => `${x.kind}\t${x.object_type}\t${x.name}` });
    },
  }),
  defineCommand({
    path: ['drift', 'fix'],
    summary: "Apply cp's side of every fixable difference; --dry-run lists the actions.",
    args: CLUSTER,
    arity: [1, 1],
    options: { ...dryRunOpt },
    examples: ['cpctl drift fix orders-prod --dry-run', 'cpctl drift fix orders-prod'],
    run: async (ctx, { args, values }) => {
      const r = await (await ctx.client()).POST('/api/clusters/{cluster_id}/access-drift/fix', {
        path: { cluster_id: args[0]! }, query: { dry_run: values['dry-run'] ? 'true' : 'false' },
      });
      if (ctx.quiet) return;
      if (ctx.format !== 'table') return ctx.out(serialise(ctx, r));
      ctx.out(r.actions.length ? `${r.dry_run ? 'Would apply' : 'Applied'}:\n${renderTable(r.actions, DIFF_COLUMNS)}` : 'Nothing to fix.');
      if (r.differences_after) ctx.out(r.differences_after.length ? `Left:\n${renderTable(r.differences_after, DIFF_COLUMNS)}` : 'Now in sync.');
    },
  }),
];
