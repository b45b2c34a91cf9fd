import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimestamp } from './signature.js';

describe('parseTimestamp', () => {
  it('parses epoch seconds and ISO-8601', () => {
    assert.equal(parseTimestamp('1764000000')?.getTime(), 1764000000_000);
    assert.equal(parseTimestamp(' 1764000000.123 ')?.getTime(), 1764000000_123);
    assert.equal(parseTimestamp('2026-01-02T03:04:05Z')?.toISOString(), '2026-01-02T03:04:05.000Z');
  });
  it('never returns an Invalid Date: out-of-range and malformed values are undefined (issue 11)', () => {
    for (const v of ['99999999999999', '9'.repeat(30), '2026-13-45T99:99:99Z', 'yesterday', '', '1e9', '-5']) {
      assert.equal(parseTimestamp(v), undefined, v);
    }
  });
});
