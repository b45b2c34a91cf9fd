import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDeployment, distributeNodes, MissingRegionError, zonesByRegion, type ZoneRow } from './deployment.js';
import { planScale } from './scale-plan.js';
import { buildInventories } from './inventory.js';

const zone = (cloud: string, region: string, z: string, extras: Record<string, unknown> = {}): ZoneRow => ({
  cloud, region, zone: z, vpc_id: `vpc-${region}`, subnet: `sn-${z}`, image: 'ami-1', security_groups: ['sg'], extras,
});

describe('deployment building (spec §5.2.1)', () => {
  it('distributes nodes round-robin over zones', () => {
    assert.deepEqual(distributeNodes(5, 3), [2, 2, 1]);
    assert.deepEqual(distributeNodes(2, 3), [1, 1, 0]);
  });

  it('one HAProxy group per region on its first zone, then one CockroachDB group per zone, merged with extras', () => {
    const zones = zonesByRegion([zone('aws', 'eu', 'a'), zone('aws', 'eu', 'b', { user: 'ec2-user' }), zone('gcp', 'us', 'x')]);
    const d = buildDeployment({ name: 'prod-1', regions: ['aws:eu', 'gcp:us'], nodeCount: 3, nodeCpus: 4, diskSize: 100 }, zones);
    assert.deepEqual(d.map((g) => [g.inventory_groups, g.exact_count, (g.groups as { zone: string }[])[0]!.zone]), [
      [['haproxy'], 1, 'a'], [['cockroachdb'], 2, 'a'], [['cockroachdb'], 1, 'b'],
      [['haproxy'], 1, 'x'], [['cockroachdb'], 3, 'x'],
    ]);
    assert.deepEqual(d[1], {
      cluster_name: 'prod-1', copies: 1, inventory_groups: ['cockroachdb'], exact_count: 2, instance: { cpu: 4 },
      volumes: { os: { size: 20, type: 'standard_ssd' }, data: [{ size: 100, type: 'standard_ssd', iops: 2000, throughput: 120, delete_on_termination: true }] },
      tags: { Name: 'prod-1-crdb' },
      groups: [{ user: 'ubuntu', public_ip: true, public_key_id: 'workshop', tags: { owner: 'fabio' }, cloud: 'aws', image: 'ami-1', region: 'eu', vpc_id: 'vpc-eu', security_groups: ['sg'], zone: 'a', subnet: 'sn-a' }],
    });
    assert.equal(d[2]!.user, 'ec2-user', 'zone extras are merged into the group');
    assert.deepEqual(d[0]!.tags, { Name: 'prod-1-lb' });
  });

  it('fails clearly when a requested region has no zone rows', () => {
    assert.throws(
      () => buildDeployment({ name: 'x123', regions: ['aws:eu', 'azure:west'], nodeCount: 3, nodeCpus: 2, diskSize: 10 }, zonesByRegion([zone('aws', 'eu', 'a')])),
      (e: Error) => e instanceof MissingRegionError && /No region configuration found for azure:west/.test(e.message),
    );
  });

  it('inventories come from the Data output per requested region', () => {
    const inv = buildInventories(['aws:eu'], {
      cockroachdb: [{ cloud: 'aws', region: 'eu', public_ip: '1.1.1.1' }, { cloud: 'gcp', region: 'us', public_ip: '2.2.2.2' }],
      haproxy: [{ cloud: 'aws', region: 'eu', public_ip: 'lb.eu' }],
    });
    assert.deepEqual(inv, { cluster: [{ cloud: 'aws', region: 'eu', nodes: ['1.1.1.1'] }], lbs: [{ cloud: 'aws', region: 'eu', dns_address: 'lb.eu' }] });
  });
});

describe('scale plan (spec §5.2.3 order, each step only when needed)', () => {
  const cur = { node_count: 3, node_cpus: 2, disk_size: 100, regions: ['a:1', 'a:2'] };
  it('orders disk, vCPUs, nodes, regions added, regions removed', () => {
    const steps = planScale(cur, { node_count: 5, node_cpus: 4, disk_size: 200, regions: ['a:2', 'a:3'] });
    assert.deepEqual(steps.map((s) => [s.step, s.playbook, s.deploymentRegions.join(',')]), [
      ['disk_size', 'SCALE_DISK_SIZE', ''],
      ['node_cpus', 'SCALE_NODE_CPUS', ''],
      ['nodes_out', 'SCALE_CLUSTER_OUT', 'a:1,a:2'],
      ['regions_added', 'SCALE_CLUSTER_OUT', 'a:1,a:2,a:3'],
      ['regions_removed', 'SCALE_CLUSTER_IN', 'a:2,a:3'],
    ]);
  });
  it('nothing to do is an empty plan; fewer nodes is a scale-in', () => {
    assert.deepEqual(planScale(cur, cur), []);
    assert.deepEqual(planScale(cur, { ...cur, node_count: 1 }).map((s) => s.playbook), ['SCALE_CLUSTER_IN']);
  });
});
