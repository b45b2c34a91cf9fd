import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs, withTxRetry } from './retry.js';

describe('transaction retry policy', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50 };

  it('grows exponentially, is capped, and is jittered below the ceiling', () => {
    assert.equal(backoffDelayMs(1, policy, () => 0.999), 9);
    assert.equal(backoffDelayMs(2, policy, () => 0.999), 19);
    assert.equal(backoffDelayMs(3, policy, () => 0.999), 39);
    assert.equal(backoffDelayMs(10, policy, () => 0.999), 49);
    assert.equal(backoffDelayMs(3, policy, () => 0), 0);
  });

  it('re-runs only on 40001, up to maxAttempts', async () => {
    let calls = 0;
    const serialization = Object.assign(new Error('restart transaction'), { code: '40001' });
    await assert.rejects(withTxRetry(async () => { calls++; throw serialization; }, policy), serialization);
    assert.equal(calls, 4);
    calls = 0;
    const unique = Object.assign(new Error('dup'), { code: '23505' });
    await assert.rejects(withTxRetry(async () => { calls++; throw unique; }, policy), unique);
    assert.equal(calls, 1);
  });
});
