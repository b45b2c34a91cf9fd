import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertCanStart, canRun, CLUSTER_OPERATIONS, CLUSTER_STATUSES, operationsAllowedIn, stateAfterFailure, TRANSITIONS,
  type ClusterStatus,
} from './cluster-state.js';

describe('cluster state machine', () => {
  it('every operation goes through a transitional state and ends in known states', () => {
    for (const op of CLUSTER_OPERATIONS) {
      const t = TRANSITIONS[op];
      for (const s of [t.during, t.success, t.failure, t.lostWorker, ...t.from]) assert.ok(CLUSTER_STATUSES.includes(s), `${op}: ${s}`);
      assert.ok(!t.from.includes(t.during), `${op} cannot start from its own transitional state`);
      assert.notEqual(t.failure, t.during, `${op} failure leaves the transitional state`);
      assert.notEqual(t.lostWorker, t.during, `${op} lost worker leaves the transitional state`);
    }
  });

  it('no operation starts from a transitional state or DELETED (except create over a deleted name)', () => {
    const transitional: ClusterStatus[] = ['CREATING', 'SCALING', 'UPGRADING', 'DELETING', 'RESTORING'];
    for (const s of transitional) assert.deepEqual(operationsAllowedIn(s), [], s);
    assert.deepEqual(operationsAllowedIn('DELETED'), ['CREATE_CLUSTER']);
    assert.deepEqual(operationsAllowedIn('ACTIVE'), ['DELETE_CLUSTER', 'SCALE_CLUSTER', 'UPGRADE_CLUSTER', 'FINALIZE_UPGRADE']);
    assert.deepEqual(operationsAllowedIn('CREATE_FAILED'), ['RECREATE_CLUSTER', 'DELETE_CLUSTER']);
  });

  it('assertCanStart answers 409 with the rule', () => {
    assert.throws(() => assertCanStart('SCALE_CLUSTER', 'c1', 'CREATING'), (e: Error & { status?: number }) => {
      assert.equal(e.status, 409);
      assert.match(e.message, /c1 is CREATING; SCALE_CLUSTER is allowed only when it is ACTIVE, UNHEALTHY, SCALE_FAILED/);
      return true;
    });
    assert.doesNotThrow(() => assertCanStart('DELETE_CLUSTER', 'c1', 'UPGRADE_FAILED'));
  });

  it('a job may start from a from-state or its own transitional state (rescheduled jobs)', () => {
    assert.ok(canRun('CREATE_CLUSTER', 'CREATING'));
    assert.ok(canRun('RECREATE_CLUSTER', 'CREATE_FAILED'));
    assert.ok(!canRun('SCALE_CLUSTER', 'DELETED'));
  });

  it('failure, lost worker and cancel targets', () => {
    assert.equal(stateAfterFailure('CREATE_CLUSTER', 'error', true, null), 'CREATE_FAILED');
    assert.equal(stateAfterFailure('CREATE_CLUSTER', 'lease_expired', true, null), 'CREATE_FAILED');
    assert.equal(stateAfterFailure('CREATE_CLUSTER', 'cancelled', true, null), 'CREATE_FAILED');
    assert.equal(stateAfterFailure('CREATE_CLUSTER', 'cancelled', false, null), 'CREATE_FAILED');
    assert.equal(stateAfterFailure('SCALE_CLUSTER', 'timeout', true, 'ACTIVE'), 'SCALE_FAILED');
    assert.equal(stateAfterFailure('SCALE_CLUSTER', 'cancelled', false, 'UNHEALTHY'), 'UNHEALTHY');
    assert.equal(stateAfterFailure('SCALE_CLUSTER', 'cancelled', false, null), 'SCALE_FAILED');
    assert.equal(stateAfterFailure('DELETE_CLUSTER', 'cancelled', false, 'CREATE_FAILED'), 'CREATE_FAILED');
    assert.equal(stateAfterFailure('DELETE_CLUSTER', 'lease_expired', true, 'ACTIVE'), 'DELETE_FAILED');
    assert.equal(stateAfterFailure('UPGRADE_CLUSTER', 'cancelled', true, 'ACTIVE'), 'UPGRADE_FAILED');
    assert.equal(stateAfterFailure('FINALIZE_UPGRADE', 'error', true, 'ACTIVE'), 'UPGRADE_FAILED');
  });
});
