// Job payloads of the cluster kinds, as the reference stores them (spec §2.2, strict: unknown fields rejected), so a
// job's payload reads the same as the request that made it. Shared by the services (enqueue) and the handlers.
import { z } from 'zod';

export const regionId = z.string().regex(/^[^:\s]+:[^:\s]+$/, 'a region id is "cloud:region"');

export const createClusterPayload = z.strictObject({
  name: z.string(),
  node_count: z.number().int().positive(),
  node_cpus: z.number().int().positive(),
  disk_size: z.number().int().positive(),
  regions: z.array(regionId).min(1),
  version: z.string(),
  group: z.string(),
});
export type CreateClusterPayload = z.infer<typeof createClusterPayload>;

export const deleteClusterPayload = z.strictObject({ cluster_id: z.string() });

export const scaleClusterPayload = z.strictObject({
  name: z.string(),
  node_count: z.number().int().positive(),
  node_cpus: z.number().int().positive(),
  disk_size: z.number().int().positive(),
  regions: z.array(regionId).min(1),
});
export type ScaleClusterPayload = z.infer<typeof scaleClusterPayload>;

export const upgradeClusterPayload = z.strictObject({ name: z.string(), version: z.string(), auto_finalize: z.boolean() });
export type UpgradeClusterPayload = z.infer<typeof upgradeClusterPayload>;

export const finalizeUpgradePayload = z.strictObject({ name: z.string() });

export const healthcheckPayload = z.strictObject({});
