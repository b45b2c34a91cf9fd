import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterNameProblem, parseRegionId } from './cluster-rules.js';
import { allowedNextMajors, isMajorUpgrade, upgradeTargets } from './upgrade-targets.js';

describe('cluster name rule', () => {
  it('accepts valid names as they are', () => {
    for (const n of ['prod', 'orders-eu-1', 'a123', 'x'.repeat(40)]) assert.equal(clusterNameProblem(n), undefined, n);
  });
  it('rejects (never mangles) invalid names, stating the rule', () => {
    for (const n of ['abc', '1abc', 'Prod', 'prod-', 'pr_od', 'x'.repeat(41), 'ab c', '']) {
      assert.match(clusterNameProblem(n) ?? '', /not a valid cluster name: a cluster name is 4-40 characters/, n);
    }
  });
  it('parses region ids', () => {
    assert.deepEqual(parseRegionId('aws:eu-west-1'), { cloud: 'aws', region: 'eu-west-1' });
    for (const bad of ['aws', ':x', 'aws:', 'a:b:c']) assert.equal(parseRegionId(bad), undefined, bad);
  });
});

describe('upgrade targets', () => {
  const all = [
    'v23.2.9', 'v24.1.0', 'v24.1.3', 'v24.1.5', 'v24.2.1', 'v24.3.0', 'v24.3.2', 'v24.4.1', 'v25.1.0', 'v25.2.0',
    'v25.3.0', 'v25.4.0', 'v26.1.0', 'v24.1.5-rc.1', 'latest',
  ];
  it('patches of the running major, never the current or older versions', () => {
    assert.deepEqual(upgradeTargets('v24.1.3', all), ['v24.1.5', 'v24.2.1']);
  });
  it('from an innovation release only the next major', () => {
    assert.deepEqual(allowedNextMajors('v24.3.0'), ['24.4']);
    assert.deepEqual(upgradeTargets('v24.3.0', all), ['v24.3.2', 'v24.4.1']);
    assert.deepEqual(upgradeTargets('v25.1.0', all), ['v25.2.0']);
  });
  it('from a regular release the innovation release may be skipped', () => {
    assert.deepEqual(allowedNextMajors('v24.2.1'), ['24.3', '24.4']);
    assert.deepEqual(upgradeTargets('v24.2.1', all), ['v24.3.0', 'v24.3.2', 'v24.4.1']);
    assert.deepEqual(upgradeTargets('v24.4.1', all), ['v25.1.0', 'v25.2.0']);
    assert.deepEqual(upgradeTargets('v25.2.0', all), ['v25.3.0', 'v25.4.0']);
  });
  it('never two majors ahead, and unparseable input yields nothing instead of a 500', () => {
    assert.ok(!upgradeTargets('v23.2.9', all).includes('v24.2.1'));
    assert.deepEqual(upgradeTargets('latest', all), []);
  });
  it('knows which upgrades need finalization', () => {
    assert.equal(isMajorUpgrade('v24.1.3', 'v24.1.5'), false);
    assert.equal(isMajorUpgrade('v24.1.3', 'v24.2.1'), true);
  });
});
