// The auth core through the real app: API-key HMAC verification (the reference's scheme plus replay protection),
// roles, cluster visibility on :cluster_id routes, and the route table's completeness.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROUTE_TABLE, type RouteRule } from '../../../src/auth/route-table.js';
import { requestContext } from '../../../src/api/http/context.js';
import { buildTestApp } from '../../helpers/app.js';
import { createTestApiKey, signedHeaders, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';

const testRules: Record<string, RouteRule> = {
  'GET /api/_test/whoami': { access: 'authenticated' },
  'POST /api/_test/echo': { access: 'CP_USER' },
  'DELETE /api/_test/admin-only': { access: 'CP_ADMIN' },
  'GET /api/_test/clusters/:cluster_id': { access: 'CP_READONLY' },
};

const testRoutes = (app: FastifyInstance) => {
  app.get('/api/_test/whoami', async (req) => requestContext(req).identity);
  // (A body schema: an API route without one takes no body.)
  app.post('/api/_test/echo', { schema: { body: z.record(z.string(), z.unknown()) } }, async (req) => ({ got: req.body }));
  app.delete('/api/_test/admin-only', async () => ({ ok: true }));
  app.get('/api/_test/clusters/:cluster_id', async (req) => ({ cluster: (req.params as { cluster_id: string }).cluster_id }));
};

describe('auth core', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let admin: TestApiKey;
  let user: TestApiKey;
  let viewerTeamA: TestApiKey;
  let userTeamB: TestApiKey;

  before(async () => {
    pg = await createMigratedPg('authcore');
    const built = await buildTestApp(pg.db, { routes: testRoutes, routeRules: testRules });
    app = built.app;
    admin = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_ADMIN'] });
    user = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_USER'], groups: ['team-a'] });
    viewerTeamA = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_READONLY'], groups: ['team-a'] });
    userTeamB = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_USER'], groups: ['team-b'] });
    await pg.db.query(
      `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, created_by, updated_by)
       VALUES ('alpha-1', 'team-a', 'ACTIVE', 'v25.2.1', 3, 4, 100, 'test', 'test')`,
    );
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  describe('API-key HMAC', () => {
    it('a correctly signed request succeeds and carries the key identity', async () => {
      const r = await signedInject(app, user, { url: '/api/_test/whoami' });
      assert.equal(r.statusCode, 200);
      const id = r.json<{ authType: string; actor: string; roles: string[]; groups: string[]; isAdmin: boolean }>();
      assert.equal(id.authType, 'api_key');
      assert.equal(id.actor, user.accessKey);
      assert.deepEqual(id.roles, ['CP_USER']);
      assert.deepEqual(id.groups, ['team-a']);
      assert.equal(id.isAdmin, false);
    });

    it('the signature covers the raw query and body', async () => {
      const body = JSON.stringify({ a: 1, b: 'x' });
      const url = '/api/_test/echo?x=1&y=%20z';
      const r = await app.inject({ method: 'POST', url, payload: body, headers: { ...signedHeaders(user, 'POST', url, body), 'content-type': 'application/json' } });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { got: { a: 1, b: 'x' } });
      const tampered = await app.inject({
        method: 'POST',
        url,
        payload: JSON.stringify({ a: 2, b: 'x' }),
        headers: { ...signedHeaders(user, 'POST', url, body), 'content-type': 'application/json' },
      });
      assert.equal(tampered.statusCode, 401);
      assert.match(tampered.json<{ error: { message: string } }>().error.message, /signature/);
    });

    it('accepts an ISO-8601 timestamp', async () => {
      const r = await app.inject({ url: '/api/_test/whoami', headers: signedHeaders(user, 'GET', '/api/_test/whoami', '', new Date().toISOString()) });
      assert.equal(r.statusCode, 200);
    });

    it('a replayed signature is rejected', async () => {
      const headers = signedHeaders(user, 'GET', '/api/_test/whoami');
      assert.equal((await app.inject({ url: '/api/_test/whoami', headers })).statusCode, 200);
      const replay = await app.inject({ url: '/api/_test/whoami', headers });
      assert.equal(replay.statusCode, 401);
      assert.match(replay.json<{ error: { message: string } }>().error.message, /replay/);
    });

    const failures: [string, () => Record<string, string>, RegExp][] = [
      ['wrong signature', () => ({ ...signedHeaders(user, 'GET', '/api/_test/whoami'), 'x-cp-signature': 'ab'.repeat(32) }), /Invalid API key signature/],
      ['wrong secret', () => signedHeaders({ accessKey: user.accessKey, secret: 'not-the-secret' }, 'GET', '/api/_test/whoami'), /Invalid API key signature/],
      ['unknown key', () => signedHeaders({ accessKey: 'cp-unknown', secret: 'x' }, 'GET', '/api/_test/whoami'), /Invalid API key\./],
      ['stale timestamp', () => signedHeaders(user, 'GET', '/api/_test/whoami', '', String(Math.floor(Date.now() / 1000) - 3600)), /outside the accepted window/],
      ['future timestamp', () => signedHeaders(user, 'GET', '/api/_test/whoami', '', String(Math.floor(Date.now() / 1000) + 3600)), /outside the accepted window/],
      ['garbage timestamp', () => signedHeaders(user, 'GET', '/api/_test/whoami', '', 'yesterday'), /epoch seconds or an ISO-8601/],
      // issue 11: beyond JavaScript's date range, once an Invalid Date that passed the freshness check (then a 500)
      ['out-of-range timestamp', () => signedHeaders(user, 'GET', '/api/_test/whoami', '', '99999999999999'), /epoch seconds or an ISO-8601/],
      ['access key with control characters', () => signedHeaders({ accessKey: 'cp-\u0001x', secret: 'x' }, 'GET', '/api/_test/whoami'), /Invalid API key\./],
      ['missing signature', () => ({ 'x-cp-access-key': user.accessKey, 'x-timestamp': '1' }), /are all required/],
    ];
    for (const [name, headers, message] of failures) {
      it(`401 for ${name}`, async () => {
        const r = await app.inject({ url: '/api/_test/whoami', headers: headers() });
        assert.equal(r.statusCode, 401);
        assert.equal(r.json<{ error: { code: string } }>().error.code, 'UNAUTHENTICATED');
        assert.match(r.json<{ error: { message: string } }>().error.message, message);
      });
    }

    it('401 for an expired key', async () => {
      await pg.db.query(`UPDATE api_keys SET valid_until = now() - INTERVAL '1 second' WHERE access_key = $1`, [userTeamB.accessKey]);
      const r = await signedInject(app, userTeamB, { url: '/api/_test/whoami' });
      assert.equal(r.statusCode, 401);
      assert.match(r.json<{ error: { message: string } }>().error.message, /expired/);
      await pg.db.query(`UPDATE api_keys SET valid_until = now() + INTERVAL '1 hour' WHERE access_key = $1`, [userTeamB.accessKey]);
    });

    it('without any credentials: 401 with X-Auth-Login-Url', async () => {
      const r = await app.inject({ url: '/api/_test/whoami' });
      assert.equal(r.statusCode, 401);
      assert.equal(r.headers['x-auth-login-url'], '/api/auth/login');
    });
  });

  describe('roles', () => {
    it('CP_READONLY ⊂ CP_USER ⊂ CP_ADMIN', async () => {
      assert.equal((await signedInject(app, viewerTeamA, { method: 'POST', url: '/api/_test/echo', payload: {} })).statusCode, 403);
      assert.equal((await signedInject(app, user, { method: 'POST', url: '/api/_test/echo', payload: {} })).statusCode, 200);
      assert.equal((await signedInject(app, admin, { method: 'POST', url: '/api/_test/echo', payload: {} })).statusCode, 200);
      const forbidden = await signedInject(app, user, { method: 'DELETE', url: '/api/_test/admin-only' });
      assert.equal(forbidden.statusCode, 403);
      assert.match(forbidden.json<{ error: { message: string } }>().error.message, /CP_ADMIN/);
      assert.equal((await signedInject(app, admin, { method: 'DELETE', url: '/api/_test/admin-only' })).statusCode, 200);
    });
  });

  describe('cluster visibility on :cluster_id routes', () => {
    it('members of the owner group and admins see the cluster; others get 404, as for a missing cluster', async () => {
      assert.equal((await signedInject(app, viewerTeamA, { url: '/api/_test/clusters/alpha-1' })).statusCode, 200);
      assert.equal((await signedInject(app, admin, { url: '/api/_test/clusters/alpha-1' })).statusCode, 200);
      const hidden = await signedInject(app, userTeamB, { url: '/api/_test/clusters/alpha-1' });
      const missing = await signedInject(app, userTeamB, { url: '/api/_test/clusters/nope-1' });
      assert.equal(hidden.statusCode, 404);
      assert.equal(missing.statusCode, 404);
      assert.equal(
        hidden.json<{ error: { message: string } }>().error.message.replace('alpha-1', 'X'),
        missing.json<{ error: { message: string } }>().error.message.replace('nope-1', 'X'),
        'an invisible cluster is indistinguishable from a missing one',
      );
    });
  });

  describe('route table', () => {
    it('every rule in the table is a route the app registers (no stale entries)', () => {
      const registered = new Set(app.registeredRoutes.map((r) => `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`));
      const stale = Object.keys(ROUTE_TABLE).filter((k) => !registered.has(k));
      assert.deepEqual(stale, []);
    });

    it('an app with a route missing from the table refuses to start', async () => {
      await assert.rejects(
        buildTestApp(pg.db, { routes: (a) => a.get('/api/_test/unlisted', async () => 'x') }),
        /GET \/api\/_test\/unlisted has no authorization rule/,
      );
    });
  });
});
