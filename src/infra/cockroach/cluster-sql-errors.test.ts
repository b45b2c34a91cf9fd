import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppError } from '../../shared/errors.js';
import { clusterUnreachable, describeConnectError, isConnectFailure, statementError } from './cluster-sql-errors.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('managed-cluster error classification', () => {
  it('maps CockroachDB SQLSTATEs to the status a user can act on', () => {
    const status = (code: string) => (statementError('alpha', pgError(code, 'x')) as AppError).status;
    assert.equal(status('42710'), 409);
    assert.equal(status('42P04'), 409);
    assert.equal(status('42704'), 404);
    assert.equal(status('3F000'), 404);
    assert.equal(status('42501'), 403);
    assert.equal(status('57014'), 503);
  });

  it('leaves unknown statement errors alone (a fixed-message 500 upstream)', () => {
    const e = pgError('42601', 'syntax error');
    assert.equal(statementError('alpha', e), e);
  });

  it('tells connection failures from statement errors', () => {
    assert.equal(isConnectFailure(pgError('ECONNREFUSED', 'connect ECONNREFUSED')), true);
    assert.equal(isConnectFailure(pgError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate')), true);
    assert.equal(isConnectFailure(pgError('57P01', 'server is not accepting clients')), true);
    assert.equal(isConnectFailure(pgError('42710', 'exists')), false);
    assert.equal(describeConnectError(pgError('ECONNREFUSED', 'x')), 'connection refused');
  });

  it('names the cluster and every address tried when unreachable', () => {
    const e = clusterUnreachable('alpha', [{ address: '10.0.0.1:26257', error: 'connection refused' }, { address: '10.0.0.2:26257', error: 'no answer' }]);
    assert.equal(e.status, 503);
    assert.match(e.message, /Cluster "alpha" is unreachable: 10\.0\.0\.1:26257 \(connection refused\); 10\.0\.0\.2:26257/);
  });
});
