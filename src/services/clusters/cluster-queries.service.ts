// Read side of clusters: visibility-scoped list (filters, keyset pagination) and stats, detail (no secrets), the
// per-cluster options of the scale/upgrade dialogs, the jobs of a cluster with their tasks (incremental with
// after_seq, so a client polls only for new lines), and Prometheus service discovery.
import type { Identity } from '../../auth/identity.js';
import type { Db } from '../../infra/db/db.js';
import { listDriftSummaries } from '../../repositories/database-access.repository.js';
import { findVisibleJob, listVisibleJobs, type JobRow, type JobScope } from '../../repositories/job-queries.repository.js';
import { decodeJobCursor, encodeJobCursor } from '../jobs/job-cursor.js';
import {
  countVisibleClustersByStatus, findCluster, listPromTargetClusters, listVisibleClusters, type ClusterFilter, type ClusterRow,
} from '../../repositories/clusters.repository.js';
import { findActiveExclusiveJob } from '../../repositories/jobs.repository.js';
import { listTasks } from '../../repositories/job-tasks.repository.js';
import { listAllOptionValues } from '../../repositories/option-lists.repository.js';
import { listRegionSummaries } from '../../repositories/regions.repository.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { isFailedState, operationsAllowedIn } from './cluster-state.js';
import { allNodes } from './inventory.js';
import { upgradeTargets } from './upgrade-targets.js';

export type ClusterQueriesDeps = { db: Db; cockroachHttpPort: number };

// The guard has already checked that the caller can see the cluster (its :cluster_id routes), so the job read side
// is asked for that cluster's jobs without a further group filter.
const CLUSTER_ROUTE_SCOPE: JobScope = { isAdmin: true, groups: [] };
const withLastSeq = (j: JobRow) => ({ ...j, last_seq: j.task_seq });

export const MAX_PAGE = 500;
const MAX_TASKS = 1_000;

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([+-]\d{2}(:?\d{2})?|Z)?$/;

const encodeCursor = (r: { created_at_key: string; cluster_id: string }) =>
  Buffer.from(JSON.stringify([r.created_at_key, r.cluster_id])).toString('base64url');

const decodeCursor = (c: string) => {
  try {
    const [createdAt, clusterId] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof clusterId === 'string' && TIMESTAMP_TEXT.test(createdAt)) return { createdAt, clusterId };
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is not valid; use next_cursor from the previous page.');
};

/** The public view of a cluster: every column except secrets and internal bookkeeping, plus derived totals. */
export const toClusterView = (c: ClusterRow) => {
  const { operation_from_status: _from, ...rest } = c;
  return {
    ...rest,
    regions_count: c.regions.length,
    total_nodes: c.node_count * c.regions.length,
    total_vcpus: c.node_count * c.regions.length * c.node_cpus,
    allowed_operations: operationsAllowedIn(c.status),
  };
};

