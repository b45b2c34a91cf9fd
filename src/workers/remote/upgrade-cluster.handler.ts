// UPGRADE_CLUSTER (spec §5.2.4) and FINALIZE_UPGRADE. A major upgrade without auto_finalize leaves the cluster on
// the new binaries but pinned to the old major (cluster.preserve_downgrade_option, set by the playbook): cp records
// previous_version and upgrade_finalized=false until FINALIZE_UPGRADE reruns UPGRADE_CLUSTER with finalization on
// (extra-vars.ts finalizeVars). Patch upgrades need no finalization.
import { finalizeUpgradePayload, upgradeClusterPayload } from '../../services/clusters/cluster-payloads.js';
import { finalizeVars, upgradeVars } from '../../services/clusters/extra-vars.js';
import { isMajorUpgrade } from '../../services/clusters/upgrade-targets.js';
import { clusterKind, runPlaybook, saveCluster, startOperation, type ClusterWorkerDeps } from './cluster-job.js';

const HOURS = 3_600_000;

export const createUpgradeClusterKind = (deps: ClusterWorkerDeps) =>
  clusterKind('UPGRADE_CLUSTER', {
    payload: upgradeClusterPayload,
    timeoutMs: 4 * HOURS,
    handler: async (ctx) => {
      const cluster = await startOperation(ctx, 'UPGRADE_CLUSTER');
      const { version: target, auto_finalize: autoFinalize } = ctx.payload;
      await runPlaybook(ctx, deps, 'UPGRADE_CLUSTER', upgradeVars(cluster.cluster_id, target, autoFinalize));
      const pending = isMajorUpgrade(cluster.version, target) && !autoFinalize;
      await saveCluster(ctx, {
        status: 'ACTIVE',
        version: target,
        previousVersion: pending ? cluster.version : null,
        upgradeFinalized: !pending,
        statusReason: null,
      });
      return { version: target, previous_version: pending ? cluster.version : null, upgrade_finalized: !pending };
    },
  });

export const createFinalizeUpgradeKind = (deps: ClusterWorkerDeps) =>
  clusterKind('FINALIZE_UPGRADE', {
    payload: finalizeUpgradePayload,
    timeoutMs: HOURS,
    handler: async (ctx) => {
      const cluster = await startOperation(ctx, 'FINALIZE_UPGRADE');
      await runPlaybook(ctx, deps, 'UPGRADE_CLUSTER', finalizeVars(cluster.cluster_id, cluster.version));
      await saveCluster(ctx, { status: 'ACTIVE', previousVersion: null, upgradeFinalized: true, statusReason: null });
      return { version: cluster.version, upgrade_finalized: true };
    },
  });
