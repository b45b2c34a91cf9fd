// Authorization of the admin routes, generated from the route table so a new admin route is covered automatically:
// a CP_USER key gets 403 on every one (before any validation or data access), an anonymous caller 401, and the
// cluster options are open to CP_READONLY and above.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { ROUTE_TABLE } from '../../../src/auth/route-table.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { setupAdmin, type AdminCtx } from '../../helpers/admin.js';

const SAMPLE: Record<string, string> = {
  key: 'oidc.client_id', version: 'v25.2.5', node_count: '3', cpu_count: '4', size_gb: '100', cloud: 'aws',
  region: 'us-east-1', zone: 'us-east-1a', name: 'CREATE_CLUSTER',
};
const adminRoutes = Object.entries(ROUTE_TABLE).filter(([k]) => k.split(' ')[1]!.startsWith('/api/admin/'));
const concrete = (path: string) => path.replace(/:(\w+)/g, (_, p: string) => encodeURIComponent(SAMPLE[p] ?? 'x'));

describe('admin authorization', () => {
  let t: AdminCtx;
  let viewer: TestApiKey;
  before(async () => {
    t = await setupAdmin('adminauthz');
    viewer = await createTestApiKey(t.db, t.built.secrets, { roles: ['CP_READONLY'] });
  });
  after(() => t.close());

  it('every admin route in the table is CP_ADMIN', () => {
    assert.ok(adminRoutes.length >= 29, `found ${adminRoutes.length}`);
    for (const [k, rule] of adminRoutes) assert.equal(rule.access, 'CP_ADMIN', k);
  });

  for (const [k] of adminRoutes) {
    const [method, path] = k.split(' ') as [InjectOptions['method'], string];
    const payload = method === 'GET' || method === 'DELETE' ? undefined : { value: 'x', version: 'v99.1.0', content: '- hosts: x\n' };
    it(`${k}: CP_USER → 403, anonymous → 401, data untouched`, async () => {
      const before = (await t.db.query(`SELECT count(*) AS n FROM event_log`)).rows[0];
      const r = await signedInject(t.app, t.user, { method, url: concrete(path), payload });
      assert.equal(r.statusCode, 403, r.body);
      assert.equal(r.json<{ error: { code: string } }>().error.code, 'FORBIDDEN');
      const anon = await t.app.inject({ method, url: concrete(path), ...(payload ? { payload } : {}) });
      assert.equal(anon.statusCode, 401);
      assert.deepEqual((await t.db.query(`SELECT count(*) AS n FROM event_log`)).rows[0], before);
    });
  }

  it('GET /api/clusters/options: CP_READONLY → 200, anonymous → 401', async () => {
    assert.equal((await signedInject(t.app, viewer, { url: '/api/clusters/options' })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/clusters/options' })).statusCode, 401);
  });
});
