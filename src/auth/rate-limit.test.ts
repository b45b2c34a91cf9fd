import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateCounter } from './rate-limit.js';

describe('rate counter (fixed one-minute windows)', () => {
  it('allows the limit, then says how long to wait, and resets with the next window', () => {
    let t = 1_000_000;
    const c = createRateCounter(() => t);
    assert.equal(c.hit('ip', 2), undefined);
    assert.equal(c.hit('ip', 2), undefined);
    assert.equal(c.hit('ip', 2), 60);
    t += 45_000;
    assert.equal(c.blocked('ip', 2), 15);
    assert.equal(c.hit('other', 2), undefined, 'keys are independent');
    t += 15_000;
    assert.equal(c.blocked('ip', 2), undefined);
  });
});
