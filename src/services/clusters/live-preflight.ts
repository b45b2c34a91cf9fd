// Pre-flight checks from the cluster's live overview (cluster-overview.service.ts): CockroachDB keeps data safe with
// three replicas, so a scale-in must leave at least three live nodes and may not start while ranges are already
// under-replicated or unavailable (removing nodes would move the last copies); an upgrade restarts every node in turn,
// so every node must be live first. Each passed check is recorded for `?dry_run=true`.
import { ConflictError } from '../../shared/errors.js';
import type { Preflight } from './cluster-preflight.js';
import type { ClusterOverview } from './cluster-overview.service.js';
import { MIN_TOTAL_NODES } from './cluster-rules.js';

export const liveChecks = (pf: Preflight, o: ClusterOverview) => {
  const notLive = o.nodes.filter((n) => n.membership !== 'decommissioned' && !n.is_live);
  const ranges = () => {
    if (o.totals.ranges_unavailable > 0 || o.totals.ranges_underreplicated > 0) {
      throw new ConflictError(
        `Cluster ${o.cluster_id} has ${o.totals.ranges_underreplicated} under-replicated and ${o.totals.ranges_unavailable} unavailable range(s); ` +
          'wait until every range is fully replicated (or bring the dead nodes back) before removing nodes.',
        { ranges_underreplicated: o.totals.ranges_underreplicated, ranges_unavailable: o.totals.ranges_unavailable, reasons: o.reasons },
      );
    }
    pf.pass('ranges fully replicated', `${o.totals.ranges} ranges, none under-replicated or unavailable`);
  };
  return {
    scaleIn(removedNodes: number) {
      const left = o.totals.live_nodes - removedNodes;
      if (left < MIN_TOTAL_NODES) {
        throw new ConflictError(
          `Scaling in would leave ${left} live node(s) in cluster ${o.cluster_id} (${o.totals.live_nodes} of ${o.totals.nodes} are live, ` +
            `${removedNodes} would be removed); CockroachDB needs at least ${MIN_TOTAL_NODES}.` +
            (notLive.length ? ` Not live: ${notLive.map((n) => `node ${n.node_id} (${n.address})`).join(', ')}.` : ''),
          { live_nodes: o.totals.live_nodes, removed_nodes: removedNodes, reasons: o.reasons },
        );
      }
      pf.pass('live nodes after scale-in', `${left} of ${o.totals.live_nodes} live nodes remain`);
      ranges();
    },
    upgrade() {
      if (notLive.length > 0) {
        throw new ConflictError(
          `Cluster ${o.cluster_id} cannot be upgraded while a node is not live: ${notLive.map((n) => `node ${n.node_id} (${n.address})`).join(', ')}. ` +
            'Bring it back (or decommission it) first.',
          { not_live: notLive.map((n) => n.node_id), reasons: o.reasons },
        );
      }
      pf.pass('every node live', `${o.totals.live_nodes} live nodes`);
    },
  };
};
