// Cluster input rules, the same as the server's (spec decisions "Clusters"), and the option lists of
// GET /api/clusters/options and /api/clusters/:id/options normalised to plain values.
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

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const field = (x: unknown, ...keys: string[]): unknown => {
  if (x === null || typeof x !== 'object') return x;
  const o = x as Record<string, unknown>;
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
};
const nums = (v: unknown, ...keys: string[]) =>
  arr(v).map((x) => Number(field(x, ...keys))).filter((n) => Number.isFinite(n) && n > 0);
const strs = (v: unknown, ...keys: string[]) => arr(v).map((x) => field(x, ...keys)).filter((s): s is string => typeof s === 'string');

export const regionId = (r: unknown): string => {
  if (typeof r === 'string') return r;
  const id = field(r, 'region_id', 'id');
  if (typeof id === 'string') return id;
  const cloud = field(r, 'cloud');
  const region = field(r, 'region');
  return typeof cloud === 'string' && typeof region === 'string' ? `${cloud}:${region}` : '';
};

export const normaliseOptions = (o: unknown): ClusterOptions => {
  const g = (k: string) => field(o, k);
  return {
    versions: strs(g('versions'), 'version'),
    nodeCounts: nums(g('node_counts'), 'node_count'),
    cpus: nums(g('cpus_per_node') ?? g('cpu_counts') ?? g('node_cpus'), 'cpu_count', 'node_cpus'),
    disks: nums(g('disk_sizes'), 'size_gb', 'disk_size'),
    regions: [...new Set(arr(g('regions')).map(regionId).filter(Boolean))],
    upgradeVersions: strs(g('upgrade_versions') ?? g('upgrade_targets'), 'version'),
  };
};

const WORDS_A = ['amber', 'brisk', 'calm', 'dapper', 'eager', 'fuzzy', 'giddy', 'jolly', 'lucky', 'mellow', 'nimble', 'plucky', 'quirky', 'rusty', 'snappy', 'sunny', 'tidy', 'witty', 'zesty', 'bouncy'];
const WORDS_B = ['badger', 'comet', 'dingo', 'falcon', 'gecko', 'heron', 'koala', 'lemur', 'marmot', 'narwhal', 'otter', 'panda', 'quokka', 'raven', 'tapir', 'walrus', 'yak', 'zebra', 'puffin', 'wombat'];

const pick = (a: string[]) => a[Math.floor(Math.random() * a.length)] ?? 'x';

/** A friendly "word-word" name that satisfies CLUSTER_NAME_RE. */
export const suggestName = (): string => `${pick(WORDS_A)}-${pick(WORDS_B)}`;
