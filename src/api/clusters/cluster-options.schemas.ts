import { z } from 'zod';

export const ClusterOptionsResponse = z.object({
  versions: z.array(z.string()).describe('CockroachDB versions, newest first'),
  node_counts: z.array(z.number().int()).describe('Nodes per region, ascending'),
  cpu_counts: z.array(z.number().int()).describe('vCPUs per node, ascending'),
  disk_sizes: z.array(z.number().int()).describe('Data disk size per node in GB, ascending'),
  regions: z
    .array(
      z.object({
        region_id: z.string().describe('"cloud:region", the id to send when creating a cluster'),
        cloud: z.string().describe('Cloud'),
        region: z.string().describe('Region'),
        zones: z.number().int().describe('Configured zones (nodes are spread over them)'),
      }),
    )
    .describe('Regions a cluster can be deployed in'),
});
