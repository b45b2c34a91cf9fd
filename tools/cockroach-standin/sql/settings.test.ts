// Cluster settings: src/current/v24.3/show-cluster-setting.md, set-cluster-setting.md, cluster-settings.md and the
// upgrade flow (_includes/common/upgrade/finalize-self-hosted.md: preserve_downgrade_option, SET version).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { names, objects, rejects, run, startCluster, type TestCluster } from './test-kit.js';

describe('cluster settings', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster({ buildTag: 'v24.1.3' }); });
  after(async () => { await c.close(); });

  it('SHOW CLUSTER SETTING x: one column named after the setting; SET / RESET / DEFAULT', async () => {
    const s = await c.session();
    const v = await run(s, 'SHOW CLUSTER SETTING version');
    assert.deepEqual(names(v), ['version']);
    assert.deepEqual(v.rows, [['24.1']]);
    assert.equal((await run(s, `SET CLUSTER SETTING cluster.organization = 'Acme'`)).command, 'SET CLUSTER SETTING');
    assert.deepEqual((await run(s, 'SHOW CLUSTER SETTING cluster.organization')).rows, [['Acme']]);
    await run(s, 'SET CLUSTER SETTING server.jwt_authentication.enabled = true');
    const b = await run(s, 'SHOW CLUSTER SETTING server.jwt_authentication.enabled');
    assert.deepEqual([b.fields[0]!.typeOid, b.rows[0]![0]], [16, 't']);
    await run(s, `SET CLUSTER SETTING sql.defaults.statement_timeout = '90s'`);
    assert.deepEqual((await run(s, 'SHOW CLUSTER SETTING sql.defaults.statement_timeout')).rows, [['00:01:30']]);
    await run(s, 'SET CLUSTER SETTING server.jwt_authentication.enabled = DEFAULT');
    await run(s, 'RESET CLUSTER SETTING cluster.organization');
    assert.deepEqual((await run(s, 'SHOW CLUSTER SETTING cluster.organization')).rows, [['']]);
    assert.deepEqual((await run(s, 'SHOW CLUSTER SETTING server.jwt_authentication.enabled')).rows, [['f']]);
    await run(s, `SET CLUSTER SETTING server.identity_map.configuration = $1`, ['crdb alice@example.com alice']);
    await rejects(run(s, `SET CLUSTER SETTING server.identity_map.configuration = 'only two'`), '22023');
    await rejects(run(s, `SET CLUSTER SETTING server.jwt_authentication.jwks = 'not json'`), '22023');
    await rejects(run(s, 'SHOW CLUSTER SETTING no.such.setting'), '42704', /unknown cluster setting 'no.such.setting'/);
    await rejects(run(s, 'SET CLUSTER SETTING no.such.setting = 1'), '42704');
  });

  it('SHOW [ALL] CLUSTER SETTINGS columns, origin and default_value', async () => {
    const s = await c.session();
    await run(s, `SET CLUSTER SETTING enterprise.license = 'crl-0-xyz'`);
    const r = await run(s, 'SHOW CLUSTER SETTINGS');
    assert.deepEqual(names(r), ['variable', 'value', 'setting_type', 'description', 'default_value', 'origin']);
    const lic = objects(r).find((x) => x.variable === 'enterprise.license')!;
    assert.deepEqual([lic.value, lic.setting_type, lic.origin, lic.default_value], ['crl-0-xyz', 's', 'override', '']);
    assert.equal(objects(r).find((x) => x.variable === 'server.time_until_store_dead')!.value, '5m0s');
    const all = await run(s, 'SHOW ALL CLUSTER SETTINGS');
    assert.deepEqual(names(all), ['variable', 'value', 'setting_type', 'public', 'description', 'default_value', 'origin']);
  });

  it('only admins (or MODIFYCLUSTERSETTING) may set, 42501 otherwise', async () => {
    const s = await c.session();
    await run(s, 'CREATE USER viewer VIEWCLUSTERSETTING; CREATE USER nobody; CREATE USER modifier MODIFYCLUSTERSETTING');
    await run(await c.session('viewer'), 'SHOW CLUSTER SETTING version');
    await rejects(run(await c.session('viewer'), `SET CLUSTER SETTING cluster.organization = 'x'`), '42501');
    await rejects(run(await c.session('nobody'), 'SHOW CLUSTER SETTINGS'), '42501');
    await run(await c.session('modifier'), `SET CLUSTER SETTING cluster.organization = 'y'`);
  });

  it('version: preserve_downgrade_option pins it, finalize is bounded by node binaries, auto-upgrade when unpinned', async () => {
    const s = await c.session();
    await rejects(run(s, `SET CLUSTER SETTING cluster.preserve_downgrade_option = '23.2'`), '22023');
    await run(s, `SET CLUSTER SETTING cluster.preserve_downgrade_option = '24.1'`);
    // Every node moves to a v24.2 binary (the restart re-registers the same store).
    await c.catalog.registerNode({ storeDir: `/tmp/${c.key}/n1`, address: '127.0.0.1:26257', sqlAddress: '127.0.0.1:26257',
      httpAddress: '127.0.0.1:8080', locality: 'region=local', buildTag: 'v24.2.0' });
    await c.catalog.heartbeat(c.nodeId, 60_000, { capacityBytes: 1e9, availableBytes: 6e8, usedBytes: 1e8 });
    assert.deepEqual((await run(s, 'SHOW CLUSTER SETTING version')).rows, [['24.1']], 'pinned');
    assert.deepEqual((await run(s, 'SHOW CLUSTER SETTING cluster.preserve_downgrade_option')).rows, [['24.1']]);
    await rejects(run(s, `SET CLUSTER SETTING version = '24.3'`), '22023', /node 1 is running 24.2/);
    await rejects(run(s, `SET CLUSTER SETTING version = '23.2'`), '22023', /cannot be downgraded/);
    await run(s, 'RESET CLUSTER SETTING cluster.preserve_downgrade_option');
    assert.deepEqual((await run(s, 'SHOW CLUSTER SETTING version')).rows, [['24.2']], 'auto-upgraded');
  });

  it('manual finalize (SET version) moves the version and clears an outdated pin', async () => {
    const other = await startCluster({ buildTag: 'v24.2.1' });
    try {
      const s = await other.session();
      // A cluster upgraded from v24.1 binaries with the pin set before the restart onto v24.2.
      await other.catalog.db.query(`UPDATE standin.settings SET value = '24.1' WHERE name = 'version'`);
      await other.catalog.db.query(`INSERT INTO standin.settings (name, value) VALUES ('cluster.preserve_downgrade_option', '24.1')`);
      assert.deepEqual((await run(s, 'SHOW CLUSTER SETTING version')).rows, [['24.1']]);
      await run(s, `SET CLUSTER SETTING version = '24.2'`);
      assert.deepEqual((await run(s, 'SHOW CLUSTER SETTING version')).rows, [['24.2']]);
      assert.deepEqual((await run(s, 'SHOW CLUSTER SETTING cluster.preserve_downgrade_option')).rows, [['']]);
    } finally {
      await other.close();
    }
  });
});
