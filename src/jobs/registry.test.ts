import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { createJobRegistry, retryDelayMs } from './registry.js';
import type { JobKind } from './types.js';

const kind = (name: string, maxAttempts = 1): JobKind<Record<string, never>> => ({
  kind: name, payload: z.object({}), exclusive: false, retry: { maxAttempts, baseDelayMs: 1_000, maxDelayMs: 10_000 },
  timeoutMs: 1_000, cancellable: true, resumable: true, handler: async () => undefined,
});

describe('job registry', () => {
  it('refuses duplicate, badly named and attempt-less kinds', () => {
    const r = createJobRegistry([kind('A_KIND')]);
    assert.throws(() => r.register(kind('A_KIND')), /registered twice/);
    assert.throws(() => r.register(kind('lower_case')), /SCREAMING_SNAKE/);
    assert.throws(() => r.register(kind('NO_ATTEMPTS', 0)), /maxAttempts/);
    assert.deepEqual(r.kinds(), ['A_KIND']);
  });

  it('backs off exponentially, capped, with ±20 % jitter', () => {
    const policy = { maxAttempts: 9, baseDelayMs: 1_000, maxDelayMs: 10_000 };
    assert.deepEqual([1, 2, 3, 4, 5, 8].map((a) => retryDelayMs(a, policy, () => 0.5)), [1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    assert.equal(retryDelayMs(1, policy, () => 0), 800);
    assert.equal(retryDelayMs(1, policy, () => 1), 1_200);
  });
});
