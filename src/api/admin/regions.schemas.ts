import { z } from 'zod';
import { nextOffset } from '../http/pagination.js';
import { safeJson, safeString } from '../http/strings.js';

const id = (what: string) => safeString({ max: 63, min: 1 }).describe(`${what}: lower-case letters, digits and dashes`);

export const RegionBody = z.strictObject({
  cloud: id('Cloud, e.g. aws, gcp, azure'),
  region: id('Cloud region, e.g. us-east-1'),
  zone: id('Availability zone, e.g. us-east-1a'),
  vpc_id: safeString({ max: 255 }).optional().describe('Network (VPC / VNet) the instances join'),
  subnet: safeString({ max: 255 }).optional().describe('Subnet of the zone'),
  image: safeString({ max: 255 }).optional().describe('Machine image (e.g. an AMI id)'),
  security_groups: z.array(safeString({ max: 255 })).max(32).optional().describe('Security groups / firewall tags'),
  extras: z.record(safeString({ max: 255 }), safeJson()).optional().describe('JSON object merged into the Ansible deployment group of this zone'),
});

export const Region = z
  .object({
    cloud: z.string().describe('Cloud'),
    region: z.string().describe('Region'),
    zone: z.string().describe('Zone'),
    vpc_id: z.string().describe('Network'),
    subnet: z.string().describe('Subnet'),
    image: z.string().describe('Machine image'),
    security_groups: z.array(z.string()).describe('Security groups'),
    extras: z.record(z.string(), z.unknown()).describe('Extra deployment fields'),
    created_at: z.date().describe('When the zone was added'),
    created_by: z.string().describe('Who added it'),
  })
  .describe('Region zone');

export const RegionList = z.object({ items: z.array(Region).describe('By cloud, region, zone'), next_offset: nextOffset });
export const RegionParams = z.object({ cloud: safeString({ max: 63 }), region: safeString({ max: 63 }), zone: safeString({ max: 63 }) });
export const RegionDeleted = z.object({
  deleted: Region,
  in_use_by: z.array(z.string()).describe('Live clusters in this region when its last zone was removed (scaling them will fail until it is configured again)'),
});