export const createClusterQueries = (deps: ClusterQueriesDeps) => {
  const mustFind = async (clusterId: string) => {
    const c = await findCluster(deps.db, clusterId);
    if (!c) throw new NotFoundError(`Cluster "${clusterId}" not found.`);
    return c;
  };

  return {
    list: async (who: Pick<Identity, 'isAdmin' | 'groups'>, f: ClusterFilter & { cursor?: string | undefined; limit?: number | undefined }) => {
      const limit = Math.min(Math.max(f.limit ?? 50, 1), MAX_PAGE);
      const rows = await listVisibleClusters(deps.db, who, f, { limit: limit + 1, after: f.cursor ? decodeCursor(f.cursor) : undefined });
      const page = rows.slice(0, limit);
      const drift = new Map((await listDriftSummaries(deps.db, page.map((c) => c.cluster_id))).map((d) => [d.cluster_id, d]));
      return {
        items: page.map(({ created_at_key: _k, ...c }) => {
          const d = drift.get(c.cluster_id);
          return { ...toClusterView(c), access_drift: d ? { checked_at: d.checked_at, difference_count: Number(d.difference_count), error: d.error } : null };
        }),
        next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    },

    stats: async (who: Pick<Identity, 'isAdmin' | 'groups'>) => {
      const counts = await countVisibleClustersByStatus(deps.db, who);
      const n = (pred: (s: ClusterRow['status']) => boolean) => counts.filter((c) => pred(c.status)).reduce((a, c) => a + c.n, 0);
      return {
        total: n((s) => s !== 'DELETED'),
        active: n((s) => s === 'ACTIVE'),
        creating: n((s) => s === 'CREATING'),
        unhealthy: n((s) => s === 'UNHEALTHY'),
        failed: n(isFailedState),
        in_progress: n((s) => ['CREATING', 'SCALING', 'UPGRADING', 'DELETING', 'RESTORING'].includes(s)),
        deleted: n((s) => s === 'DELETED'),
      };
    },

    get: async (clusterId: string) => {
      const c = await mustFind(clusterId);
      const active = await findActiveExclusiveJob(deps.db, clusterId);
      return { ...toClusterView(c), active_job: active ? { job_id: active.job_id, kind: active.kind, status: active.status } : null };
    },

    options: async (clusterId: string) => {
      const c = await mustFind(clusterId);
      const values = (l: Parameters<typeof listAllOptionValues>[1]) => listAllOptionValues(deps.db, l);
      return {
        node_counts: (await values('node_counts')).map(Number),
        cpus_per_node: (await values('cpu_counts')).map(Number),
        disk_sizes: (await values('disk_sizes')).map(Number).filter((d) => d >= c.disk_size),
        regions: (await listRegionSummaries(deps.db)).map((r) => ({ region_id: `${r.cloud}:${r.region}`, zones: r.zones })),
        upgrade_versions: c.upgrade_finalized ? upgradeTargets(c.version, (await values('versions')).map(String)) : [],
        can_finalize: !c.upgrade_finalized,
        allowed_operations: operationsAllowedIn(c.status),
      };
    },

    /** The cluster's jobs, newest first, keyset-paginated on (created_at, job_id) like /api/jobs. */
    jobs: async (clusterId: string, p: { limit?: number | undefined; cursor?: string | undefined } = {}) => {
      const c = await mustFind(clusterId);
      const limit = Math.min(Math.max(p.limit ?? 50, 1), MAX_PAGE);
      const rows = await listVisibleJobs(deps.db, CLUSTER_ROUTE_SCOPE, {
        clusterId, limit: limit + 1, ...(p.cursor ? { after: decodeJobCursor(p.cursor) } : {}),
      });
      const page = rows.slice(0, limit);
      return {
        cluster_id: c.cluster_id,
        items: page.map(withLastSeq),
        next_cursor: rows.length > limit ? encodeJobCursor(page[page.length - 1]!) : null,
      };
    },

    job: async (clusterId: string, jobId: string, afterSeq = 0) => {
      const row = /^[0-9a-f-]{36}$/i.test(jobId) ? await findVisibleJob(deps.db, CLUSTER_ROUTE_SCOPE, jobId) : undefined;
      if (!row || row.cluster_id !== clusterId) throw new NotFoundError(`Job ${jobId} of cluster ${clusterId} not found.`);
      const job = withLastSeq(row);
      const tasks = await listTasks(deps.db, jobId, afterSeq, MAX_TASKS);
      return { job, tasks, last_seq: tasks.length ? tasks[tasks.length - 1]!.seq : afterSeq };
    },

    promTargets: async () =>
      (await listPromTargetClusters(deps.db))
        .map((c) => ({ targets: allNodes(c.cluster_inventory).map((ip) => `${ip.includes(':') ? `[${ip}]` : ip}:${deps.cockroachHttpPort}`), labels: { cluster: c.cluster_id } }))
        .filter((t) => t.targets.length > 0),
  };
};

export type ClusterQueries = ReturnType<typeof createClusterQueries>;
