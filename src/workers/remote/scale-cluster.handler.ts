// SCALE_CLUSTER (spec §5.2.3): the steps of scale-plan.ts in order, each only when needed, each its own playbook;
// the cluster row is updated after every successful step (still SCALING), so a failure midway leaves a row that
// says what was done. current_hosts are read fresh before a scale-out.
import { findCluster, type ClusterUpdate } from '../../repositories/clusters.repository.js';
import { scaleClusterPayload, type ScaleClusterPayload } from '../../services/clusters/cluster-payloads.js';
import { scaleCpusVars, scaleDiskVars, scaleInVars, scaleOutVars } from '../../services/clusters/extra-vars.js';
import { allNodes, buildInventories, parsePlaybookData } from '../../services/clusters/inventory.js';
import { planScale } from '../../services/clusters/scale-plan.js';
import { clusterCaForPlaybook, clusterKind, deploymentFor, runPlaybook, saveCluster, startOperation, type ClusterWorkerDeps } from './cluster-job.js';

export const createScaleClusterKind = (deps: ClusterWorkerDeps) =>
  clusterKind<ScaleClusterPayload>('SCALE_CLUSTER', {
    payload: scaleClusterPayload,
    timeoutMs: 6 * 3_600_000,
    handler: async (ctx) => {
      const start = await startOperation(ctx, 'SCALE_CLUSTER');
      const id = start.cluster_id;
      const want = ctx.payload;
      const steps = planScale(start, want);
      await ctx.log('SCALE PLAN', steps.length ? steps.map((s, i) => `${i + 1}. ${s.description} (${s.playbook})`).join('\n') : 'nothing to change');
      // The shape so far: what is already applied (disk/cpus change first, then node count, then regions).
      const shape = { node_count: start.node_count, node_cpus: start.node_cpus, disk_size: start.disk_size };
      for (const step of steps) {
        ctx.signal.throwIfAborted();
        await ctx.log(`SCALE STEP ${step.step}`, step.description);
        let update: ClusterUpdate;
        if (step.step === 'disk_size') {
          await runPlaybook(ctx, deps, step.playbook, scaleDiskVars(id, want.disk_size));
          update = { diskSize: want.disk_size };
          shape.disk_size = want.disk_size;
        } else if (step.step === 'node_cpus') {
          await runPlaybook(ctx, deps, step.playbook, scaleCpusVars(id, want.node_cpus));
          update = { nodeCpus: want.node_cpus };
          shape.node_cpus = want.node_cpus;
        } else {
          shape.node_count = want.node_count;
          const deployment = await deploymentFor(deps.db, {
            name: id, regions: step.deploymentRegions, nodeCount: shape.node_count, nodeCpus: shape.node_cpus, diskSize: shape.disk_size,
          });
          const now = await findCluster(deps.db, id);
          const vars = step.playbook === 'SCALE_CLUSTER_OUT'
            ? scaleOutVars(id, deployment, allNodes(now?.cluster_inventory ?? []), now?.version ?? start.version, await clusterCaForPlaybook(deps, id))
            : scaleInVars(id, deployment);
          const result = await runPlaybook(ctx, deps, step.playbook, vars);
          const inv = buildInventories(step.inventoryRegions, parsePlaybookData(result.data));
          update = { nodeCount: shape.node_count, regions: step.inventoryRegions, clusterInventory: inv.cluster, lbsInventory: inv.lbs };
        }
        await saveCluster(ctx, update);
      }
      await saveCluster(ctx, { status: 'ACTIVE', statusReason: null });
      return { steps: steps.map((s) => s.step) };
    },
  });
