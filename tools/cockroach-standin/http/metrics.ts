// The node's /_status/vars: one table of the CockroachDB metrics the stand-in exports (names, types and help texts as
// CockroachDB prints them), and the counters behind them. Node-level metrics carry `node_id="<id>"` (child-metrics.md:
// `sql_select_count{node_id="1"} 2030`), store-level ones `store="<id>"` (monitoring-and-alerting.md:
// `replicas_quiescent{store="1"} 20`); the stand-in has one store per node and its store id is the node id.
// Latency histograms are in nanoseconds, as CockroachDB's are.
import os from 'node:os';

export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'ddl' | 'misc';
type Scope = 'node' | 'store';
type MetricDef = { name: string; type: 'counter' | 'gauge' | 'histogram'; scope: Scope; help: string };

/** What the stand-in exports; monitoring-and-alerting.md names most of them in "Events to alert on". */
export const METRICS: readonly MetricDef[] = [
  { name: 'sql_select_count', type: 'counter', scope: 'node', help: 'Number of SQL SELECT statements successfully executed' },
  { name: 'sql_insert_count', type: 'counter', scope: 'node', help: 'Number of SQL INSERT statements successfully executed' },
  { name: 'sql_update_count', type: 'counter', scope: 'node', help: 'Number of SQL UPDATE statements successfully executed' },
  { name: 'sql_delete_count', type: 'counter', scope: 'node', help: 'Number of SQL DELETE statements successfully executed' },
  { name: 'sql_ddl_count', type: 'counter', scope: 'node', help: 'Number of SQL DDL statements successfully executed' },
  { name: 'sql_misc_count', type: 'counter', scope: 'node', help: 'Number of other SQL statements successfully executed' },
  { name: 'sql_query_count', type: 'counter', scope: 'node', help: 'Number of SQL operations started including queries, and transaction control statements' },
  { name: 'sql_failure_count', type: 'counter', scope: 'node', help: 'Number of statements resulting in a planning or runtime error' },
  { name: 'sql_conns', type: 'gauge', scope: 'node', help: 'Number of open SQL connections' },
  { name: 'sql_service_latency', type: 'histogram', scope: 'node', help: 'Latency of SQL request execution' },
  { name: 'sys_cpu_user_percent', type: 'gauge', scope: 'node', help: 'Current user cpu percentage consumed by the CRDB process' },
  { name: 'sys_cpu_sys_percent', type: 'gauge', scope: 'node', help: 'Current system cpu percentage consumed by the CRDB process' },
  { name: 'sys_uptime', type: 'gauge', scope: 'node', help: 'Process uptime' },
  { name: 'liveness_livenodes', type: 'gauge', scope: 'node', help: 'Number of live nodes in the cluster (will be 0 if this node is not itself live)' },
  { name: 'security_certificate_expiration_ca', type: 'gauge', scope: 'node', help: 'Expiration for the CA certificate. 0 means no certificate or error.' },
  { name: 'security_certificate_expiration_node', type: 'gauge', scope: 'node', help: 'Expiration for the node certificate. 0 means no certificate or error.' },
  { name: 'ranges', type: 'gauge', scope: 'store', help: 'Number of ranges' },
  { name: 'ranges_underreplicated', type: 'gauge', scope: 'store', help: 'Number of ranges with fewer live replicas than the replication target' },
  { name: 'ranges_unavailable', type: 'gauge', scope: 'store', help: 'Number of ranges with fewer live replicas than needed for quorum' },
  { name: 'replicas', type: 'gauge', scope: 'store', help: 'Number of replicas' },
  { name: 'replicas_leaders', type: 'gauge', scope: 'store', help: 'Number of raft leaders' },
  { name: 'replicas_leaseholders', type: 'gauge', scope: 'store', help: 'Number of lease holders' },
  { name: 'capacity', type: 'gauge', scope: 'store', help: 'Total storage capacity' },
  { name: 'capacity_available', type: 'gauge', scope: 'store', help: 'Available storage capacity' },
  { name: 'capacity_used', type: 'gauge', scope: 'store', help: 'Used storage capacity' },
];

/** Bucket upper bounds in ns: 1-2-5 steps from 10µs to 10s (CockroachDB's own buckets are finer; the shape matches). */
const LATENCY_BUCKETS_NS = [1, 2, 5].flatMap((m) => [1e4, 1e5, 1e6, 1e7, 1e8, 1e9].map((p) => m * p)).concat([1e10]).sort((a, b) => a - b);

/** Values the node supplies at scrape time (from the catalog, the wire server and the store meter). */
export type GaugeValues = Record<string, number>;

export const createNodeMetrics = () => {
  const counters: Record<string, number> = {};
  const buckets = LATENCY_BUCKETS_NS.map(() => 0);
  let latencySum = 0;
  let latencyCount = 0;
  let lastCpu = { at: process.hrtime.bigint(), usage: process.cpuUsage() };
  let cpu = { user: 0, sys: 0 };
  const bump = (name: string) => (counters[name] = (counters[name] ?? 0) + 1);

  /** CPU share since the previous sample, normalised over the machine's cores as CockroachDB does. */
  const sampleCpu = () => {
    const now = process.hrtime.bigint();
    const usage = process.cpuUsage();
    const wallUs = Number(now - lastCpu.at) / 1000;
    if (wallUs > 50_000) {
      const cores = os.availableParallelism();
      cpu = { user: (usage.user - lastCpu.usage.user) / wallUs / cores, sys: (usage.system - lastCpu.usage.system) / wallUs / cores };
      lastCpu = { at: now, usage };
    }
    return cpu;
  };

  return {
    /** The SQL engine's onStatement hook: one call per statement this node served. */
    recordStatement: (kind: StatementKind, latencyMs: number, ok: boolean) => {
      bump('sql_query_count');
      bump(ok ? `sql_${kind}_count` : 'sql_failure_count');
      const ns = latencyMs * 1e6;
      latencySum += ns;
      latencyCount++;
      LATENCY_BUCKETS_NS.forEach((le, i) => {
        if (ns <= le) buckets[i]!++;
      });
    },
    /** Prometheus text exposition of every metric in METRICS. */
    render: (ids: { nodeId: number; storeId: number }, gauges: GaugeValues): string => {
      const c = sampleCpu();
      const values: GaugeValues = { sys_cpu_user_percent: c.user, sys_cpu_sys_percent: c.sys, sys_uptime: Math.round(process.uptime()), ...gauges };
      const out: string[] = [];
      for (const m of METRICS) {
        const labels = m.scope === 'node' ? `node_id="${ids.nodeId}"` : `store="${ids.storeId}"`;
        out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
        if (m.type === 'histogram') {
          LATENCY_BUCKETS_NS.forEach((le, i) => out.push(`${m.name}_bucket{${labels},le="${le}"} ${buckets[i]}`));
          out.push(`${m.name}_bucket{${labels},le="+Inf"} ${latencyCount}`, `${m.name}_sum{${labels}} ${latencySum}`, `${m.name}_count{${labels}} ${latencyCount}`);
        } else {
          out.push(`${m.name}{${labels}} ${m.type === 'counter' ? (counters[m.name] ?? 0) : (values[m.name] ?? 0)}`);
        }
      }
      return `${out.join('\n')}\n`;
    },
  };
};

export type NodeMetrics = ReturnType<typeof createNodeMetrics>;
