// The production job kinds and internal schedules, in one place. Later issues add their kinds here.
import type { ScheduleDefinition } from '../repositories/schedules.repository.js';
import { createJobRegistry, type JobRegistry } from '../jobs/registry.js';
import type { AnyJobKind } from '../jobs/types.js';
import type { SettingsReader } from '../services/settings/settings.reader.js';
import { RETENTION_SWEEP, createRetentionSweepKind } from '../workers/local/retention-sweep.handler.js';
import { createClusterJobKinds, HEALTHCHECK_SCHEDULE, type ClusterWorkerDeps } from '../workers/remote/cluster-kinds.js';

export type JobKindDeps = { settings: Pick<SettingsReader, 'getInt'>; cluster: ClusterWorkerDeps };

export const productionJobKinds = (deps: JobKindDeps): AnyJobKind[] => [
  createRetentionSweepKind(deps),
  ...createClusterJobKinds(deps.cluster),
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
];

export const createProductionRegistry = (deps: JobKindDeps, extra: readonly AnyJobKind[] = []): JobRegistry =>
  createJobRegistry([...productionJobKinds(deps), ...extra]);
