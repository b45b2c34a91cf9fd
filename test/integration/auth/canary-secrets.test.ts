// Secrets never leave cp: secret settings, API-key secrets, the session cookie value and the OIDC tokens of a real
// sign-in are canaries; after exercising the auth API with them, none may appear in any HTTP response body (apart
// from the one response that hands out a new key's secret), in any captured log line (debug level), or in event_log.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sha256Hex } from '../../../src/auth/oidc/session-tokens.js';
import type { SecretBox } from '../../../src/infra/crypto/secrets.js';
import { tokenAad } from '../../../src/services/auth/login.service.js';
import { buildTestApp, testConfig, type LogCapture } from '../../helpers/app.js';
import { createTestApiKey, signedHeaders, type TestApiKey } from '../../helpers/auth.js';
import { devIdpLogin, freePort, setSecretSetting } from '../../helpers/oidc.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';

describe('canary secrets', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let logs: LogCapture;
  let secrets: SecretBox;
  let admin: TestApiKey;
  let base: string;
  const canaries = new Map<string, string>();
  const bodies: { what: string; body: string }[] = [];

  const call = async (what: string, path: string, init: RequestInit = {}) => {
    const r = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
    const body = await r.text();
    bodies.push({ what, body });
    return { status: r.status, body };
  };
  const signed = (method: string, path: string, body = '', key: { accessKey: string; secret: string } = admin) =>
    call(`${method} ${path}`, path, {
      method,
      headers: { ...signedHeaders(key, method, path, body), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });

  before(async () => {
    pg = await createMigratedPg('canary');
    const port = await freePort();
    const built = await buildTestApp(pg.db, { config: testConfig({ CP_PORT: String(port) }), logLevel: 'debug', settingsTtlMs: 0 });
    ({ app, logs, secrets } = built);
    await app.listen({ host: '127.0.0.1', port });
    base = `http://127.0.0.1:${port}`;
    admin = await createTestApiKey(pg.db, secrets, { roles: ['CP_ADMIN'] });
    canaries.set('admin key secret', admin.secret);
    for (const key of ['oidc.client_secret', 'cockroach.license_key', 'storage.s3.admin_secret_key', 'observability.alert_webhook_token', 'observability.prom_sd_token']) {
      const value = `CANARY-${key}-${randomBytes(6).toString('hex')}`;
      canaries.set(key, value);
      await setSecretSetting(pg.db, secrets, key, value);
    }
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  it('no canary in responses, logs or events', async () => {
    // a browser session: its cookie and the tokens cp holds for it are canaries too
    const login = await devIdpLogin(base, 'admin');
    assert.equal(login.status, 302, login.body);
    const cookie = login.jar.cookies.get('cp_session')!;
    canaries.set('session cookie', cookie);
    const hash = sha256Hex(cookie);
    const row = (await pg.db.query<{ i: Buffer; a: Buffer; r: Buffer }>(
      `SELECT encrypted_id_token AS i, encrypted_access_token AS a, encrypted_refresh_token AS r FROM sessions WHERE session_hash = $1`, [hash],
    )).rows[0]!;
    canaries.set('id token', secrets.decrypt(row.i, tokenAad(hash, 'id')));
    canaries.set('access token', secrets.decrypt(row.a, tokenAad(hash, 'access')));
    canaries.set('refresh token', secrets.decrypt(row.r, tokenAad(hash, 'refresh')));

    const session = { cookie: `cp_session=${cookie}` };
    const me = await call('me (session)', '/api/auth/me', { headers: session });
    const csrf = (JSON.parse(me.body) as { csrf_token: string }).csrf_token;

    // a new key through the API: its secret is expected in that one response only
    const created = await fetch(`${base}/api/admin/api-keys`, {
      method: 'POST',
      headers: { ...session, 'x-cp-csrf': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ roles: ['CP_USER'], groups: ['team-a'], valid_for_seconds: 3600, description: 'canary test' }),
    });
    assert.equal(created.status, 201);
    const k = (await created.json()) as { access_key: string; secret: string };
    canaries.set('created key secret', k.secret);

    await signed('GET', '/api/auth/me', '', { accessKey: k.access_key, secret: k.secret });
    await call('bad signature', '/api/auth/me', { headers: { ...signedHeaders({ accessKey: k.access_key, secret: 'wrong' }, 'GET', '/api/auth/me') } });
    await signed('GET', '/api/admin/api-keys');
    await signed('GET', '/api/events?limit=500');
    await signed('GET', '/api/events/count');
    await signed('GET', '/api/openapi.json');
    await call('readyz', '/api/readyz');
    await call('events (session)', '/api/events', { headers: session });
    await signed('DELETE', `/api/admin/api-keys/${k.access_key}`);
    await call('logout', '/api/auth/logout', { method: 'POST', headers: { ...session, 'x-cp-csrf': csrf } });

    const events = (await pg.db.query<{ row: string }>(`SELECT CAST(row_to_json(e) AS TEXT) AS row FROM event_log e`)).rows.map((r) => r.row);
    assert.ok(events.some((e) => e.includes('API_KEY_CREATED')) && events.some((e) => e.includes('LOGIN')));
    const leaks: string[] = [];
    for (const [name, value] of canaries) {
      for (const b of bodies) if (b.body.includes(value)) leaks.push(`${name} in response of ${b.what}`);
      for (const line of logs.lines) if (line.includes(value)) leaks.push(`${name} in log line ${line.slice(0, 200)}`);
      for (const e of events) if (e.includes(value)) leaks.push(`${name} in event ${e.slice(0, 200)}`);
    }
    assert.deepEqual(leaks, []);
    assert.ok(logs.lines.length > 10, 'logs were captured');
  });
});
