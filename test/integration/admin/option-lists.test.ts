// Admin option lists over HTTP: create/list/delete for versions, node counts, vCPU counts and disk sizes; 409 on
// duplicates; table-driven 400s that leave the data unchanged; deletes of values that live clusters use are allowed
// and reported; every mutation audited; GET /api/clusters/options for users.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedInject, createTestApiKey } from '../../helpers/auth.js';
import { eventsFor, insertCluster, setupAdmin, type AdminCtx } from '../../helpers/admin.js';

type Page<T> = { items: T[]; next_offset: number | null };
type ErrorBody = { error: { code: string; message: string } };

const LISTS = [
  { path: 'versions', field: 'version', good: 'v26.1.0', dupe: 'v25.2.5', inUse: 'v25.2.5', clusterField: 'version', audit: 'VERSION' },
  { path: 'node-counts', field: 'node_count', good: 11, dupe: 3, inUse: 3, clusterField: 'node_count', audit: 'NODE_COUNT' },
  { path: 'cpu-counts', field: 'cpu_count', good: 64, dupe: 4, inUse: 4, clusterField: 'node_cpus', audit: 'CPU_COUNT' },
  { path: 'disk-sizes', field: 'size_gb', good: 4000, dupe: 100, inUse: 100, clusterField: 'disk_size', audit: 'DISK_SIZE' },
] as const;

const INVALID: Record<(typeof LISTS)[number]['path'], [unknown, RegExp][]> = {
  versions: [['25.2.4', /vYY\.R\.P/], ['v25.2', /vYY\.R\.P/], ['v25.2.4-rc.1', /vYY\.R\.P/], ['latest', /vYY\.R\.P/], [25, /Invalid body/]],
  'node-counts': [[0, /between 1 and 100/], [-3, /between 1 and 100/], [101, /between 1 and 100/], [2.5, /Invalid body/], ['3', /Invalid body/]],
  'cpu-counts': [[0, /between 1 and 512/], [1024, /between 1 and 512/], [1.5, /Invalid body/]],
  'disk-sizes': [[5, /between 10 and 65536/], [100000, /between 10 and 65536/], [null, /Invalid body/]],
};

