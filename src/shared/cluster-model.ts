// The cluster's data shapes that every layer shares (repositories store them, services reason about them, routes
// expose them). Behaviour lives elsewhere: the state machine in services/clusters/cluster-state.ts, the inventory
// parsing in services/clusters/inventory.ts.
export const CLUSTER_STATUSES = [
  'CREATING', 'ACTIVE', 'UNHEALTHY', 'CREATE_FAILED', 'SCALING', 'SCALE_FAILED', 'RESTORING', 'RESTORE_FAILED',
  'DELETING', 'DELETED', 'DELETE_FAILED', 'UPGRADING', 'UPGRADE_FAILED',
] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/** Per region, the public addresses of its CockroachDB nodes. */
export type ClusterInventory = { cloud: string; region: string; nodes: string[] }[];
/** Per region, the load balancer address. */
export type LbsInventory = { cloud: string; region: string; dns_address: string }[];
