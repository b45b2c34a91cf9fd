// THE cluster state machine (spec §2.2 states, decisions.md "Clusters"/"Jobs"). Every transition a cluster can take
// is declared here and nowhere else: which operations may start in which state, the transitional state an operation
// puts the cluster in (set in the same transaction as its job is enqueued, and again when the job starts, so a
// rescheduled job behaves the same), where it lands on success and on failure, and where it lands when its worker
// is lost or it is cancelled. Job kinds' onFailure and the health check only ask this module.
import { ConflictError } from '../../shared/errors.js';

import type { ClusterStatus } from '../../shared/cluster-model.js';

export { CLUSTER_STATUSES, type ClusterStatus } from '../../shared/cluster-model.js';

export const CLUSTER_OPERATIONS = [
  'CREATE_CLUSTER', 'RECREATE_CLUSTER', 'DELETE_CLUSTER', 'SCALE_CLUSTER', 'UPGRADE_CLUSTER', 'FINALIZE_UPGRADE',
] as const;
export type ClusterOperation = (typeof CLUSTER_OPERATIONS)[number];

export type Transition = {
  /** States in which the operation may be requested. CREATE_CLUSTER also starts when no cluster row exists. */
  from: readonly ClusterStatus[];
  /** Set when the job is enqueued and (again, idempotently) when it starts running. */
  during: ClusterStatus;
  success: ClusterStatus;
  /** The playbook failed, the handler threw, the job timed out, or it was cancelled while running. */
  failure: ClusterStatus;
  /** The worker died mid-run (the reaper found its lease expired): work may be half done, so as a failure. */
  lostWorker: ClusterStatus;
  /** Cancelled while still QUEUED: nothing ran. 'previous' restores the state the request found. */
  cancelledBeforeStart: ClusterStatus | 'previous';
};

const FAILED_STATES: readonly ClusterStatus[] = ['CREATE_FAILED', 'SCALE_FAILED', 'UPGRADE_FAILED', 'DELETE_FAILED', 'RESTORE_FAILED'];

export const TRANSITIONS: Readonly<Record<ClusterOperation, Transition>> = {
  CREATE_CLUSTER: {
    from: ['DELETED'], during: 'CREATING', success: 'ACTIVE', failure: 'CREATE_FAILED', lostWorker: 'CREATE_FAILED',
    // The row exists from the request on; a create that never ran is a failed create the user can delete or rerun.
    cancelledBeforeStart: 'CREATE_FAILED',
  },
  RECREATE_CLUSTER: {
    from: ['CREATE_FAILED'], during: 'CREATING', success: 'ACTIVE', failure: 'CREATE_FAILED', lostWorker: 'CREATE_FAILED',
    cancelledBeforeStart: 'CREATE_FAILED',
  },
  DELETE_CLUSTER: {
    from: ['ACTIVE', 'UNHEALTHY', ...FAILED_STATES], during: 'DELETING', success: 'DELETED', failure: 'DELETE_FAILED',
    lostWorker: 'DELETE_FAILED', cancelledBeforeStart: 'previous',
  },
  SCALE_CLUSTER: {
    from: ['ACTIVE', 'UNHEALTHY', 'SCALE_FAILED'], during: 'SCALING', success: 'ACTIVE', failure: 'SCALE_FAILED',
    lostWorker: 'SCALE_FAILED', cancelledBeforeStart: 'previous',
  },
  UPGRADE_CLUSTER: {
    from: ['ACTIVE', 'UNHEALTHY', 'UPGRADE_FAILED'], during: 'UPGRADING', success: 'ACTIVE', failure: 'UPGRADE_FAILED',
    lostWorker: 'UPGRADE_FAILED', cancelledBeforeStart: 'previous',
  },
  FINALIZE_UPGRADE: {
    from: ['ACTIVE', 'UNHEALTHY'], during: 'UPGRADING', success: 'ACTIVE', failure: 'UPGRADE_FAILED',
    lostWorker: 'UPGRADE_FAILED', cancelledBeforeStart: 'previous',
  },
};

/** Health checks move only between these two; any other state belongs to an operation and is left alone. */
export const HEALTH_STATES: readonly ClusterStatus[] = ['ACTIVE', 'UNHEALTHY'];

export const healthTarget = (healthy: boolean): ClusterStatus => (healthy ? 'ACTIVE' : 'UNHEALTHY');

export const isClusterOperation = (kind: string): kind is ClusterOperation => (CLUSTER_OPERATIONS as readonly string[]).includes(kind);

export const isFailedState = (s: ClusterStatus) => FAILED_STATES.includes(s);

/** A state some operation is in the middle of (CREATING, SCALING, …). */
export const isTransitional = (s: ClusterStatus) => Object.values(TRANSITIONS).some((t) => t.during === s);

/** Operations a user may request in a state (what the webapp enables). */
export const operationsAllowedIn = (status: ClusterStatus): ClusterOperation[] =>
  CLUSTER_OPERATIONS.filter((op) => TRANSITIONS[op].from.includes(status));

/** Throws 409 with the rule when the operation cannot start from `status`. */
export const assertCanStart = (op: ClusterOperation, clusterId: string, status: ClusterStatus) => {
  const t = TRANSITIONS[op];
  if (!t.from.includes(status)) {
    throw new ConflictError(
      `Cluster ${clusterId} is ${status}; ${op} is allowed only when it is ${t.from.join(', ')}.`,
      { cluster_id: clusterId, status, operation: op, allowed_from: t.from },
    );
  }
};

/** A job may (re)start its operation when the cluster is in a `from` state or already in `during`. */
export const canRun = (op: ClusterOperation, status: ClusterStatus) =>
  TRANSITIONS[op].from.includes(status) || TRANSITIONS[op].during === status;

export type EndReason = 'error' | 'timeout' | 'cancelled' | 'lease_expired';

/**
 * Where a cluster lands when its operation's job ends without success. `started` is false for a job cancelled while
 * QUEUED; `previous` is the status the request found (clusters.operation_from_status).
 */
export const stateAfterFailure = (
  op: ClusterOperation,
  reason: EndReason,
  started: boolean,
  previous: ClusterStatus | null,
): ClusterStatus => {
  const t = TRANSITIONS[op];
  if (reason === 'cancelled' && !started) {
    if (t.cancelledBeforeStart !== 'previous') return t.cancelledBeforeStart;
    return previous && previous !== t.during ? previous : t.failure;
  }
  if (reason === 'lease_expired') return t.lostWorker;
  return t.failure;
};
