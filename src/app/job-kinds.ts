// The production job kinds and internal schedules, in one place. Later issues add their kinds here.
import type { ScheduleDefinition } from '../repositories/schedules.repository.js';
import { createJobRegistry, type JobRegistry } from '../jobs/registry.js';
import type { AnyJobKind } from '../jobs/types.js';
import type { SettingsReader } from '../services/settings/settings.reader.js';
import { RETENTION_SWEEP, createRetentionSweepKind } from '../workers/local/retention-sweep.handler.js';
import { createClusterJobKinds, HEALTHCHECK_SCHEDULE, type ClusterWorkerDeps } from '../workers/remote/cluster-kinds.js';
import type { ClusterSql } from '../infra/cockroach/cluster-sql.js';
import { ACCESS_DRIFT_SCHEDULE, createAccessDriftKind } from '../workers/local/access-drift.handler.js';

export type JobKindDeps = {
  settings: Pick<SettingsReader, 'getInt'>;
  cluster: ClusterWorkerDeps;
  /** The managed-cluster SQL client, for kinds that talk to clusters over SQL (ACCESS_DRIFT_CHECK). */
  clusterSql?: ClusterSql;
};

export const productionJobKinds = (deps: JobKindDeps): AnyJobKind[] => [
  createRetentionSweepKind(deps),
  ...createClusterJobKinds(deps.cluster),
  // Registered in every process so the schedule's jobs are known; without a SQL client the handler gets one from the
  // process's composition (main.ts passes it).
  ...(deps.clusterSql
    ? [createAccessDriftKind({ db: deps.cluster.db, secrets: deps.cluster.secrets, settings: deps.cluster.settings, clusterSql: deps.clusterSql })]
    : []),
];

export const INTERNAL_SCHEDULES: readonly ScheduleDefinition[] = [
  {
    name: 'retention-sweeper',
    kind: RETENTION_SWEEP,
    payload: {},
    intervalSeconds: 3600,
    firstRunDelaySeconds: 300,
    description: 'Deletes finished jobs, audit events, resolved alerts, DELETED clusters and expired auth rows per the retention.* settings.',
  },
  HEALTHCHECK_SCHEDULE,
  ACCESS_DRIFT_SCHEDULE,
];

export const createProductionRegistry = (deps: JobKindDeps, extra: readonly AnyJobKind[] = []): JobRegistry =>
  createJobRegistry([...productionJobKinds(deps), ...extra]);
