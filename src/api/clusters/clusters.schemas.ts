// Request and response schemas of the cluster routes: validation, serialization (unlisted fields are stripped, so
// no secret column can leak) and OpenAPI from one source.
import { z } from 'zod';
import { CLUSTER_STATUSES } from '../../services/clusters/cluster-state.js';
import { regionId } from '../../services/clusters/cluster-payloads.js';
import { safeString } from '../http/strings.js';

const count = (what: string) => z.number().int().positive().describe(what);

export const ClusterIdParams = z.object({ cluster_id: safeString({ max: 64 }).describe('The cluster name') });
export const ClusterJobParams = ClusterIdParams.extend({ job_id: safeString({ max: 64 }).describe('Job id (UUID)') });

// "cloud:region", checked by the shared string rule first (the payload schema of the job checks the shape again).
const regionIdIn = safeString({ max: 128 }).pipe(regionId);

export const DryRunQuery = z.object({
  dry_run: z.enum(['true', 'false']).default('false').transform((v) => v === 'true')
    .describe('true: validate and return the plan (steps, playbooks, checks) without starting anything'),
});

export const ListClustersQuery = z.object({
  status: z.enum(CLUSTER_STATUSES).optional().describe('Only clusters in this status'),
  grp: safeString({ max: 128 }).optional().describe('Only clusters of this owner group'),
  name_prefix: safeString({ max: 40 }).optional().describe('Only clusters whose name starts with this'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page (1-500, default 50)'),
  cursor: safeString({ max: 512 }).optional().describe('next_cursor of the previous page'),
});

export const CreateClusterBody = z.strictObject({
  name: safeString({ max: 64 }).describe('Cluster name: ^[a-z][a-z0-9-]{2,38}[a-z0-9]$ (validated, never rewritten)'),
  node_count: count('Nodes PER REGION (an admin option)'),
  node_cpus: count('vCPUs per node (an admin option)'),
  disk_size: count('Data disk per node in GB (an admin option)'),
  regions: z.array(regionIdIn).min(1).max(64).describe('"cloud:region" ids (GET /api/clusters/options)'),
  version: safeString({ max: 32 }).describe('CockroachDB version, vYY.R.P (an admin option)'),
  group: safeString({ max: 128, min: 1 }).describe('Owner group: who can see and operate the cluster; you must belong to it'),
});

export const ScaleClusterBody = z.strictObject({
  node_count: count('Nodes per region wanted'),
  node_cpus: count('vCPUs per node wanted'),
  disk_size: count('Disk size in GB wanted (never smaller)'),
  regions: z.array(regionIdIn).min(1).max(64).describe('Regions wanted ("cloud:region"); added/removed ones are scaled out/in'),
});

export const UpgradeClusterBody = z.strictObject({
  version: safeString({ max: 32 }).describe('Target version (one of upgrade_versions in GET /api/clusters/{cluster_id}/options)'),
  auto_finalize: z.boolean().default(false).describe('Finalize a major upgrade at once (no way back); false: finalize later'),
});

const inventory = z.array(z.object({ cloud: z.string(), region: z.string(), nodes: z.array(z.string()) }));
const lbs = z.array(z.object({ cloud: z.string(), region: z.string(), dns_address: z.string() }));

export const ClusterView = z.object({
  cluster_id: z.string(),
  grp: z.string().describe('Owner group'),
  status: z.enum(CLUSTER_STATUSES),
  status_reason: z.string().nullable().describe('Why the cluster is in this status (e.g. the failure)'),
  version: z.string(),
  previous_version: z.string().nullable().describe('Set while a major upgrade awaits finalization'),
  upgrade_finalized: z.boolean(),
  node_count: z.number().describe('Nodes per region'),
  node_cpus: z.number(),
  disk_size: z.number().describe('GB per node'),
  regions: z.array(z.string()),
  regions_count: z.number(),
  total_nodes: z.number().describe('node_count × regions'),
  total_vcpus: z.number().describe('node_count × regions × node_cpus'),
  cluster_inventory: inventory,
  lbs_inventory: lbs,
  ca_cert: z.string().nullable().describe('The cluster CA certificate (public), to verify TLS connections'),
  health: z.record(z.string(), z.unknown()).describe('Last probe result per node'),
  health_checked_at: z.date().nullable(),
  allowed_operations: z.array(z.string()).describe('Operations the current status allows'),
  created_at: z.date(),
  created_by: z.string(),
  updated_at: z.date(),
  updated_by: z.string(),
  deleted_at: z.date().nullable(),
});

export const ClusterDetail = ClusterView.extend({
  active_job: z.object({ job_id: z.string(), kind: z.string(), status: z.string() }).nullable().describe('The running or queued operation'),
});

// The list adds the drift badge: the last access-drift check the scheduled ACCESS_DRIFT_CHECK job recorded (issue 13).
export const ClusterListItem = ClusterView.extend({
  access_drift: z.object({
    checked_at: z.date(),
    difference_count: z.number().int().describe('Differences between what cp declared and the cluster (0: in sync)'),
    error: z.string().nullable().describe('Why the last check could not ask the cluster'),
  }).nullable().describe('Last recorded database-access drift check; null before the first'),
});

export const ClusterList = z.object({ items: z.array(ClusterListItem), next_cursor: z.string().nullable() });

export const ClusterStats = z.object({
  total: z.number().describe('Clusters not DELETED'),
  active: z.number(),
  creating: z.number(),
  unhealthy: z.number(),
  failed: z.number().describe('In any *_FAILED status'),
  in_progress: z.number().describe('In a transitional status (an operation is running)'),
  deleted: z.number(),
});

export const ClusterOptions = z.object({
  node_counts: z.array(z.number()),
  cpus_per_node: z.array(z.number()),
  disk_sizes: z.array(z.number()).describe('Only sizes ≥ the current one'),
  regions: z.array(z.object({ region_id: z.string(), zones: z.number() })),
  upgrade_versions: z.array(z.string()).describe('Patches of the running major, then the next major (innovation releases skippable)'),
  can_finalize: z.boolean(),
  allowed_operations: z.array(z.string()),
});

export const Enqueued = z.object({ job_id: z.string(), cluster_id: z.string(), operation: z.string() });

export const Plan = z.object({
  dry_run: z.literal(true),
  operation: z.string(),
  cluster_id: z.string(),
  steps: z.array(z.object({ step: z.string(), playbook: z.string(), playbook_version: z.number(), description: z.string() })),
  checks: z.array(z.object({ check: z.string(), ok: z.literal(true), detail: z.string() })),
});

export const EnqueuedOrPlan = z.union([Plan, Enqueued]);

const job = z.object({
  job_id: z.string(),
  kind: z.string(),
  status: z.string(),
  payload: z.unknown(),
  result: z.unknown(),
  error: z.string().nullable(),
  attempts: z.number(),
  created_at: z.date(),
  created_by: z.string(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  cancel_requested_at: z.date().nullable(),
  last_seq: z.number().describe('seq of the newest task'),
});

export const ClusterJobs = z.object({
  cluster_id: z.string(),
  items: z.array(job).describe('Newest first'),
  next_cursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page'),
});

export const ClusterJobsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page (1-500, default 50)'),
  cursor: safeString({ max: 512 }).optional().describe('next_cursor of the previous page'),
});

export const ClusterJobQuery = z.object({
  after_seq: z.coerce.number().int().min(0).default(0).describe('Only tasks with a larger seq (poll with last_seq)'),
});

export const ClusterJobDetail = z.object({
  job,
  tasks: z.array(z.object({ seq: z.number(), ts: z.date(), level: z.string(), name: z.string(), detail: z.string().nullable() })),
  last_seq: z.number().describe('Pass as after_seq to get only newer tasks'),
});

export const PromTargets = z.array(z.object({ targets: z.array(z.string()), labels: z.object({ cluster: z.string() }) }));
