import { z } from 'zod';
import { nextOffset } from '../http/pagination.js';
import { safeString } from '../http/strings.js';

const meta = {
  created_at: z.date().describe('When the value was added'),
  created_by: z.string().describe('Who added it ("seed" for the first-run values)'),
};
const inUseBy = z.array(z.string()).describe('Live clusters that still use the value (they keep working; it is only no longer offered)');

const version = z.string().describe('CockroachDB version vYY.R.P, e.g. v25.2.4');
const versionIn = safeString({ max: 32 }).describe('CockroachDB version vYY.R.P, e.g. v25.2.4');
const positive = (what: string) => z.number().int().describe(what);

export const VersionItem = z.object({ version, ...meta });
export const VersionBody = z.strictObject({ version: versionIn });
export const VersionParams = z.object({ version: versionIn });
export const VersionList = z.object({ items: z.array(VersionItem).describe('Newest version first'), next_offset: nextOffset });
export const VersionCreated = z.object({ version });
export const VersionDeleted = z.object({ deleted: z.object({ version }), in_use_by: inUseBy });

const nodeCount = positive('Nodes per region');
export const NodeCountItem = z.object({ node_count: nodeCount, ...meta });
export const NodeCountBody = z.strictObject({ node_count: nodeCount });
export const NodeCountParams = z.object({ node_count: z.coerce.number().int().describe('Nodes per region') });
export const NodeCountList = z.object({ items: z.array(NodeCountItem).describe('Ascending'), next_offset: nextOffset });
export const NodeCountDeleted = z.object({ deleted: z.object({ node_count: nodeCount }), in_use_by: inUseBy });

const cpuCount = positive('vCPUs per node');
export const CpuCountItem = z.object({ cpu_count: cpuCount, ...meta });
export const CpuCountBody = z.strictObject({ cpu_count: cpuCount });
export const CpuCountParams = z.object({ cpu_count: z.coerce.number().int().describe('vCPUs per node') });
export const CpuCountList = z.object({ items: z.array(CpuCountItem).describe('Ascending'), next_offset: nextOffset });
export const CpuCountDeleted = z.object({ deleted: z.object({ cpu_count: cpuCount }), in_use_by: inUseBy });

const sizeGb = positive('Data disk size per node, GB');
export const DiskSizeItem = z.object({ size_gb: sizeGb, ...meta });
export const DiskSizeBody = z.strictObject({ size_gb: sizeGb });
export const DiskSizeParams = z.object({ size_gb: z.coerce.number().int().describe('Data disk size per node, GB') });
export const DiskSizeList = z.object({ items: z.array(DiskSizeItem).describe('Ascending'), next_offset: nextOffset });
export const DiskSizeDeleted = z.object({ deleted: z.object({ size_gb: sizeGb }), in_use_by: inUseBy });
