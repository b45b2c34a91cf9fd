// `cockroach node status` columns, one table per flag group as cockroach-node.md documents them
// (tools/cockroach-standin/docs/result-columns.json "cockroach node status (CLI)"): the default columns in the order
// of the docs' example output (with sql_address, which the response table lacks), then --ranges, --stats and
// --decommission groups (--all = every group). Booleans print as true/false, timestamps as the examples show them.
import type { NodeRecord } from '../catalog/cluster-catalog.js';
import type { RangeReport, StoreRanges } from '../catalog/ranges.js';
import type { Cell } from './output.js';

type Ctx = { node: NodeRecord; ranges: StoreRanges; quorum: boolean };
type Column = [name: string, value: (c: Ctx) => string | number | boolean];

const ts = (v: Date | string | number) => {
  const d = v instanceof Date ? v : new Date(v);
  return d.toISOString().replace('T', ' ').replace(/\.(\d{3})Z$/, '.$1000+00:00');
};

export const STATUS_COLUMNS: Record<'default' | 'ranges' | 'stats' | 'decommission', Column[]> = {
  default: [
    ['id', (c) => c.node.nodeId],
    ['address', (c) => c.node.address],
    ['sql_address', (c) => c.node.sqlAddress],
    ['build', (c) => c.node.buildTag],
    ['started_at', (c) => ts(c.node.startedAt)],
    ['updated_at', (c) => ts(c.node.updatedAt)],
    ['locality', (c) => c.node.locality],
    // "is_available: the node is part of the quorum" — live, in a cluster where a majority is live.
    ['is_available', (c) => c.node.isLive && c.quorum],
    ['is_live', (c) => c.node.isLive],
  ],
  ranges: [
    ['replicas_leaders', (c) => c.ranges.leaseholders],
    ['replicas_leaseholders', (c) => c.ranges.leaseholders],
    ['ranges', (c) => c.ranges.replicas],
    ['ranges_unavailable', (c) => c.ranges.unavailable],
    ['ranges_underreplicated', (c) => c.ranges.underReplicated],
  ],
  // The stand-in's store bytes are measured as a whole (node/store.ts); the split into keys/values is nominal.
  stats: [
    ['live_bytes', (c) => c.node.usedBytes],
    ['key_bytes', (c) => Math.round(c.node.usedBytes * 0.2)],
    ['value_bytes', (c) => Math.round(c.node.usedBytes * 0.8)],
    ['intent_bytes', () => 0],
    ['system_bytes', () => 0],
  ],
  decommission: [
    ['gossiped_replicas', (c) => c.ranges.replicas],
    ['is_decommissioning', (c) => c.node.membership !== 'active'],
    ['membership', (c) => c.node.membership],
    ['is_draining', (c) => c.node.draining],
  ],
};

/** The columns of `node decommission` / `node recommission` (cockroach-node.md "Response"). */
export const DECOMMISSION_COLUMNS: Column[] = [
  ['id', (c) => c.node.nodeId],
  ['is_live', (c) => c.node.isLive],
  ['replicas', (c) => c.ranges.replicas],
  ['is_decommissioning', (c) => c.node.membership !== 'active'],
  ['membership', (c) => c.node.membership],
  ['is_draining', (c) => c.node.draining],
];

export const hasQuorum = (nodes: NodeRecord[]) => {
  const members = nodes.filter((n) => n.membership !== 'decommissioned');
  return members.filter((n) => n.isLive).length * 2 > members.length;
};

/** Rows for `nodes` (already filtered by the caller); `report` is the range model over the whole cluster. */
export const nodeRows = (columns: Column[], all: NodeRecord[], nodes: NodeRecord[], report: RangeReport) => {
  const quorum = hasQuorum(all);
  const empty: StoreRanges = { replicas: 0, leaseholders: 0, underReplicated: 0, unavailable: 0 };
  const rows: Cell[][] = nodes.map((node) => columns.map(([, v]) => String(v({ node, ranges: report.perNode.get(node.nodeId) ?? empty, quorum }))));
  return { columns: columns.map(([n]) => n), rows };
};
