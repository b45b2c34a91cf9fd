// The steps of a scale, in the reference's order (spec §5.2.3), each only when needed: disk size, vCPUs, nodes out,
// nodes in, regions added, regions removed. Used by the SCALE_CLUSTER handler and by `?dry_run=true`, so what a dry
// run shows is exactly what runs.
import type { PlaybookName } from '../../repositories/playbooks.repository.js';

export type ClusterShape = { node_count: number; node_cpus: number; disk_size: number; regions: readonly string[] };

export type ScaleStepKind = 'disk_size' | 'node_cpus' | 'nodes_out' | 'nodes_in' | 'regions_added' | 'regions_removed';

export type ScaleStep = {
  step: ScaleStepKind;
  playbook: PlaybookName;
  description: string;
  /** Regions of the deployment this step sends (node steps and region steps). */
  deploymentRegions: string[];
  /** Regions whose hosts form the inventory after this step. */
  inventoryRegions: string[];
};

export const planScale = (current: ClusterShape, requested: ClusterShape): ScaleStep[] => {
  const steps: ScaleStep[] = [];
  const cur = [...current.regions];
  const added = requested.regions.filter((r) => !cur.includes(r));
  const removed = cur.filter((r) => !requested.regions.includes(r));
  if (requested.disk_size !== current.disk_size) {
    steps.push({ step: 'disk_size', playbook: 'SCALE_DISK_SIZE', description: `disk size ${current.disk_size} GB → ${requested.disk_size} GB`, deploymentRegions: [], inventoryRegions: cur });
  }
  if (requested.node_cpus !== current.node_cpus) {
    steps.push({ step: 'node_cpus', playbook: 'SCALE_NODE_CPUS', description: `vCPUs per node ${current.node_cpus} → ${requested.node_cpus}`, deploymentRegions: [], inventoryRegions: cur });
  }
  if (requested.node_count > current.node_count) {
    steps.push({ step: 'nodes_out', playbook: 'SCALE_CLUSTER_OUT', description: `nodes per region ${current.node_count} → ${requested.node_count}`, deploymentRegions: cur, inventoryRegions: cur });
  } else if (requested.node_count < current.node_count) {
    steps.push({ step: 'nodes_in', playbook: 'SCALE_CLUSTER_IN', description: `nodes per region ${current.node_count} → ${requested.node_count}`, deploymentRegions: cur, inventoryRegions: cur });
  }
  const afterAdd = [...cur, ...added];
  if (added.length > 0) {
    steps.push({ step: 'regions_added', playbook: 'SCALE_CLUSTER_OUT', description: `add regions ${added.join(', ')}`, deploymentRegions: afterAdd, inventoryRegions: afterAdd });
  }
  if (removed.length > 0) {
    const remaining = afterAdd.filter((r) => !removed.includes(r));
    steps.push({ step: 'regions_removed', playbook: 'SCALE_CLUSTER_IN', description: `remove regions ${removed.join(', ')}`, deploymentRegions: remaining, inventoryRegions: remaining });
  }
  return steps;
};
