// Schemas of the routes that read or change a managed cluster itself: the live overview and SQL access (connection).
import { z } from 'zod';
import { CLUSTER_STATUSES } from '../../services/clusters/cluster-state.js';

const bytes = (what: string) => z.number().int().describe(`${what} (bytes)`);

export const OverviewNode = z.object({
  node_id: z.number().int().describe('CockroachDB node id'),
  address: z.string().describe('RPC address the node advertises (host:port)'),
  sql_address: z.string().describe('SQL address the node advertises (host:port)'),
  locality: z.string().describe('Locality tiers, e.g. cloud=aws,region=eu-west-1,zone=a'),
  build_tag: z.string().describe('CockroachDB version the node runs'),
  started_at: z.string().nullable().describe('When the node process started'),
  updated_at: z.string().nullable().describe('Last liveness heartbeat'),
  is_live: z.boolean().describe('The node holds a current liveness record'),
  draining: z.boolean().describe('The node is draining (refuses new SQL clients)'),
  membership: z.string().describe('active, decommissioning or decommissioned'),
  ranges: z.number().int().describe('Ranges in the cluster, as this node sees them'),
  leases: z.number().int().describe('Range leases this node holds'),
  replicas: z.number().int().describe('Replicas on this node'),
  capacity_bytes: bytes('Store capacity'),
  available_bytes: bytes('Store space available'),
  used_bytes: bytes('Store space used'),
  ranges_underreplicated: z.number().int().describe('Under-replicated ranges led by this node'),
  ranges_unavailable: z.number().int().describe('Unavailable ranges led by this node'),
});

export const ClusterOverviewResponse = z.object({
  cluster_id: z.string(),
  status: z.enum(CLUSTER_STATUSES).describe("cp's status of the cluster"),
  checked_at: z.string().describe('When the cluster was asked'),
  connected_via: z.string().nullable().describe('The address (load balancer or node) that answered'),
  cluster_version: z.string().describe('Active cluster version (SHOW CLUSTER SETTING version)'),
  preserve_downgrade_option: z.string().describe('cluster.preserve_downgrade_option; set while an upgrade awaits finalization'),
  awaiting_finalization: z.boolean().describe('A major upgrade is held back from finalizing (finalize it to make it permanent)'),
  nodes: z.array(OverviewNode),
  totals: z.object({
    nodes: z.number().int().describe('Member nodes (decommissioned ones excluded)'),
    live_nodes: z.number().int(),
    ranges: z.number().int(),
    replicas: z.number().int(),
    ranges_underreplicated: z.number().int(),
    ranges_unavailable: z.number().int(),
    capacity_bytes: bytes('Total capacity'),
    available_bytes: bytes('Total available'),
    used_bytes: bytes('Total used'),
  }),
  safe_to_operate: z.boolean().describe('No node down, draining or decommissioning, no range at risk, no operation running'),
  reasons: z.array(z.string()).describe('Why it is not safe to operate (empty when it is)'),
});

export const ClusterConnectionResponse = z.object({
  cluster_id: z.string(),
  username: z.string().describe('The admin SQL user for people (setting cluster.default_username at create)'),
  database: z.string().describe('Database the URLs connect to'),
  tls: z.boolean().describe('TLS with verify-full against the cluster CA'),
  ca_cert: z.string().nullable().describe('Cluster CA certificate (PEM); save it as ca.crt next to the URLs'),
  regions: z.array(z.object({
    cloud: z.string(),
    region: z.string(),
    via: z.enum(['load_balancer', 'node']).describe("The region's load balancer, or its first node when it has none"),
    host: z.string().nullable(),
    port: z.number().int(),
    address: z.string().nullable().describe('host:port'),
    cockroach_sql: z.string().nullable().describe('A ready `cockroach sql` command (no password: it asks)'),
    psql: z.string().nullable().describe('A ready `psql` command (no password: it asks)'),
  })),
});

export const RotatedPasswordResponse = z.object({
  cluster_id: z.string(),
  username: z.string(),
  password: z.string().describe('The new password. Shown once: cp never returns it again'),
});
