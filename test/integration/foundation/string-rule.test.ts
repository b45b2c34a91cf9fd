// The shared string rule (src/api/http/strings.ts) on every route the app registers: no request schema has a bare
// string or an unchecked value and every body is a strict object (routes without a body schema take none); then, generated
// from the same routes, a NUL in any path parameter or query parameter is a 400 naming the field (never a 5xx), as
// are NUL and unpaired surrogates in bodies, unknown body fields, and the examples of issue 11.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { unsafeStringsIn } from '../../../src/api/http/strings.js';
import { buildTestApp, testConfig } from '../../helpers/app.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { freePort } from '../../helpers/net.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';

type Envelope = { error: { code: string; message: string } };

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Routes cp does not own: the docs UI, the static bundles, the development IdP (oidc-provider parses its own input).
const FOREIGN = /^\/(api\/docs|assets|dev-idp)(\/|$)/;

const isZod = (s: unknown): s is z.ZodType => s instanceof z.ZodType;

describe('one string rule for every route', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let admin: TestApiKey;

  before(async () => {
    pg = await createMigratedPg('string_rule');
    const built = await buildTestApp(pg.db, {
      // A port nothing listens on: the login route's discovery fails fast instead of reaching some other local cp.
      config: testConfig({ CP_PORT: String(await freePort()) }),
      routeRules: { 'GET /api/_test/nul': { access: 'public' } },
      // Second line of defence: text PostgreSQL refuses that got past every schema (SQLSTATE 22021).
      routes: (a) => a.get('/api/_test/nul', async () => (await pg.db.query(`SELECT $1::TEXT AS t`, ['a\u0000b'])).rows),
    });
    app = built.app;
    admin = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_ADMIN'] });
    await pg.db.query(
      `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, created_by, updated_by)
       VALUES ('alpha-1', 'team-a', 'ACTIVE', 'v25.2.1', 3, 4, 100, 't', 't')`,
    );
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  const ownRoutes = () => app.registeredRoutes.filter((r) => r.method !== 'HEAD' && !FOREIGN.test(r.url) && !r.url.startsWith('/api/_test'));

  it('no request schema has a bare string; bodies are strict', () => {
    const problems: string[] = [];
    for (const { method, url, schema } of ownRoutes()) {
      const at = `${method} ${url}`;
      for (const part of ['params', 'querystring', 'body'] as const) {
        const s = schema?.[part];
        if (s === undefined) continue;
        if (!isZod(s)) {
          problems.push(`${at} ${part}: not a Zod schema`);
          continue;
        }
        problems.push(...unsafeStringsIn(s, part, { strictObjects: part === 'body' }).map((p) => `${at} ${p}`));
      }
      if (url.includes('/:') && !schema?.params) problems.push(`${at}: path parameters without a params schema`);
    }
    assert.deepEqual(problems, []);
  });

  it('the walker itself catches a bare string, an unchecked value and a lenient body', () => {
    const lenient = z.object({ name: z.string(), extra: z.record(z.string(), z.unknown()) });
    assert.deepEqual(unsafeStringsIn(lenient, 'body', { strictObjects: true }), [
      'body.name: a bare string (use safeString)',
      'body.extra{key}: a bare string (use safeString)',
      'body.extra{value}: an unchecked value (use safeJson)',
      'body: accepts unknown fields (use z.strictObject)',
    ]);
  });

  const call = (method: string, url: string, payload?: unknown) => signedInject(app, admin, { method, url, ...(payload !== undefined ? { payload } : {}) });

  it('a NUL in any path parameter is a 400 naming the parameter, on every route', async () => {
    const failures: string[] = [];
    for (const { method, url } of ownRoutes()) {
      const params = [...url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
      for (const p of params) {
        const target = url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => (name === p ? 'a%00b' : name === 'cluster_id' ? 'alpha-1' : '1'));
        const r = await call(method, target, MUTATING.has(method) && method !== 'DELETE' ? {} : undefined);
        const body = r.json<Envelope>();
        if (r.statusCode !== 400 || !body.error.message.includes(p)) failures.push(`${method} ${target}: ${r.statusCode} ${r.body}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('a NUL in any query parameter is a 400 naming the parameter, on every route', async () => {
    const failures: string[] = [];
    for (const { method, url, schema } of ownRoutes()) {
      const q = schema?.querystring;
      if (!isZod(q)) continue;
      const shape = (q as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      for (const field of Object.keys(shape)) {
        const target = `${url.replace(/:cluster_id\b/, 'alpha-1').replace(/:[A-Za-z_]+/g, '1')}?${field}=%00`;
        const r = await call(method, target, MUTATING.has(method) && method !== 'DELETE' ? {} : undefined);
        // (A route whose required body is missing reports the body first: Fastify validates the body before the query.)
        const msg = r.statusCode === 400 ? r.json<Envelope>().error.message : '';
        if (r.statusCode !== 400 || !(msg.includes(field) || msg.startsWith('Invalid body'))) failures.push(`${method} ${target}: ${r.statusCode} ${r.body}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('NUL and unpaired surrogates in body strings (at any depth) are a 400 naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/admin/api-keys', { roles: ['CP_USER'], valid_for_seconds: 3600, description: 'x\u0000' }, 'description'],
      ['POST', '/api/admin/api-keys', { roles: ['CP_USER'], valid_for_seconds: 3600, groups: ['\ud800'] }, 'groups.0'],
      ['POST', '/api/admin/versions', { version: 'v25.1.0\u0000' }, 'version'],
      ['POST', '/api/admin/regions', { cloud: 'aws', region: 'r', zone: 'z', extras: { deep: [{ k: 'a\u0000' }] } }, 'extras.deep'],
      ['POST', '/api/admin/regions', { cloud: 'aws', region: 'r', zone: 'z', extras: { 'k\udc00': 1 } }, 'extras'],
      ['PATCH', '/api/admin/settings/oidc.audience', { value: 'hello\u0000' }, 'value'],
      ['PATCH', '/api/admin/settings/oidc.extra_auth_params', { value: { prompt: '\ud800' } }, 'value'],
      ['POST', '/api/clusters', { name: 'ab\u0000c', node_count: 3, node_cpus: 4, disk_size: 100, regions: ['aws:r'], version: 'v25.2.1', group: 'team-a' }, 'name'],
    ];
    const failures: string[] = [];
    for (const [method, url, payload, field] of cases) {
      const r = await call(method, url, payload);
      const msg = r.statusCode === 400 ? r.json<Envelope>().error.message : '';
      if (r.statusCode !== 400 || !msg.includes(field) || !/NUL|surrogate/.test(msg)) failures.push(`${method} ${url} ${field}: ${r.statusCode} ${r.body}`);
    }
    assert.deepEqual(failures, []);
  });

  it('an unknown body field is a 400 on every mutating route, with or without a body schema', async () => {
    const failures: string[] = [];
    for (const { method, url } of ownRoutes()) {
      if (!MUTATING.has(method)) continue;
      const target = url.replace(/:cluster_id\b/, 'alpha-1').replace(/:[A-Za-z_]+/g, '1');
      const r = await call(method, target, { surely_not_a_field: true });
      if (r.statusCode !== 400) failures.push(`${method} ${target}: ${r.statusCode} ${r.body}`);
    }
    assert.deepEqual(failures, []);
    const named = await call('POST', '/api/admin/versions', { version: 'v25.1.0', surely_not_a_field: true });
    assert.match(named.json<Envelope>().error.message, /surely_not_a_field/);
    const bodiless = await call('POST', '/api/jobs/00000000-0000-0000-0000-000000000000/cancel', { x: 1 });
    assert.match(bodiless.json<Envelope>().error.message, /takes no request body/);
    const empty = await call('POST', '/api/jobs/00000000-0000-0000-0000-000000000000/cancel', {});
    assert.equal(empty.statusCode, 404, 'an empty object is accepted as no body');
  });

  it('the examples of issue 11 are 400s, not 500s', async () => {
    for (const url of ['/api/clusters/a%00b', '/api/events?actor=%00', '/api/jobs?created_by=%00']) {
      const r = await call('GET', url);
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.match(r.json<Envelope>().error.message, /NUL/);
    }
    const cb = await app.inject('/api/auth/callback?error=%00&error_description=x');
    assert.equal(cb.statusCode, 400, cb.body);
    assert.match(cb.json<Envelope>().error.message, /error must not contain NUL/);
    const login = await app.inject('/api/auth/login?next=%2F%00');
    assert.equal(login.statusCode, 400, login.body);
    const noAudit = await pg.db.query(`SELECT 1 FROM event_log WHERE action = 'LOGIN_FAILED'`);
    assert.equal(noAudit.rows.length, 0, 'refused before any audit write');
  });

  it('second line of defence: text PostgreSQL cannot store (SQLSTATE 22021) is a 400, not a 500', async () => {
    const r = await app.inject('/api/_test/nul');
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json<Envelope>().error.code, 'VALIDATION_FAILED');
    assert.match(r.json<Envelope>().error.message, /cannot be stored/);
  });
});
