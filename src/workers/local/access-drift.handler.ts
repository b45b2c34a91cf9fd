// ACCESS_DRIFT_CHECK (schedule access-drift-check): asks every ACTIVE/UNHEALTHY cluster how its databases, generated
// roles, grants, memberships and SSO settings compare with what cp declared, and records the result per cluster
// (cluster_access_drift: the cluster list's badge). One cluster's failure is recorded for it and does not stop the
// others. It changes nothing on any cluster.
import { z } from 'zod';
import type { JobKind } from '../../jobs/types.js';
import { listClustersForDriftCheck } from '../../repositories/database-access.repository.js';
import type { ScheduleDefinition } from '../../repositories/schedules.repository.js';
import type { AccessDeps } from '../../services/database-access/access-cluster.js';
import { createAccessDriftService } from '../../services/database-access/access-drift.service.js';

export const ACCESS_DRIFT_CHECK = 'ACCESS_DRIFT_CHECK';

const payload = z.object({ cluster_id: z.string().max(64).optional() });

export const createAccessDriftKind = (deps: AccessDeps): JobKind<z.infer<typeof payload>> => ({
  kind: ACCESS_DRIFT_CHECK,
  payload,
  exclusive: false,
  retry: { maxAttempts: 1, baseDelayMs: 60_000, maxDelayMs: 600_000 },
  timeoutMs: 30 * 60_000,
  cancellable: true,
  resumable: true,
  handler: async (ctx) => {
    const drift = createAccessDriftService(deps);
    const clusters = ctx.payload.cluster_id ? [ctx.payload.cluster_id] : await listClustersForDriftCheck(deps.db);
    const summary: Record<string, number | string> = {};
    for (const id of clusters) {
      ctx.signal.throwIfAborted();
      try {
        summary[id] = (await drift.check(id)).length;
      } catch (err) {
        summary[id] = err instanceof Error ? err.message : String(err);
      }
    }
    await ctx.log('Access drift check', Object.entries(summary).map(([k, v]) => `${k}: ${typeof v === 'number' ? `${v} difference(s)` : v}`).join('\n') || 'no cluster to check');
    return { clusters: summary };
  },
});

export const ACCESS_DRIFT_SCHEDULE: ScheduleDefinition = {
  name: 'access-drift-check',
  kind: ACCESS_DRIFT_CHECK,
  payload: {},
  intervalSeconds: 900,
  firstRunDelaySeconds: 120,
  description: 'Compares databases, generated roles, grants, memberships and SSO settings of every ACTIVE/UNHEALTHY cluster with what cp declared; records the drift badge.',
};
