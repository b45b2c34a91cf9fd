// `cockroach node ls|status|drain|decommission|recommission` (cockroach-node.md, node-shutdown.md), through the
// cluster's catalog (see cluster-access.ts). The node processes poll their own row, so a drain or decommission
// written here takes effect on the node within its poll interval (node/liveness.ts).
import { computeRanges } from '../../catalog/ranges.js';
import { POLL_MS } from '../../node/liveness.js';
import { CLIENT_FLAGS, openClusterAccess, targetNodeIds, type ClusterAccess } from '../cluster-access.js';
import { parseFlags, UsageError, type ParsedFlags } from '../flags.js';
import { DECOMMISSION_COLUMNS, nodeRows, STATUS_COLUMNS } from '../node-status.js';
import { parseFormat, renderTable } from '../output.js';

const SUBCOMMAND_FLAGS = {
  ls: {},
  status: { all: 'bool', decommission: 'bool', ranges: 'bool', stats: 'bool' },
  drain: { self: 'bool', 'drain-wait': 'string' },
  decommission: { self: 'bool', wait: 'string', checks: 'string', 'dry-run': 'bool' },
  recommission: { self: 'bool' },
} as const;
type Sub = keyof typeof SUBCOMMAND_FLAGS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const print = (f: ParsedFlags, columns: string[], rows: (string | null)[][]) => process.stdout.write(renderTable(columns, rows, parseFormat(f.string('format'))));

const status = async (a: ClusterAccess, f: ParsedFlags) => {
  const all = await a.catalog.listNodes();
  // "excluding nodes that have been decommissioned and taken offline"
  let shown = all.filter((n) => !(n.membership === 'decommissioned' && !n.isLive));
  if (f.positional.length > 0) shown = shown.filter((n) => f.positional.includes(String(n.nodeId)));
  const groups = [
    STATUS_COLUMNS.default,
    ...(f.bool('ranges') || f.bool('all') ? [STATUS_COLUMNS.ranges] : []),
    ...(f.bool('stats') || f.bool('all') ? [STATUS_COLUMNS.stats] : []),
    ...(f.bool('decommission') || f.bool('all') ? [STATUS_COLUMNS.decommission] : []),
  ];
  const t = nodeRows(groups.flat(), all, shown, await a.catalog.rangeReport());
  print(f, t.columns, t.rows);
};

const decommission = async (a: ClusterAccess, f: ParsedFlags) => {
  const wait = f.string('wait') ?? 'all';
  if (wait !== 'all' && wait !== 'none') throw new UsageError(`invalid argument "${wait}" for "--wait" flag: possible values: all, none`);
  const checks = f.string('checks') ?? 'enabled';
  let all = await a.catalog.listNodes();
  const ids = targetNodeIds(f, all, a.host, 'decommission');
  const { rangeCount } = await a.catalog.rangeReport();
  // Pre-flight check (--checks=enabled|strict): would the replicas of these nodes have somewhere to go?
  const simulated = all.map((n) => (ids.includes(n.nodeId) && n.membership === 'active' ? { ...n, membership: 'decommissioning' as const } : n));
  const after = computeRanges(simulated, rangeCount);
  const stuck = ids.filter((id) => (after.perNode.get(id)?.replicas ?? 0) > 0);
  if (checks !== 'skip' && stuck.length > 0) {
    throw new UsageError(`Cannot decommission nodes.\nranges blocking decommission detected\nn${stuck.join(', n')} has replicas that cannot be moved: too few active nodes remain for the replication factor`);
  }
  if (f.bool('dry-run')) return void process.stdout.write('Decommissioning pre-flight checks passed.\n');
  for (const id of ids) {
    if (all.find((n) => n.nodeId === id)?.membership !== 'decommissioned') await a.catalog.setMembership(id, 'decommissioning');
  }
  all = await a.catalog.listNodes();
  if (wait === 'all') {
    // Replicas move off at once in the model; a decommissioned node is also drained (node-shutdown.md).
    for (const id of ids) {
      await a.catalog.setDraining(id, true);
      await a.catalog.setMembership(id, 'decommissioned');
    }
    await sleep(2 * POLL_MS);
    all = await a.catalog.listNodes();
  }
  const t = nodeRows(DECOMMISSION_COLUMNS, all, all.filter((n) => ids.includes(n.nodeId)), await a.catalog.rangeReport());
  print(f, t.columns, t.rows);
  if (wait === 'all') process.stdout.write('\nNo more data reported on target nodes. Please verify cluster health before removing the nodes.\n');
};

const recommission = async (a: ClusterAccess, f: ParsedFlags) => {
  const all = await a.catalog.listNodes();
  const ids = targetNodeIds(f, all, a.host, 'recommission');
  for (const id of ids) await a.catalog.setMembership(id, 'active');
  const now = await a.catalog.listNodes();
  const t = nodeRows(DECOMMISSION_COLUMNS, now, now.filter((n) => ids.includes(n.nodeId)), await a.catalog.rangeReport());
  print(f, t.columns, t.rows);
  process.stdout.write('The affected nodes must be restarted for the change to take effect.\n');
};

const drain = async (a: ClusterAccess, f: ParsedFlags) => {
  const ids = targetNodeIds(f, await a.catalog.listNodes(), a.host, 'drain');
  for (const id of ids) await a.catalog.setDraining(id, true);
  // The node picks the flag up on its next poll; wait for that so the caller sees ready=503 on return.
  await sleep(2 * POLL_MS);
  process.stdout.write('node is draining... remaining: 0\ndrain ok\n');
};

export const nodeCommand = async (argv: readonly string[]): Promise<number> => {
  const [sub, ...rest] = argv;
  if (!sub || !(sub in SUBCOMMAND_FLAGS)) throw new UsageError(`unknown command "${sub ?? ''}" for "cockroach node"`);
  const f = parseFlags(rest, { ...CLIENT_FLAGS, ...SUBCOMMAND_FLAGS[sub as Sub] });
  const a = await openClusterAccess(f);
  try {
    if (sub === 'ls') {
      const nodes = (await a.catalog.listNodes()).filter((n) => !(n.membership === 'decommissioned' && !n.isLive));
      print(f, ['id'], nodes.map((n) => [String(n.nodeId)]));
    } else if (sub === 'status') await status(a, f);
    else if (sub === 'drain') await drain(a, f);
    else if (sub === 'decommission') await decommission(a, f);
    else await recommission(a, f);
    return 0;
  } finally {
    await a.catalog.close();
  }
};
