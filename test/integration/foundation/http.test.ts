// The HTTP foundation through the real app on real PostgreSQL: probes, OpenAPI, docs, metrics, error envelope,
// request ids, security headers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createPgDb } from '../../../src/infra/db/pg-db.js';
import { withErrors, type ErrorBody } from '../../../src/api/http/error-envelope.js';
import { NotFoundError } from '../../../src/shared/errors.js';
import { buildTestApp } from '../../helpers/app.js';
import { createMigratedPg, createTestDatabase, type TestPg } from '../../helpers/pg.js';

describe('HTTP foundation', () => {
  let pg: TestPg;
  let app: FastifyInstance;

  before(async () => {
    pg = await createMigratedPg('http');
    app = (await buildTestApp(pg.db)).app;
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  it('GET /api/healthz is 200', async () => {
    const r = await app.inject('/api/healthz');
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { status: 'ok' });
  });

  it('GET /api/readyz is 200 on a migrated database', async () => {
    const r = await app.inject('/api/readyz');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().status, 'ready');
    assert.equal(r.json().migration.pending, 0);
  });

  it('GET /api/openapi.json is a valid OpenAPI 3.1 document listing the routes', async () => {
    const r = await app.inject('/api/openapi.json');
    assert.equal(r.statusCode, 200);
    const doc = r.json<{ openapi: string; paths: Record<string, unknown> }>();
    assert.match(doc.openapi, /^3\.1\./);
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors));
    assert.ok(doc.paths['/api/healthz']);
    assert.ok(doc.paths['/api/readyz']);
  });

  it('GET /api/docs renders the docs UI', async () => {
    const r = await app.inject('/api/docs');
    assert.equal(r.statusCode, 200);
    assert.match(r.headers['content-type'] as string, /text\/html/);
    assert.match(r.body, /swagger-ui/i);
  });

  it('GET /metrics is Prometheus text with the HTTP histogram, pool gauge and event-loop lag', async () => {
    await app.inject('/api/healthz');
    const r = await app.inject('/metrics');
    assert.equal(r.statusCode, 200);
    assert.match(r.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
    assert.match(r.body, /^# TYPE cp_http_request_duration_seconds histogram$/m);
    assert.match(r.body, /cp_http_request_duration_seconds_count\{method="GET",route="\/api\/healthz",status_code="200"\} \d+/);
    assert.match(r.body, /^cp_db_pool_connections\{state="total"\} \d+$/m);
    assert.match(r.body, /^nodejs_eventloop_lag_seconds /m);
  });

  it('an unknown route is a 404 in the error envelope, with the request id', async () => {
    const r = await app.inject({ url: '/api/nope', headers: { 'x-request-id': 'trace-abc-1' } });
    assert.equal(r.statusCode, 404);
    assert.equal(r.headers['x-request-id'], 'trace-abc-1');
    assert.deepEqual(Object.keys(r.json()), ['error']);
    assert.equal(r.json().error.code, 'NOT_FOUND');
    assert.equal(r.json().error.request_id, 'trace-abc-1');
  });

  it('replaces an unacceptable X-Request-ID with a fresh one', async () => {
    const r = await app.inject({ url: '/api/healthz', headers: { 'x-request-id': 'x'.repeat(200) } });
    assert.match(r.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
  });

  it('sets security headers (CSP without inline script, nosniff, frame denial)', async () => {
    const r = await app.inject('/api/healthz');
    const csp = r.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.match(csp, /frame-ancestors 'none'/);
  });

  it('treats a trailing slash as the same route (no redirect)', async () => {
    const r = await app.inject('/api/healthz/');
    assert.equal(r.statusCode, 200);
  });

  describe('error mapping on schema-validated routes', () => {
    const testRoutes = (a: FastifyInstance) => {
      const r = a.withTypeProvider<ZodTypeProvider>();
      r.post(
        '/api/_test/items',
        {
          schema: {
            body: z.object({ name: z.string().min(3), count: z.number().int().positive() }),
            response: withErrors({ 200: z.object({ name: z.string() }) }),
          },
        },
        async (req) => ({ name: req.body.name, secret_field: 'must be stripped' }),
      );
      r.get('/api/_test/missing', async () => {
        throw new NotFoundError('Cluster "x" not found.');
      });
      r.get('/api/_test/boom', async () => {
        throw Object.assign(new Error('relation "secret_internal_table" does not exist'), { code: '42P01' });
      });
    };
    let a: FastifyInstance;
    let capture: { text: () => string };
    before(async () => {
      const routeRules = {
        'POST /api/_test/items': { access: 'public' },
        'GET /api/_test/missing': { access: 'public' },
        'GET /api/_test/boom': { access: 'public' },
      } as const;
      const built = await buildTestApp(pg.db, { routes: testRoutes, routeRules });
      a = built.app;
      capture = built.logs;
    });
    after(() => a.close());

    it('400 with the failing field for an invalid or malformed body; 200 strips unlisted fields', async () => {
      const bad = await a.inject({ method: 'POST', url: '/api/_test/items', payload: { name: 'ab', count: 1 } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
      assert.match(bad.json<ErrorBody>().error.message, /name/);
      assert.equal(bad.json().error.details.fields[0].path, 'name');
      const malformed = await a.inject({
        method: 'POST',
        url: '/api/_test/items',
        headers: { 'content-type': 'application/json' },
        payload: '{"name":',
      });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().error.code, 'VALIDATION_FAILED');
      const ok = await a.inject({ method: 'POST', url: '/api/_test/items', payload: { name: 'abc', count: 2 } });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { name: 'abc' });
    });

    it('AppErrors keep their status and message; unknown errors are a fixed 500 that leaks nothing', async () => {
      const nf = await a.inject('/api/_test/missing');
      assert.equal(nf.statusCode, 404);
      assert.equal(nf.json().error.message, 'Cluster "x" not found.');
      const boom = await a.inject({ url: '/api/_test/boom', headers: { 'x-request-id': 'req-boom' } });
      assert.equal(boom.statusCode, 500);
      assert.equal(boom.json().error.code, 'INTERNAL');
      assert.doesNotMatch(boom.body, /secret_internal_table|relation/);
      assert.match(capture.text(), /secret_internal_table/, 'the original error is logged');
      assert.match(capture.text(), /"request_id":"req-boom"/);
    });

    it('logs redact credentials', async () => {
      await a.inject({
        url: '/api/_test/missing',
        headers: { authorization: 'Bearer canary-token-123', cookie: 'cp_session=canary-cookie-456' },
      });
      await a.inject({ url: '/api/_test/missing?code=canary-code-789&state=canary-state-012&page=2' });
      assert.match(capture.text(), /_test\/missing\?code=redacted&state=redacted&page=2/, 'the request is logged, masked');
      assert.doesNotMatch(capture.text(), /canary-token-123|canary-cookie-456|canary-code-789|canary-state-012/);
    });
  });
});

describe('readiness on an unmigrated database', () => {
  it('GET /api/readyz is 503 and says what to do', async () => {
    const tdb = await createTestDatabase('unready');
    const db = createPgDb({ connectionString: tdb.url, poolMax: 2 });
    const { app } = await buildTestApp(db);
    try {
      const r = await app.inject('/api/readyz');
      assert.equal(r.statusCode, 503);
      assert.equal(r.json().status, 'not_ready');
      assert.match(r.json<{ reasons: string[] }>().reasons[0]!, /cpctl migrate/);
    } finally {
      await app.close();
      await db.close();
      await tdb.drop();
    }
  });

  it('GET /api/readyz is 503 when the database is unreachable', async () => {
    const db = createPgDb({ connectionString: 'postgres://cp:cp@127.0.0.1:1/none', poolMax: 1 });
    const { app } = await buildTestApp(db);
    try {
      const r = await app.inject('/api/readyz');
      assert.equal(r.statusCode, 503);
      assert.equal(r.json().checks.database, 'unreachable');
    } finally {
      await app.close();
      await db.close();
    }
  });
});
