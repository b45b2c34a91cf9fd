// Extra vars per playbook, exactly as the reference passes them (spec §6.3) so its playbooks keep working. cp adds
// a few variables of its own (marked below); playbooks that do not know them ignore them.
import type { DeploymentGroup } from './deployment.js';

export type DbUser = { name: string; password: string; is_cert: boolean; is_admin: boolean };

export const createClusterVars = (v: {
  name: string;
  deployment: DeploymentGroup[];
  version: string;
  organization: string;
  license: string;
  dbusers: DbUser[];
  backupUri: string;
  ca: ClusterCa;
}) => ({
  deployment_id: v.name,
  deployment: v.deployment,
  cockroachdb_version: v.version,
  cockroachdb_cluster_organization: v.organization,
  cockroachdb_enterprise_license: v.license,
  dbusers: v.dbusers,
  backup_external_connection_uri: v.backupUri,
  // cp: the cluster CA cp generated (PEM). Playbooks that bring their own CA ignore these.
  cluster_ca_cert: v.ca?.cert ?? '',
  cluster_ca_key: v.ca?.key ?? '',
});

export const deleteClusterVars = (name: string) => ({ deployment_id: name });

export const scaleDiskVars = (name: string, diskSize: number) => ({ deployment_id: name, disk_size: diskSize });

export const scaleCpusVars = (name: string, nodeCpus: number) => ({ deployment_id: name, node_cpus: nodeCpus });

export type ClusterCa = { cert: string; key: string } | null;

export const scaleOutVars = (name: string, deployment: DeploymentGroup[], currentHosts: string[], version: string, ca: ClusterCa) => ({
  deployment_id: name,
  deployment,
  current_hosts: currentHosts,
  cockroachdb_version: version,
  // cp: new nodes get certificates from the same cluster CA as the first ones.
  cluster_ca_cert: ca?.cert ?? '',
  cluster_ca_key: ca?.key ?? '',
});

export const scaleInVars = (name: string, deployment: DeploymentGroup[]) => ({ deployment_id: name, deployment });

export const upgradeVars = (name: string, version: string, autoFinalize: boolean) => ({
  deployment_id: name,
  cockroachdb_version: version,
  cockroachdb_autofinalize: autoFinalize,
});

/** FINALIZE_UPGRADE reruns UPGRADE_CLUSTER on the running version with autofinalize, plus cp's `cockroachdb_finalize`. */
export const finalizeVars = (name: string, version: string) => ({
  ...upgradeVars(name, version, true),
  // cp: only finalize (reset cluster.preserve_downgrade_option); binaries are already in place.
  cockroachdb_finalize: true,
});
