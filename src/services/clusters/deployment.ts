// Builds the `deployment` extra var (spec §5.2.1 step 2): for each requested "cloud:region", one HAProxy group on
// the region's first zone row, then one CockroachDB group per zone row with the region's nodes distributed
// round-robin over its zones (5 nodes over 3 zones → 2, 2, 1). Each group is shallow-merged with its zone row's
// `extras`, so admins can add or override fields per zone (e.g. another image user or key id) without code changes.
// The structure is kept exactly as the reference builds it, so its playbooks keep working.
import type { RegionRow } from '../../repositories/regions.repository.js';
import { parseRegionId } from './cluster-rules.js';

export type ZoneRow = Pick<RegionRow, 'cloud' | 'region' | 'zone' | 'vpc_id' | 'subnet' | 'image' | 'security_groups' | 'extras'>;

export type DeploymentSpec = {
  name: string;
  regions: readonly string[];
  nodeCount: number;
  nodeCpus: number;
  diskSize: number;
};

export type DeploymentGroup = Record<string, unknown>;

export class MissingRegionError extends Error {
  constructor(readonly regionIds: string[]) {
    super(
      `No region configuration found for ${regionIds.join(', ')}: an admin must add at least one zone for each ` +
        `(Admin → Regions, POST /api/admin/regions).`,
    );
    this.name = 'MissingRegionError';
  }
}

/** Nodes per zone when `nodes` are spread round-robin over `zones` zones. */
export const distributeNodes = (nodes: number, zones: number): number[] =>
  Array.from({ length: zones }, (_, i) => Math.floor(nodes / zones) + (i < nodes % zones ? 1 : 0));

const network = (z: ZoneRow) => ({
  cloud: z.cloud,
  image: z.image,
  region: z.region,
  vpc_id: z.vpc_id,
  security_groups: z.security_groups,
  zone: z.zone,
  subnet: z.subnet,
});

const haproxyGroup = (name: string, z: ZoneRow): DeploymentGroup => ({
  cluster_name: name,
  copies: 1,
  inventory_groups: ['haproxy'],
  exact_count: 1,
  instance: { cpu: 4 },
  volumes: { os: { size: 20, type: 'standard_ssd' }, data: [] },
  tags: { Name: `${name}-lb` },
  groups: [{ user: 'ubuntu', public_ip: true, public_key_id: 'workshop', tags: { owner: 'fabio' }, ...network(z) }],
  ...z.extras,
});

const cockroachGroup = (s: DeploymentSpec, z: ZoneRow, count: number): DeploymentGroup => ({
  cluster_name: s.name,
  copies: 1,
  inventory_groups: ['cockroachdb'],
  exact_count: count,
  instance: { cpu: s.nodeCpus },
  volumes: {
    os: { size: 20, type: 'standard_ssd' },
    data: [{ size: s.diskSize, type: 'standard_ssd', iops: 500 * s.nodeCpus, throughput: 30 * s.nodeCpus, delete_on_termination: true }],
  },
  tags: { Name: `${s.name}-crdb` },
  groups: [{ user: 'ubuntu', public_ip: true, public_key_id: 'workshop', tags: { owner: 'fabio' }, ...network(z) }],
  ...z.extras,
});

/**
 * The deployment for `spec`, given the zone rows of each requested region (`zonesOf("cloud:region")`).
 * Throws MissingRegionError naming every requested region that has no zone row.
 */
export const buildDeployment = (spec: DeploymentSpec, zonesOf: (regionId: string) => readonly ZoneRow[]): DeploymentGroup[] => {
  const missing = spec.regions.filter((id) => !parseRegionId(id) || zonesOf(id).length === 0);
  if (missing.length > 0) throw new MissingRegionError(missing);
  const out: DeploymentGroup[] = [];
  for (const id of spec.regions) {
    const zones = zonesOf(id);
    out.push(haproxyGroup(spec.name, zones[0]!));
    const counts = distributeNodes(spec.nodeCount, zones.length);
    zones.forEach((z, i) => {
      if (counts[i]! > 0) out.push(cockroachGroup(spec, z, counts[i]!));
    });
  }
  return out;
};

/** Groups zone rows by "cloud:region". */
export const zonesByRegion = (rows: readonly ZoneRow[]) => {
  const map = new Map<string, ZoneRow[]>();
  for (const r of rows) {
    const id = `${r.cloud}:${r.region}`;
    map.set(id, [...(map.get(id) ?? []), r]);
  }
  return (regionId: string): readonly ZoneRow[] => map.get(regionId) ?? [];
};
