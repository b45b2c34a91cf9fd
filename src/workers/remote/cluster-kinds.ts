// Every cluster job kind, built from the same deps, and the health-check schedule (registered by src/app/job-kinds.ts
// with the other production kinds and internal schedules).
import type { Config } from '../../config/env.js';
import type { Db } from '../../infra/db/db.js';
import { createAnsibleRunner } from '../../infra/ansible/runner.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import type { AnyJobKind } from '../../jobs/types.js';
import type { ScheduleDefinition } from '../../repositories/schedules.repository.js';
import type { ClusterWorkerDeps } from './cluster-job.js';
import { createCreateClusterKind } from './create-cluster.handler.js';
import { createDeleteClusterKind } from './delete-cluster.handler.js';
import { createHealthcheckKind, HEALTHCHECK_CLUSTERS } from './healthcheck.handler.js';
import { createScaleClusterKind } from './scale-cluster.handler.js';
import { createFinalizeUpgradeKind, createUpgradeClusterKind } from './upgrade-cluster.handler.js';

export type { ClusterWorkerDeps } from './cluster-job.js';

/** Production deps of the cluster kinds, from the process config (CP_ANSIBLE_*, CP_HEALTHCHECK_*). */
export const clusterWorkerDeps = (
  d: { config: Pick<Config, 'ansible' | 'healthcheck'>; db: Db; secrets: SecretBox; settings: ClusterWorkerDeps['settings'] },
): ClusterWorkerDeps => ({
  db: d.db,
  secrets: d.secrets,
  settings: d.settings,
  ansible: createAnsibleRunner(d.config.ansible),
  healthcheck: d.config.healthcheck,
});

export const createClusterJobKinds = (deps: ClusterWorkerDeps): AnyJobKind[] => [
  createCreateClusterKind(deps, 'CREATE_CLUSTER'),
  createCreateClusterKind(deps, 'RECREATE_CLUSTER'),
  createDeleteClusterKind(deps),
  createScaleClusterKind(deps),
  createUpgradeClusterKind(deps),
  createFinalizeUpgradeKind(deps),
  createHealthcheckKind(deps),
];

export const HEALTHCHECK_SCHEDULE: ScheduleDefinition = {
  name: 'cluster-healthcheck',
  kind: HEALTHCHECK_CLUSTERS,
  payload: {},
  intervalSeconds: 60,
  firstRunDelaySeconds: 30,
  description: "Probes every node of every ACTIVE/UNHEALTHY cluster at /health?ready=1 and moves the cluster ACTIVE ↔ UNHEALTHY.",
};
