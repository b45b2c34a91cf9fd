// The production job kinds and internal schedules, in one place. Later issues add their kinds here.
import type { ScheduleDefinition } from '../repositories/schedules.repository.js';
import { createJobRegistry, type JobRegistry } from '../jobs/registry.js';
import type { AnyJobKind } from '../jobs/types.js';
import { RETENTION_SWEEP, retentionSweepKind } from '../workers/local/retention-sweep.handler.js';

export const PRODUCTION_JOB_KINDS: readonly AnyJobKind[] = [retentionSweepKind];

export const INTERNAL_SCHEDULES: readonly ScheduleDefinition[] = [
  {
    name: 'retention-sweeper',
    kind: RETENTION_SWEEP,
    payload: {},
    intervalSeconds: 3600,
    firstRunDelaySeconds: 300,
    description: 'Deletes finished jobs, audit events, resolved alerts, DELETED clusters and expired auth rows per the retention.* settings.',
  },
];

export const createProductionRegistry = (extra: readonly AnyJobKind[] = []): JobRegistry =>
  createJobRegistry([...PRODUCTION_JOB_KINDS, ...extra]);
