// The playbook contract's output (`Data`, spec §6.3) → the cluster's inventories (spec §5.2.1 step 5): per requested
// region the public IPs of its `cockroachdb` hosts, and its `haproxy` hosts as load balancer addresses.
import { z } from 'zod';

const host = z.object({ ansible_host: z.string().optional(), cloud: z.string(), region: z.string(), public_ip: z.string() }).loose();
export const playbookDataSchema = z.object({ cockroachdb: z.array(host), haproxy: z.array(host).default([]) }).loose();
export type PlaybookData = z.infer<typeof playbookDataSchema>;

import type { ClusterInventory, LbsInventory } from '../../shared/cluster-model.js';

export type { ClusterInventory, LbsInventory } from '../../shared/cluster-model.js';

/** Parses the Data output; throws with what is wrong when the playbook broke the contract. */
export const parsePlaybookData = (data: unknown): PlaybookData => {
  const parsed = playbookDataSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(
      `the playbook did not return the contract's Data ({cockroachdb: [{ansible_host, cloud, region, public_ip}], haproxy: [...]}): ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
};

export const buildInventories = (regions: readonly string[], data: PlaybookData): { cluster: ClusterInventory; lbs: LbsInventory } => {
  const cluster: ClusterInventory = [];
  const lbs: LbsInventory = [];
  for (const id of regions) {
    const [cloud, region] = id.split(':') as [string, string];
    const match = (h: { cloud: string; region: string }) => h.cloud === cloud && h.region === region;
    cluster.push({ cloud, region, nodes: data.cockroachdb.filter(match).map((h) => h.public_ip) });
    for (const lb of data.haproxy.filter(match)) lbs.push({ cloud, region, dns_address: lb.public_ip });
  }
  return { cluster, lbs };
};

export const allNodes = (inv: ClusterInventory): string[] => inv.flatMap((r) => r.nodes);
