// Checks a cluster request must pass BEFORE a job is enqueued, so a request that cannot run fails fast with a 400
// saying what to configure (a job never sits in QUEUED, or fails later, for a missing region or playbook). Each
// passed check is recorded, which is what `?dry_run=true` shows.
import type { Queryable } from '../../infra/db/db.js';
import { findActiveExclusiveJob } from '../../repositories/jobs.repository.js';
import { listAllOptionValues, type OptionList } from '../../repositories/option-lists.repository.js';
import { findDefaultPlaybook, type PlaybookName } from '../../repositories/playbooks.repository.js';
import { listRegionZones } from '../../repositories/regions.repository.js';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import { MIN_TOTAL_NODES, parseRegionId, totalNodes } from './cluster-rules.js';

export type Check = { check: string; ok: true; detail: string };

const OPTION_LABEL: Record<OptionList, { field: string; admin: string }> = {
  versions: { field: 'version', admin: 'Admin → Versions (POST /api/admin/versions)' },
  node_counts: { field: 'node_count', admin: 'Admin → Node counts (POST /api/admin/node-counts)' },
  cpu_counts: { field: 'node_cpus', admin: 'Admin → vCPUs per node (POST /api/admin/cpu-counts)' },
  disk_sizes: { field: 'disk_size', admin: 'Admin → Disk sizes (POST /api/admin/disk-sizes)' },
};

export const createPreflight = (q: Queryable) => {
  const checks: Check[] = [];
  const pass = (check: string, detail: string) => checks.push({ check, ok: true, detail });

  return {
    checks,

    /** The value must be in the admin's option list (changed values only, for scale). */
    async offered(list: OptionList, value: string | number) {
      const values = (await listAllOptionValues(q, list)).map(String);
      const { field, admin } = OPTION_LABEL[list];
      if (values.length === 0) throw new ValidationError(`No ${field} options are configured: an admin must add some under ${admin}.`);
      if (!values.includes(String(value))) {
        throw new ValidationError(`${field} ${value} is not offered (offered: ${values.join(', ')}); an admin can add it under ${admin}.`, {
          field, offered: values,
        });
      }
      pass(`${field} offered`, String(value));
    },

    /** Every region id well-formed, distinct, with at least one zone row in the regions catalogue. */
    async regionsConfigured(regions: readonly string[]) {
      if (regions.length === 0) throw new ValidationError('At least one region is required.');
      if (new Set(regions).size !== regions.length) throw new ValidationError('A region is listed twice.');
      const missing: string[] = [];
      for (const id of regions) {
        const r = parseRegionId(id);
        if (!r) throw new ValidationError(`"${id}" is not a region id; use "cloud:region" (see GET /api/clusters/options).`);
        if ((await listRegionZones(q, r.cloud, r.region)).length === 0) missing.push(id);
      }
      if (missing.length > 0) {
        throw new ValidationError(
          `No region configuration found for ${missing.join(', ')}: an admin must add the region's zones (VPC, subnet, ` +
            `image) under Admin → Regions (POST /api/admin/regions) before clusters can be deployed there.`,
          { missing_regions: missing },
        );
      }
      pass('regions configured', regions.join(', '));
    },

    minimumSize(nodeCount: number, regions: number) {
      if (totalNodes(nodeCount, regions) < MIN_TOTAL_NODES) {
        throw new ValidationError(
          `A cluster needs at least ${MIN_TOTAL_NODES} nodes in total (node_count is per region): ${nodeCount} × ${regions} region(s) = ${totalNodes(nodeCount, regions)}.`,
        );
      }
      pass('at least 3 nodes', `${nodeCount} per region × ${regions} region(s)`);
    },

    /** The playbooks the operation runs must have a version; returns the versions that will run. */
    async playbooks(names: readonly PlaybookName[]): Promise<Map<PlaybookName, number>> {
      const out = new Map<PlaybookName, number>();
      for (const name of new Set(names)) {
        const pb = await findDefaultPlaybook(q, name);
        if (!pb) {
          throw new ValidationError(`No ${name} playbook is configured: an admin must add a version under Admin → Playbooks (POST /api/admin/playbooks/${name}/versions).`);
        }
        out.set(name, Number(pb.version));
        pass(`playbook ${name}`, `version ${pb.version}`);
      }
      return out;
    },

    /** No other operation may be active on the cluster (the unique index enforces it; this names the job). */
    async noActiveOperation(clusterId: string) {
      const blocking = await findActiveExclusiveJob(q, clusterId);
      if (blocking) {
        throw new ConflictError(
          `Cluster ${clusterId} already has an active ${blocking.kind} job (${blocking.job_id}); wait for it or cancel it.`,
          { cluster_id: clusterId, blocking_job_id: blocking.job_id, blocking_job_kind: blocking.kind },
        );
      }
      pass('no active operation', clusterId);
    },

    pass,
  };
};

export type Preflight = ReturnType<typeof createPreflight>;
