// Authorization of the cluster routes, generated from the route table so a new cluster route is covered at once:
// anonymous → 401; CP_READONLY may read but gets 403 on every mutation; a caller outside the owner group gets 404 on
// every :cluster_id route (mutations included [1]); none of the refused requests changes anything.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { SecretBox } from '../../../src/infra/crypto/secrets.js';
import { ROUTE_TABLE } from '../../../src/auth/route-table.js';
import { buildTestApp } from '../../helpers/app.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { createBody, seedClusterConfig } from '../../helpers/clusters.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';

const routes = Object.entries(ROUTE_TABLE)
  .filter(([k]) => /^[A-Z]+ \/api\/clusters(\/|$)/.test(k) && k !== 'GET /api/clusters/options')
  .map(([k, rule]) => ({ key: k, method: k.split(' ')[0], path: k.split(' ')[1]!, rule }));
const concrete = (path: string) => path.replace(':cluster_id', 'authz-c1').replace(':job_id', '00000000-0000-4000-8000-000000000000');
const bodyFor = (path: string) =>
  path.endsWith('/scale') ? { node_count: 4, node_cpus: 2, disk_size: 10, regions: ['test:local'] }
    : path.endsWith('/upgrade') ? { version: 'v24.1.4', auto_finalize: false }
      : path === '/api/clusters' ? createBody('authz-new') : undefined;

