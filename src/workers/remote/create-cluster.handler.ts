// CREATE_CLUSTER / RECREATE_CLUSTER (spec §5.2.1): deployment from the regions catalogue, extra vars per §6.3 (the
// service user's password and the cluster CA decrypted only for the playbook's private extra-vars file), run the
// CREATE_CLUSTER playbook, inventories from its Data, ACTIVE. RECREATE reruns a failed create over the same row
// (the playbook reconciles what already exists).
import { adminPasswordAad, sqlPasswordAad } from '../../infra/crypto/cluster-ca.js';
import { findClusterSecrets } from '../../repositories/clusters.repository.js';
import type { ClusterOperation } from '../../services/clusters/cluster-state.js';
import { createClusterPayload, type CreateClusterPayload } from '../../services/clusters/cluster-payloads.js';
import { createClusterVars } from '../../services/clusters/extra-vars.js';
import { buildInventories, parsePlaybookData } from '../../services/clusters/inventory.js';
import { clusterCaForPlaybook, clusterKind, deploymentFor, runPlaybook, saveCluster, startOperation, type ClusterWorkerDeps } from './cluster-job.js';

const HOURS = 3_600_000;

export const createCreateClusterKind = (deps: ClusterWorkerDeps, op: Extract<ClusterOperation, 'CREATE_CLUSTER' | 'RECREATE_CLUSTER'>) =>
  clusterKind<CreateClusterPayload>(op, {
    payload: createClusterPayload,
    timeoutMs: 2 * HOURS,
    handler: async (ctx) => {
      const cluster = await startOperation(ctx, op);
      const id = cluster.cluster_id;
      const deployment = await deploymentFor(deps.db, {
        name: id, regions: cluster.regions, nodeCount: cluster.node_count, nodeCpus: cluster.node_cpus, diskSize: cluster.disk_size,
      });
      const secrets = await findClusterSecrets(deps.db, id);
      if (!secrets?.encrypted_sql_password || !secrets.sql_username) throw new Error(`cluster ${id} has no service user credentials`);
      const vars = createClusterVars({
        name: id,
        deployment,
        version: cluster.version,
        organization: await deps.settings.get('cockroach.license_org'),
        license: await deps.settings.get('cockroach.license_key'),
        dbusers: [
          {
            name: secrets.sql_username,
            password: deps.secrets.decrypt(secrets.encrypted_sql_password, sqlPasswordAad(id)),
            is_cert: false,
            is_admin: true,
          },
          // The admin user for people (setting cluster.default_username when the cluster was requested), with the
          // password cp keeps encrypted; the connection page rotates it.
          ...(secrets.admin_username && secrets.encrypted_admin_password
            ? [{
              name: secrets.admin_username,
              password: deps.secrets.decrypt(secrets.encrypted_admin_password, adminPasswordAad(id)),
              is_cert: false,
              is_admin: true,
            }]
            : []),
        ],
        // Backups (bucket + external connection) are provisioned by the backups work; until then none is passed.
        backupUri: '',
        ca: await clusterCaForPlaybook(deps, id),
      });
      const result = await runPlaybook(ctx, deps, 'CREATE_CLUSTER', vars);
      const inv = buildInventories(cluster.regions, parsePlaybookData(result.data));
      await saveCluster(ctx, { status: 'ACTIVE', clusterInventory: inv.cluster, lbsInventory: inv.lbs, statusReason: null });
      return { cluster_inventory: inv.cluster, lbs_inventory: inv.lbs };
    },
  });
