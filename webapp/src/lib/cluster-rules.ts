// Cluster input rules, the same as the server's (spec decisions "Clusters"), and the option lists of
// GET /api/clusters/options and /api/clusters/:id/options as one shape for the dialogs.
import type { ApiResponse } from '../api';

export const CLUSTER_NAME_RE = /^[a-z][a-z0-9-]{2,38}[a-z0-9]$/;

export const nameError = (name: string): string =>
  CLUSTER_NAME_RE.test(name)
    ? ''
    : '4–40 characters: lowercase letters, digits and "-", starting with a letter and not ending with "-".';

/** node_count is per region: a cluster needs at least 3 nodes in all. */
export const sizeError = (regions: number, nodeCount: number): string => {
  if (regions < 1) return 'Choose at least one region.';
  if (!nodeCount) return 'Choose a node count.';
  return regions * nodeCount >= 3 ? '' : `${regions} region(s) × ${nodeCount} node(s) is below the minimum of 3 nodes.`;
};

export type ClusterOptions = {
  versions: string[];
  nodeCounts: number[];
  cpus: number[];
  disks: number[];
  regions: string[];
  upgradeVersions: string[];
};

export const EMPTY_OPTIONS: ClusterOptions = { versions: [], nodeCounts: [], cpus: [], disks: [], regions: [], upgradeVersions: [] };

/** GET /api/clusters/options: what a new cluster may use. */
export const newClusterOptions = (o: ApiResponse<'/api/clusters/options', 'get'>): ClusterOptions => ({
  versions: o.versions,
  nodeCounts: o.node_counts,
  cpus: o.cpu_counts,
  disks: o.disk_sizes,
  regions: o.regions.map((r) => r.region_id),
  upgradeVersions: [],
});

/** GET /api/clusters/:id/options: what a scale or upgrade of that cluster may use. */
export const existingClusterOptions = (o: ApiResponse<'/api/clusters/{cluster_id}/options', 'get'>): ClusterOptions => ({
  versions: [],
  nodeCounts: o.node_counts,
  cpus: o.cpus_per_node,
  disks: o.disk_sizes,
  regions: o.regions.map((r) => r.region_id),
  upgradeVersions: o.upgrade_versions,
});

const WORDS_A = ['amber', 'brisk', 'calm', 'dapper', 'eager', 'fuzzy', 'giddy', 'jolly', 'lucky', 'mellow', 'nimble', 'plucky', 'quirky', 'rusty', 'snappy', 'sunny', 'tidy', 'witty', 'zesty', 'bouncy'];
const WORDS_B = ['badger', 'comet', 'dingo', 'falcon', 'gecko', 'heron', 'koala', 'lemur', 'marmot', 'narwhal', 'otter', 'panda', 'quokka', 'raven', 'tapir', 'walrus', 'yak', 'zebra', 'puffin', 'wombat'];

const pick = (a: string[]) => a[Math.floor(Math.random() * a.length)] ?? 'x';

/** A friendly "word-word" name that satisfies CLUSTER_NAME_RE. */
export const suggestName = (): string => `${pick(WORDS_A)}-${pick(WORDS_B)}`;