describe('cluster route authorization', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let reader: TestApiKey;
  let outsider: TestApiKey;
  let secrets: SecretBox;
  const state = async () => (await pg.db.query(`SELECT (SELECT count(*) FROM jobs) AS jobs, (SELECT count(*) FROM event_log) AS events,
    (SELECT string_agg(cluster_id || ':' || status, ',') FROM clusters) AS clusters`)).rows[0];

  before(async () => {
    pg = await createMigratedPg('clusters_authz');
    await seedClusterConfig(pg.db);
    ({ app, secrets } = await buildTestApp(pg.db));
    reader = await createTestApiKey(pg.db, secrets, { roles: ['CP_READONLY'], groups: ['team-a'] });
    outsider = await createTestApiKey(pg.db, secrets, { roles: ['CP_USER'], groups: ['team-b'] });
    await pg.db.query(`INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, regions, created_by, updated_by)
      VALUES ('authz-c1', 'team-a', 'ACTIVE', 'v24.1.3', 3, 2, 10, '{test:local}', 't', 't')`);
  });
  after(async () => {
    await app?.close();
    await pg?.close();
  });

  it('covers every cluster route', () => assert.ok(routes.length >= 11, routes.map((r) => r.key).join(', ')));

  for (const r of routes) {
    it(`${r.key}: anonymous → 401, read-only beyond its role → 403, other group → 404; nothing changes`, async () => {
      const before = await state();
      const url = concrete(r.path);
      const payload = r.method === 'GET' ? undefined : bodyFor(r.path);
      const anon = await app.inject({ method: r.method, url, ...(payload ? { payload } : {}) });
      assert.equal(anon.statusCode, 401, anon.body);
      const ro = await signedInject(app, reader, { method: r.method, url, payload });
      // A reader passes authorization on CP_READONLY reads (what the read then says — 200, 404 for an unknown job, 409
      // for a cluster without nodes to ask — is the route's own business) and is refused everything above its role.
      if (r.method === 'GET' && r.rule.access === 'CP_READONLY') {
        assert.ok(![401, 403, 500].includes(ro.statusCode), `${ro.statusCode} ${ro.body}`);
      } else assert.equal(ro.statusCode, 403, ro.body);
      if (r.path.includes(':cluster_id')) {
        const other = await signedInject(app, outsider, { method: r.method, url, payload });
        assert.equal(other.statusCode, 404, other.body);
        assert.match(other.json<{ error: { message: string } }>().error.message, /Cluster "authz-c1" not found/);
      }
      assert.deepEqual(await state(), before);
    });
  }

  it('lists and stats only count visible clusters', async () => {
    const list = await signedInject(app, outsider, { url: '/api/clusters' });
    assert.deepEqual(list.json<{ items: unknown[] }>().items, []);
    const stats = await signedInject(app, reader, { url: '/api/clusters/stats' });
    assert.equal(stats.json<{ active: number }>().active, 1);
    assert.equal((await signedInject(app, outsider, { url: '/api/clusters/stats' })).json<{ total: number }>().total, 0);
  });

  it('validation errors are 400 (never 422) and say what is wrong', async () => {
    const user = await createTestApiKey(pg.db, secrets, { roles: ['CP_USER'], groups: ['team-a'] });
    const cases: [InjectOptions['method'], string, unknown][] = [
      ['POST', '/api/clusters', { ...createBody('valid-name'), extra: 1 }],
      ['POST', '/api/clusters', createBody('valid-name', { regions: ['nocolon'] })],
      ['POST', '/api/clusters/authz-c1/scale', { node_count: 3, node_cpus: 2, disk_size: 10, regions: ['test:local'], name: 'x' }],
      ['POST', '/api/clusters/authz-c1/scale', { node_count: 3, node_cpus: 2, disk_size: 10, regions: ['test:local'] }],
      ['POST', '/api/clusters/authz-c1/scale', { node_count: 3, node_cpus: 2, disk_size: 5, regions: ['test:local'] }],
      ['GET', '/api/clusters?limit=1000', undefined],
      ['GET', '/api/clusters?cursor=nonsense', undefined],
      ['GET', '/api/clusters?status=NOPE', undefined],
    ];
    for (const [method, url, payload] of cases) {
      const r = await signedInject(app, user, { method, url, payload });
      assert.equal(r.statusCode, 400, `${method} ${url}: ${r.body}`);
    }
    assert.equal((await pg.db.query(`SELECT 1 FROM jobs`)).rowCount, 0);
  });

  it('paginates with a stable cursor and filters by status and name prefix', async () => {
    for (const n of ['page-a1', 'page-a2', 'page-a3']) {
      await pg.db.query(`INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, created_by, updated_by)
        VALUES ($1, 'team-a', 'CREATE_FAILED', 'v24.1.3', 3, 2, 10, 't', 't')`, [n]);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/clusters?name_prefix=page-&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await signedInject(app, reader, { url })).json<{ items: { cluster_id: string }[]; next_cursor: string | null }>();
      seen.push(...page.items.map((i) => i.cluster_id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(seen.sort(), ['page-a1', 'page-a2', 'page-a3']);
    const failed = (await signedInject(app, reader, { url: '/api/clusters?status=CREATE_FAILED' })).json<{ items: unknown[] }>();
    assert.equal(failed.items.length, 3);
    assert.equal((await signedInject(app, reader, { url: '/api/clusters/stats' })).json<{ failed: number }>().failed, 3);
  });

  it('a queued operation blocks others (409 naming it); cancelling it before it runs restores the previous state', async () => {
    const user = await createTestApiKey(pg.db, secrets, { roles: ['CP_USER'], groups: ['team-a'] });
    await pg.db.query(`UPDATE clusters SET status = 'UNHEALTHY' WHERE cluster_id = 'authz-c1'`);
    const scale = await signedInject(app, user, {
      method: 'POST', url: '/api/clusters/authz-c1/scale', payload: { node_count: 4, node_cpus: 2, disk_size: 10, regions: ['test:local'] },
    });
    assert.equal(scale.statusCode, 202, scale.body);
    const jobId = scale.json<{ job_id: string }>().job_id;
    const cluster = async () => (await signedInject(app, user, { url: '/api/clusters/authz-c1' })).json<{ status: string; active_job: { job_id: string } | null }>();
    assert.equal((await cluster()).status, 'SCALING');
    assert.equal((await cluster()).active_job?.job_id, jobId);

    const upgrade = await signedInject(app, user, { method: 'POST', url: '/api/clusters/authz-c1/upgrade', payload: { version: 'v24.1.4' } });
    assert.equal(upgrade.statusCode, 409);
    assert.match(upgrade.json<{ error: { message: string } }>().error.message, new RegExp(`active SCALE_CLUSTER job \\(${jobId}\\)`));

    const cancel = await signedInject(app, user, { method: 'POST', url: `/api/jobs/${jobId}/cancel` });
    assert.ok(cancel.statusCode < 300, cancel.body);
    const after = await cluster();
    assert.equal(after.status, 'UNHEALTHY', 'nothing ran, so the cluster is back where it was');
    assert.equal(after.active_job, null);
  });
});
