// What the create-cluster dialog offers: the admin option lists and the configured regions as "cloud:region" ids.
// Read-only and small (admin catalogues), so it is returned whole.
import type { Queryable } from '../../infra/db/db.js';
import { listAllOptionValues } from '../../repositories/option-lists.repository.js';
import { listRegionSummaries } from '../../repositories/regions.repository.js';

export type ClusterOptions = {
  versions: string[];
  node_counts: number[];
  cpu_counts: number[];
  disk_sizes: number[];
  regions: { region_id: string; cloud: string; region: string; zones: number }[];
};

export const createClusterOptionsService = (deps: { db: Queryable }) => ({
  async get(): Promise<ClusterOptions> {
    const [versions, nodeCounts, cpuCounts, diskSizes, regions] = await Promise.all([
      listAllOptionValues(deps.db, 'versions'),
      listAllOptionValues(deps.db, 'node_counts'),
      listAllOptionValues(deps.db, 'cpu_counts'),
      listAllOptionValues(deps.db, 'disk_sizes'),
      listRegionSummaries(deps.db),
    ]);
    return {
      versions: versions.map(String),
      node_counts: nodeCounts.map(Number),
      cpu_counts: cpuCounts.map(Number),
      disk_sizes: diskSizes.map(Number),
      regions: regions.map((r) => ({ region_id: `${r.cloud}:${r.region}`, ...r })),
    };
  },
});

export type ClusterOptionsService = ReturnType<typeof createClusterOptionsService>;