describe('admin option lists', () => {
  let t: AdminCtx;
  before(async () => {
    t = await setupAdmin('options');
    await insertCluster(t.db, 'live-one', { version: 'v25.2.5', node_count: 3, node_cpus: 4, disk_size: 100 });
    await insertCluster(t.db, 'gone-one', { status: 'DELETED', version: 'v25.2.5', node_count: 3, node_cpus: 4, disk_size: 100 });
  });
  after(() => t.close());

  for (const l of LISTS) {
    describe(l.path, () => {
      it('happy: create, list, delete, audited', async () => {
        const created = await t.call<Record<string, unknown>>('POST', `/api/admin/${l.path}`, { [l.field]: l.good });
        assert.equal(created.status, 201, created.raw);
        assert.deepEqual(created.body, { [l.field]: l.good });
        const list = await t.call<Page<Record<string, unknown>>>('GET', `/api/admin/${l.path}?limit=500`);
        assert.ok(list.body.items.some((i) => i[l.field] === l.good));
        const del = await t.call<{ deleted: Record<string, unknown>; in_use_by: string[] }>('DELETE', `/api/admin/${l.path}/${l.good}`);
        assert.equal(del.status, 200, del.raw);
        assert.deepEqual(del.body, { deleted: { [l.field]: l.good }, in_use_by: [] });
        assert.equal((await t.call('DELETE', `/api/admin/${l.path}/${l.good}`)).status, 404);
        const createdEv = await eventsFor(t.db, `${l.audit}_CREATED`);
        assert.deepEqual(createdEv.at(-1)?.details, { [l.field]: l.good });
        assert.equal((await eventsFor(t.db, `${l.audit}_DELETED`)).at(-1)?.actor, t.admin.accessKey);
      });

      it('409 on a duplicate', async () => {
        const r = await t.call<ErrorBody>('POST', `/api/admin/${l.path}`, { [l.field]: l.dupe });
        assert.equal(r.status, 409);
        assert.match(r.body.error.message, /already exists/);
      });

      for (const [value, why] of INVALID[l.path]) {
        it(`400 for ${JSON.stringify(value)}, list unchanged`, async () => {
          const before = (await t.call<Page<unknown>>('GET', `/api/admin/${l.path}?limit=500`)).body;
          const r = await t.call<ErrorBody>('POST', `/api/admin/${l.path}`, { [l.field]: value });
          assert.equal(r.status, 400, r.raw);
          assert.match(r.body.error.message, why);
          assert.deepEqual((await t.call<Page<unknown>>('GET', `/api/admin/${l.path}?limit=500`)).body, before);
        });
      }

      it('deleting a value a live cluster uses is allowed and reported (DELETED clusters do not count)', async () => {
        const r = await t.call<{ in_use_by: string[] }>('DELETE', `/api/admin/${l.path}/${l.inUse}`);
        assert.equal(r.status, 200, r.raw);
        assert.deepEqual(r.body.in_use_by, ['live-one']);
        assert.equal((await t.call('POST', `/api/admin/${l.path}`, { [l.field]: l.inUse })).status, 201);
      });
    });
  }

  it('lists versions newest first by version number, and paginates stably', async () => {
    await t.call('POST', '/api/admin/versions', { version: 'v25.2.10' });
    const all = (await t.call<Page<{ version: string }>>('GET', '/api/admin/versions?limit=500')).body.items.map((i) => i.version);
    assert.deepEqual(all.slice(0, 4), ['v25.4.1', 'v25.3.2', 'v25.2.10', 'v25.2.5']);
    assert.equal(all.at(-1), 'v24.1.20');
    const p1 = (await t.call<Page<{ version: string }>>('GET', '/api/admin/versions?limit=3')).body;
    const p2 = (await t.call<Page<{ version: string }>>('GET', `/api/admin/versions?limit=3&offset=${p1.next_offset}`)).body;
    assert.deepEqual([...p1.items, ...p2.items].map((i) => i.version), all.slice(0, 6));
    assert.equal((await t.call('GET', '/api/admin/versions?limit=501')).status, 400);
  });

  it('GET /api/clusters/options gives a read-only user what the create dialog needs', async () => {
    await t.call('POST', '/api/admin/regions', { cloud: 'aws', region: 'us-east-1', zone: 'us-east-1a' });
    await t.call('POST', '/api/admin/regions', { cloud: 'aws', region: 'us-east-1', zone: 'us-east-1b' });
    await t.call('POST', '/api/admin/regions', { cloud: 'gcp', region: 'europe-west1', zone: 'europe-west1-b' });
    const viewer = await createTestApiKey(t.db, t.built.secrets, { roles: ['CP_READONLY'], groups: ['team-a'] });
    const r = await signedInject(t.app, viewer, { url: '/api/clusters/options' });
    assert.equal(r.statusCode, 200, r.body);
    const o = r.json<{ versions: string[]; node_counts: number[]; cpu_counts: number[]; disk_sizes: number[]; regions: unknown[] }>();
    assert.equal(o.versions[0], 'v25.4.1');
    assert.deepEqual(o.node_counts, [...o.node_counts].sort((a, b) => a - b));
    assert.ok(o.cpu_counts.includes(8) && o.disk_sizes.includes(500));
    assert.deepEqual(o.regions, [
      { region_id: 'aws:us-east-1', cloud: 'aws', region: 'us-east-1', zones: 2 },
      { region_id: 'gcp:europe-west1', cloud: 'gcp', region: 'europe-west1', zones: 1 },
    ]);
    assert.equal((await t.app.inject({ url: '/api/clusters/options' })).statusCode, 401);
  });
});
