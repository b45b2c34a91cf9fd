// Every cluster job kind, built from the same deps (registered by src/app/job-kinds.ts).
import type { AnyJobKind } from '../../jobs/types.js';
import type { ClusterWorkerDeps } from './cluster-job.js';
import { createCreateClusterKind } from './create-cluster.handler.js';
import { createDeleteClusterKind } from './delete-cluster.handler.js';
import { createHealthcheckKind } from './healthcheck.handler.js';
import { createScaleClusterKind } from './scale-cluster.handler.js';
import { createFinalizeUpgradeKind, createUpgradeClusterKind } from './upgrade-cluster.handler.js';

export type { ClusterWorkerDeps } from './cluster-job.js';

export const createClusterJobKinds = (deps: ClusterWorkerDeps): AnyJobKind[] => [
  createCreateClusterKind(deps, 'CREATE_CLUSTER'),
  createCreateClusterKind(deps, 'RECREATE_CLUSTER'),
  createDeleteClusterKind(deps),
  createScaleClusterKind(deps),
  createUpgradeClusterKind(deps),
  createFinalizeUpgradeKind(deps),
  createHealthcheckKind(deps),
];
