import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareCockroachVersions, majorSeries, parseCockroachVersion, sortVersionsNewestFirst } from './cockroach-version.js';

describe('cockroach-version', () => {
  it('parses vYY.R.P and refuses everything else', () => {
    assert.deepEqual(parseCockroachVersion('v25.2.4'), { year: 25, release: 2, patch: 4, text: 'v25.2.4' });
    for (const bad of ['25.2.4', 'v25.2', 'v25.2.4-beta.1', 'v25.5.0', 'v2025.2.4', 'v25.2.x', ' v25.2.4', 'V25.2.4', '']) {
      assert.equal(parseCockroachVersion(bad), undefined, bad);
    }
  });
  it('compares numerically, not as text', () => {
    assert.ok(compareCockroachVersions('v25.2.10', 'v25.2.9') > 0);
    assert.ok(compareCockroachVersions('v24.3.14', 'v25.1.0') < 0);
    assert.equal(compareCockroachVersions('v25.1.0', 'v25.1.0'), 0);
    assert.throws(() => compareCockroachVersions('x', 'v25.1.0'), /not a CockroachDB version/);
  });
  it('sorts newest first and gives the major series', () => {
    assert.deepEqual(sortVersionsNewestFirst(['v24.1.20', 'legacy', 'v25.2.10', 'v25.2.9']), ['v25.2.10', 'v25.2.9', 'v24.1.20', 'legacy']);
    assert.equal(majorSeries('v24.1.20'), '24.1');
  });
});
