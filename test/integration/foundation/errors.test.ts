// The error model under failure (issue 11): an outage of the metadata database is a 503 UNAVAILABLE with
// Retry-After on every API request (never a 500), logged once at warn and once more when it is over; framework 4xx
// errors keep their status over real HTTP; API answers are never cached and framing is denied consistently.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createPgDb } from '../../../src/infra/db/pg-db.js';
import type { Db } from '../../../src/infra/db/db.js';
import { buildTestApp, type LogCapture } from '../../helpers/app.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { createMigratedPg, TEST_PG_URL, type TestPg } from '../../helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';

type LogLine = { level: string; msg: string };

const rawGet = (port: number, path: string) =>
  new Promise<string>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (c: Buffer) => (data += c.toString('utf8')));
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });

describe('metadata database outage', () => {
  let pg: TestPg;
  let proxy: TcpProxy;
  let db: Db;
  let app: FastifyInstance;
  let logs: LogCapture;
  let key: TestApiKey;

  before(async () => {
    pg = await createMigratedPg('outage');
    const target = new URL(TEST_PG_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(pg.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    db = createPgDb({ connectionString: viaProxy.toString(), poolMax: 3 });
    const built = await buildTestApp(db, { settingsTtlMs: 0 });
    ({ app, logs } = built);
    key = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_ADMIN'] });
  });
  after(async () => {
    await app.close();
    await db.close();
    await proxy.close();
    await pg.close();
  });

  const lines = () => logs.lines.map((l) => JSON.parse(l) as LogLine);

  it('answers 503 UNAVAILABLE with Retry-After while it is down, logs it once at warn, and once when it is back', async () => {
    assert.equal((await signedInject(app, key, { url: '/api/clusters' })).statusCode, 200);
    await proxy.stop();
    const statuses: number[] = [];
    for (const url of ['/api/clusters', '/api/jobs', '/api/events', '/api/admin/settings', '/api/clusters/alpha-1']) {
      const r = await signedInject(app, key, { url });
      statuses.push(r.statusCode);
      assert.equal(r.statusCode, 503, `${url}: ${r.body}`);
      assert.equal(r.json<{ error: { code: string } }>().error.code, 'UNAVAILABLE');
      assert.ok(Number(r.headers['retry-after']) >= 1, 'Retry-After');
    }
    const anonymous = await app.inject({ method: 'POST', url: '/api/admin/versions', payload: { version: 'v25.1.0' } });
    assert.ok([401, 503].includes(anonymous.statusCode), `never a 500: ${anonymous.statusCode}`);
    const down = lines().filter((l) => /metadata database unavailable/.test(l.msg));
    assert.equal(down.length, 1, 'one warn line per outage');
    assert.equal(down[0]!.level, 'warn');
    assert.deepEqual(lines().filter((l) => l.level === 'error' || l.level === 'fatal'), [], 'no error lines (no stacks) during the outage');
    assert.doesNotMatch(logs.text(), /"stack"/);

    await proxy.start();
    const back = await signedInject(app, key, { url: '/api/clusters' });
    assert.equal(back.statusCode, 200, back.body);
    const recovered = lines().filter((l) => /metadata database available again/.test(l.msg));
    assert.equal(recovered.length, 1);
    assert.equal(recovered[0]!.level, 'warn');
    assert.ok((recovered[0] as unknown as { refused_requests: number }).refused_requests >= statuses.length);
  });
});

describe('framework errors and headers', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let key: TestApiKey;
  let port: number;

  before(async () => {
    pg = await createMigratedPg('framework_errors');
    const built = await buildTestApp(pg.db);
    app = built.app;
    key = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_READONLY'] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  it("@fastify/static's 403 for a path outside the bundle stays a 403 in the envelope (not a 500)", async () => {
    const res = await rawGet(port, '/assets/../../package.json');
    assert.match(res, /^HTTP\/1\.1 403 /, res.split('\r\n')[0]);
    assert.match(res, /"code":"FORBIDDEN"/);
    assert.doesNotMatch(res, /"name":\s*"cp"/, 'package.json is not served');
  });

  it('other framework 4xx keep their status: unsupported media type, malformed JSON', async () => {
    const media = await app.inject({ method: 'POST', url: '/api/admin/versions', headers: { 'content-type': 'text/x-nope' }, payload: 'x' });
    assert.equal(media.statusCode, 415);
    const bad = await signedInject(app, key, { method: 'POST', url: '/api/auth/logout', headers: { 'content-type': 'application/json' } });
    assert.ok(bad.statusCode < 500);
  });

  it('API responses carry Cache-Control: no-store; X-Frame-Options agrees with frame-ancestors', async () => {
    const list = await signedInject(app, key, { url: '/api/clusters' });
    assert.equal(list.statusCode, 200);
    assert.equal(list.headers['cache-control'], 'no-store');
    const err = await app.inject('/api/clusters');
    assert.equal(err.statusCode, 401);
    assert.equal(err.headers['cache-control'], 'no-store');
    assert.equal(list.headers['x-frame-options'], 'DENY');
    assert.match(String(list.headers['content-security-policy']), /frame-ancestors 'none'/);
    const index = await app.inject('/');
    assert.notEqual(index.headers['cache-control'], 'no-store', 'the console shell keeps its own policy');
    assert.equal(index.headers['x-frame-options'], 'DENY');
  });
});
