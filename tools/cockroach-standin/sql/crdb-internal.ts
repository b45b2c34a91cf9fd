// The crdb_internal virtual tables the stand-in materialises, built from the catalog on every read (several node
// processes share the catalog, so there is nothing to cache). Columns: columns.ts (source_hint lists); the range
// figures come from the simulated model in catalog/ranges.ts. Reading the node/store/gossip tables needs admin or
// VIEWCLUSTERMETADATA, as in CockroachDB.
import type { NodeRecord } from '../catalog/cluster-catalog.js';
import { majorOf } from '../catalog/versions.js';
import { fieldsOf, type ShapeKey } from './columns.js';
import type { StatementContext } from './context.js';
import type { ResultSet } from './engine.types.js';
import { jobDetailRow } from './statements/jobs.js';
import { boolText, jsonText, timestampText } from './text.js';

type Rows = (string | null)[][];

/** HLC timestamp text as gossip_liveness shows `expiration`: '<seconds>.<nanos>,<logical>'. */
const hlc = (d: Date) => `${Math.floor(d.getTime() / 1000)}.${String((d.getTime() % 1000) * 1_000_000).padStart(9, '0')},0`;

const members = (nodes: NodeRecord[]) => nodes.filter((n) => n.membership !== 'decommissioned');

const requireMetadata = (ctx: StatementContext) =>
  ctx.requireAdminOr(['VIEWCLUSTERMETADATA'], `user ${ctx.state.user} does not have VIEWCLUSTERMETADATA privilege`);

const gossipNodes = async (ctx: StatementContext): Promise<Rows> => {
  const report = await ctx.catalog.rangeReport();
  return members(await ctx.catalog.listNodes()).map((n) => {
    const r = report.perNode.get(n.nodeId);
    return [String(n.nodeId), 'tcp', n.address, n.address, 'tcp', n.sqlAddress, n.sqlAddress, '[]', n.locality, '',
      majorOf(n.buildTag), n.buildTag, timestampText(n.startedAt), boolText(n.isLive), String(r?.replicas ?? 0), String(r?.leaseholders ?? 0)];
  });
};

const gossipLiveness = async (ctx: StatementContext): Promise<Rows> =>
  (await ctx.catalog.listNodes()).map((n) => [String(n.nodeId), String(n.epoch), hlc(n.expiration), boolText(n.draining),
    boolText(n.membership !== 'active'), n.membership, timestampText(n.updatedAt)]);

const storeMetrics = (n: NodeRecord, r: { replicas: number; leaseholders: number; underReplicated: number; unavailable: number } | undefined) => ({
  capacity: n.capacityBytes, 'capacity.available': n.availableBytes, 'capacity.used': n.usedBytes, livebytes: n.usedBytes,
  ranges: r?.replicas ?? 0, 'ranges.underreplicated': r?.underReplicated ?? 0, 'ranges.unavailable': r?.unavailable ?? 0,
  replicas: r?.replicas ?? 0, 'replicas.leaseholders': r?.leaseholders ?? 0, 'replicas.leaders': r?.leaseholders ?? 0,
});

const kvNodeStatus = async (ctx: StatementContext): Promise<Rows> => {
  const report = await ctx.catalog.rangeReport();
  return members(await ctx.catalog.listNodes()).map((n) => [String(n.nodeId), 'tcp', n.address, '[]', n.locality, majorOf(n.buildTag),
    'go1.22.5', n.buildTag, '2024/01/01 00:00:00', 'cockroach-standin', 'gcc 6.5.0', 'linux amd64', 'CCL', 'release', null,
    timestampText(n.startedAt), timestampText(n.updatedAt), jsonText(storeMetrics(n, report.perNode.get(n.nodeId))), '[]', '[]', '{}']);
};

const kvStoreStatus = async (ctx: StatementContext): Promise<Rows> => {
  const report = await ctx.catalog.rangeReport();
  return members(await ctx.catalog.listNodes()).map((n) => {
    const r = report.perNode.get(n.nodeId);
    // One store per node, store id = node id (what `cockroach start --store=…` gives a fresh single-store node).
    return [String(n.nodeId), String(n.nodeId), '[]', String(n.capacityBytes), String(n.availableBytes), String(n.usedBytes),
      String(n.usedBytes), String(r?.replicas ?? 0), String(r?.leaseholders ?? 0), '0', '{}', '{}', jsonText(storeMetrics(n, r))];
  });
};

const jobs = async (ctx: StatementContext): Promise<Rows> => {
  const all = (await ctx.isAdmin()) || (await ctx.catalog.roles.hasOption(ctx.state.user, 'CONTROLJOB'));
  return (await ctx.catalog.jobs.listAll()).filter((j) => all || j.userName === ctx.state.user).map(jobDetailRow);
};

const clusterSettings = async (ctx: StatementContext): Promise<Rows> => {
  await ctx.requireAdminOr(['MODIFYCLUSTERSETTING', 'VIEWCLUSTERSETTING'],
    'only users with MODIFYCLUSTERSETTING, MODIFYSQLCLUSTERSETTING or VIEWCLUSTERSETTING privileges are allowed to read crdb_internal.cluster_settings');
  return (await ctx.catalog.settings.list()).map((s) => [s.def.name, s.value, s.def.type, boolText(s.def.public), 'f', 't',
    s.def.description, s.def.default, s.origin]);
};

const TABLES: Record<string, { shape: ShapeKey; rows: (ctx: StatementContext) => Promise<Rows>; metadata: boolean }> = {
  gossip_nodes: { shape: 'crdb_internal.gossip_nodes', rows: gossipNodes, metadata: true },
  gossip_liveness: { shape: 'crdb_internal.gossip_liveness', rows: gossipLiveness, metadata: true },
  kv_node_status: { shape: 'crdb_internal.kv_node_status', rows: kvNodeStatus, metadata: true },
  kv_store_status: { shape: 'crdb_internal.kv_store_status', rows: kvStoreStatus, metadata: true },
  jobs: { shape: 'crdb_internal.jobs', rows: jobs, metadata: false },
  cluster_settings: { shape: 'crdb_internal.cluster_settings', rows: clusterSettings, metadata: false },
};

export const isKnownCrdbInternalTable = (name: string): boolean => name in TABLES;

/** The table's current contents as a result set (null for a table the stand-in does not have). */
export const readCrdbInternal = async (ctx: StatementContext, name: string): Promise<ResultSet | null> => {
  const t = TABLES[name];
  if (!t) return null;
  if (t.metadata) await requireMetadata(ctx);
  const rows = await t.rows(ctx);
  return { fields: fieldsOf(t.shape), rows, command: `SELECT ${rows.length}` };
};
