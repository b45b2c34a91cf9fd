// DELETE_CLUSTER (spec §5.2.2): run the DELETE_CLUSTER playbook, then DELETED. The row (and its jobs and events)
// stays until the retention sweeper purges DELETED clusters; backups are kept for recovery (decisions.md).
import { deleteClusterPayload } from '../../services/clusters/cluster-payloads.js';
import { deleteClusterVars } from '../../services/clusters/extra-vars.js';
import { clusterKind, runPlaybook, saveCluster, startOperation, type ClusterWorkerDeps } from './cluster-job.js';

export const createDeleteClusterKind = (deps: ClusterWorkerDeps) =>
  clusterKind('DELETE_CLUSTER', {
    payload: deleteClusterPayload,
    timeoutMs: 3_600_000,
    handler: async (ctx) => {
      const cluster = await startOperation(ctx, 'DELETE_CLUSTER');
      await runPlaybook(ctx, deps, 'DELETE_CLUSTER', deleteClusterVars(cluster.cluster_id));
      await saveCluster(ctx, { status: 'DELETED', deleted: true, clusterInventory: [], lbsInventory: [], statusReason: null });
      return { deleted: cluster.cluster_id };
    },
  });
