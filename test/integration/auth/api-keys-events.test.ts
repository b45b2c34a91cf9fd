// The API-key admin API, `cpctl api-key create` (a spawned process on the test database), signed requests with the
// key it prints, the audit log API (scope, filters, keyset pagination, count) and the API-key failure rate limit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../helpers/app.js';
import { createTestApiKey, signedHeaders, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { setSetting } from '../../helpers/oidc.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const cpctl = (args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/cpctl.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', CP_LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });

type Ev = { event_id: string; actor: string; auth_type: string; action: string; cluster_id: string | null; details: Record<string, unknown>; request_id: string | null };
type Page = { events: Ev[]; next_cursor: string | null };

describe('API keys admin API, cpctl api-key, events API', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let admin: TestApiKey;
  let viewerA: TestApiKey;
  let masterKey: string;

  before(async () => {
    pg = await createMigratedPg('apikeys');
    const built = await buildTestApp(pg.db, { settingsTtlMs: 0 });
    app = built.app;
    masterKey = built.config.masterKey!.key;
    admin = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_ADMIN'] });
    viewerA = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_READONLY'], groups: ['team-a'] });
    await pg.db.query(
      `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, created_by, updated_by)
       VALUES ('alpha-1', 'team-a', 'ACTIVE', 'v25.2.1', 3, 4, 100, 't', 't'), ('beta-1', 'team-b', 'ACTIVE', 'v25.2.1', 3, 4, 100, 't', 't')`,
    );
    await pg.db.query(
      `INSERT INTO event_log (actor, auth_type, action, cluster_id, details) VALUES
       ('someone', 'oidc', 'CLUSTER_CREATE_REQUESTED', 'alpha-1', '{}'), ('someone', 'oidc', 'CLUSTER_CREATE_REQUESTED', 'beta-1', '{}')`,
    );
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  it('cpctl api-key create prints a key whose signed request succeeds; replay 401; no headers 401', async () => {
    const r = await cpctl(['api-key', 'create', '--roles', 'CP_ADMIN', '--groups', 'team-a', '--valid-for', '24h', '--description', 'bootstrap', '--json'], {
      DATABASE_URL: pg.url,
      CP_MASTER_KEY: masterKey,
    });
    assert.equal(r.code, 0, r.err);
    const key = JSON.parse(r.out) as { access_key: string; secret: string; roles: string[]; groups: string[] };
    assert.deepEqual([key.roles, key.groups], [['CP_ADMIN'], ['team-a']]);
    const headers = signedHeaders({ accessKey: key.access_key, secret: key.secret }, 'GET', '/api/admin/api-keys');
    const ok = await app.inject({ url: '/api/admin/api-keys', headers });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(ok.json<{ api_keys: { access_key: string }[] }>().api_keys.some((k) => k.access_key === key.access_key));
    assert.ok(!ok.body.includes(key.secret), 'listing never shows secrets');
    assert.equal((await app.inject({ url: '/api/admin/api-keys', headers })).statusCode, 401, 'replay');
    assert.equal((await app.inject({ url: '/api/admin/api-keys' })).statusCode, 401, 'no headers');
    const ev = await pg.db.query<{ actor: string; auth_type: string }>(`SELECT actor, auth_type FROM event_log WHERE action = 'API_KEY_CREATED' AND target_id = $1`, [key.access_key]);
    assert.deepEqual(ev.rows, [{ actor: 'cpctl', auth_type: 'cli' }]);
  });

  it('cpctl api-key create on an embedded database in use by a running cp says so clearly', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cp-lock-'));
    try {
      await writeFile(path.join(dir, 'cp.pid'), String(process.pid)); // this (live) test process "is" the running cp
      const r = await cpctl(['api-key', 'create', '--roles', 'CP_ADMIN', '--valid-for', '1h'], { CP_DATA_DIR: dir });
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, /another cp process \(pid \d+\) is using the embedded database/);
      assert.match(r.err, /stop cp first, or create the key with POST \/api\/admin\/api-keys/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('cpctl api-key sign prints headers the server accepts', async () => {
    const r = await cpctl(['api-key', 'sign', '--key', admin.accessKey, 'GET', 'http://127.0.0.1:8000/api/events/count?action=LOGIN'], { CP_API_SECRET: admin.secret });
    assert.equal(r.code, 0, r.err);
    const headers = Object.fromEntries(r.out.trim().split('\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const res = await app.inject({ url: '/api/events/count?action=LOGIN', headers });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('admin API: create shows the secret once, list hides it, delete, 404 on a second delete, all audited', async () => {
    const created = await signedInject(app, admin, { method: 'POST', url: '/api/admin/api-keys', payload: { roles: ['CP_READONLY'], groups: ['team-a'], valid_for_seconds: 3600, description: 'ci' } });
    assert.equal(created.statusCode, 201, created.body);
    const k = created.json<{ access_key: string; secret: string; owner: string }>();
    assert.ok(k.secret.length >= 40);
    assert.equal(k.owner, admin.accessKey);
    const roKey = { accessKey: k.access_key, secret: k.secret };
    const denied = await signedInject(app, roKey, { method: 'POST', url: '/api/admin/api-keys', payload: { roles: ['CP_ADMIN'], valid_for_seconds: 3600 } });
    assert.equal(denied.statusCode, 403, 'a CP_READONLY key gets 403 on a mutating admin route');
    const list = await signedInject(app, admin, { url: '/api/admin/api-keys' });
    assert.ok(!list.body.includes(k.secret));
    assert.equal((await signedInject(app, admin, { method: 'DELETE', url: `/api/admin/api-keys/${k.access_key}` })).statusCode, 204);
    assert.equal((await signedInject(app, admin, { method: 'DELETE', url: `/api/admin/api-keys/${k.access_key}` })).statusCode, 404);
    const events = await signedInject(app, admin, { url: `/api/events?actor=${encodeURIComponent(admin.accessKey)}` });
    const actions = events.json<Page>().events.map((e) => e.action);
    assert.deepEqual(actions, ['API_KEY_DELETED', 'API_KEY_CREATED']);
    for (const e of events.json<Page>().events) {
      assert.equal(e.auth_type, 'api_key');
      assert.ok(e.request_id);
      assert.ok(!JSON.stringify(e).includes(k.secret));
    }
  });

  it('admin API: the list pages by offset and finds one key by access_key (issue 11)', async () => {
    type KeyPage = { api_keys: { access_key: string }[]; next_offset: number | null };
    const all = (await signedInject(app, admin, { url: '/api/admin/api-keys' })).json<KeyPage>();
    assert.ok(all.api_keys.length >= 2);
    assert.equal(all.next_offset, null, 'without a limit the whole list comes back, as before');
    const walked: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: KeyPage = (await signedInject(app, admin, { url: `/api/admin/api-keys?limit=1&offset=${offset}` })).json<KeyPage>();
      assert.ok(page.api_keys.length <= 1);
      walked.push(...page.api_keys.map((k) => k.access_key));
      offset = page.next_offset;
    }
    assert.deepEqual(walked, all.api_keys.map((k) => k.access_key));
    const one = (await signedInject(app, admin, { url: `/api/admin/api-keys?access_key=${encodeURIComponent(viewerA.accessKey)}` })).json<KeyPage>();
    assert.deepEqual(one.api_keys.map((k) => k.access_key), [viewerA.accessKey]);
    const none = (await signedInject(app, admin, { url: '/api/admin/api-keys?access_key=cp-nope' })).json<KeyPage>();
    assert.deepEqual(none, { api_keys: [], next_offset: null });
  });

  it('validation: exactly one of valid_until / valid_for_seconds, in the future, known roles', async () => {
    for (const payload of [
      { roles: ['CP_USER'] },
      { roles: ['CP_USER'], valid_for_seconds: 3600, valid_until: new Date(Date.now() + 3600_000).toISOString() },
      { roles: ['CP_USER'], valid_until: '2000-01-01T00:00:00Z' },
      { roles: ['ROOT'], valid_for_seconds: 3600 },
    ]) {
      const r = await signedInject(app, admin, { method: 'POST', url: '/api/admin/api-keys', payload });
      assert.equal(r.statusCode, 400, JSON.stringify(payload));
    }
  });

  it('events: admins see all; others only events of clusters they can see; count follows the same scope', async () => {
    const all = (await signedInject(app, admin, { url: '/api/events?action=CLUSTER_CREATE_REQUESTED' })).json<Page>();
    assert.deepEqual(all.events.map((e) => e.cluster_id).sort(), ['alpha-1', 'beta-1']);
    const mine = await signedInject(app, viewerA, { url: '/api/events' });
    assert.equal(mine.statusCode, 200);
    assert.deepEqual(mine.json<Page>().events.map((e) => e.cluster_id), ['alpha-1']);
    const count = await signedInject(app, viewerA, { url: '/api/events/count' });
    assert.deepEqual(count.json(), { total: 1 });
    const filtered = await signedInject(app, admin, { url: '/api/events/count?cluster_id=beta-1' });
    assert.deepEqual(filtered.json(), { total: 1 });
    const future = await signedInject(app, admin, { url: `/api/events/count?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}` });
    assert.deepEqual(future.json(), { total: 0 });
  });

  it('events: cursor pagination walks every event once, newest first', async () => {
    const total = (await signedInject(app, admin, { url: '/api/events/count' })).json<{ total: number }>().total;
    assert.ok(total >= 5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page = (await signedInject(app, admin, { url })).json<Page>();
      assert.ok(page.events.length <= 2);
      seen.push(...page.events.map((e) => e.event_id));
      cursor = page.next_cursor;
    } while (cursor);
    // Reading the events writes none, so the walk sees exactly the events counted before it.
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
    assert.equal((await signedInject(app, admin, { url: '/api/events?cursor=bm9wZQ' })).statusCode, 400);
    assert.equal((await signedInject(app, admin, { url: '/api/events?limit=501' })).statusCode, 400);
  });

  it('failed API-key verifications are rate limited per IP: 429 with Retry-After', async () => {
    await setSetting(pg.db, 'auth.api_key_failure_limit_per_minute', '2');
    try {
      const bad = () => app.inject({ url: '/api/auth/me', headers: { ...signedHeaders(admin, 'GET', '/api/auth/me'), 'x-cp-signature': '00'.repeat(32) } });
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await bad()).statusCode);
      assert.deepEqual(codes.slice(-2), [429, 429], codes.join(','));
      const r = await bad();
      assert.ok(Number(r.headers['retry-after']) >= 1);
      assert.equal(r.json<{ error: { code: string } }>().error.code, 'RATE_LIMITED');
      // issue 11: the limit never refuses a request signed validly for a live key (NAT-shared addresses)
      const good = await signedInject(app, viewerA, { url: '/api/auth/me' });
      assert.equal(good.statusCode, 200, good.body);
      assert.equal((await bad()).statusCode, 429, 'while bad signatures from the address are still refused');
    } finally {
      await setSetting(pg.db, 'auth.api_key_failure_limit_per_minute', null);
    }
  });
});
