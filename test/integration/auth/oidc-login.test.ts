// Browser sign-in end to end against a LISTENING cp and its embedded development IdP (the IdP calls back, so
// app.inject cannot do): login as each demo account, /api/auth/me, next sanitisation, CSRF, refresh, expiry, logout,
// the unmapped-group refusal and the login rate limit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sha256Hex } from '../../../src/auth/oidc/session-tokens.js';
import { buildTestApp, testConfig, type LogCapture } from '../../helpers/app.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import type { CookieJar} from '../../helpers/oidc.js';
import { devIdpLogin, freePort, setSetting } from '../../helpers/oidc.js';

type Me = { actor: string; roles: string[]; groups: string[]; auth_type: string; dev_idp: boolean; csrf_token: string | null; display_name: string };

describe('OIDC sign-in with the development IdP', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let base: string;
  let logs: LogCapture;

  const get = (jar: CookieJar, path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie: jar.header(), ...headers } });
  const post = (jar: CookieJar, path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(), ...headers } });
  const me = async (jar: CookieJar) => {
    const r = await get(jar, '/api/auth/me');
    assert.equal(r.status, 200, await r.clone().text());
    return (await r.json()) as Me;
  };
  const sessionHash = (jar: CookieJar) => sha256Hex(jar.cookies.get('cp_session')!);

  before(async () => {
    pg = await createMigratedPg('oidc');
    const port = await freePort();
    const built = await buildTestApp(pg.db, { config: testConfig({ CP_PORT: String(port) }), settingsTtlMs: 0 });
    ({ app, logs } = built);
    await app.listen({ host: '127.0.0.1', port });
    base = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  for (const [account, roles, groups] of [
    ['admin', ['CP_ADMIN'], ['cp-admins']],
    ['operator', ['CP_USER'], ['cp-users', 'team-a']],
    ['viewer', ['CP_READONLY'], ['cp-readonly', 'team-a']],
  ] as const) {
    it(`${account}: signs in and /api/auth/me shows roles and groups, never cookies or tokens`, async () => {
      const login = await devIdpLogin(base, account, '/#/clusters');
      assert.equal(login.status, 302, login.body);
      assert.equal(login.location, '/#/clusters');
      const cookie = login.setCookies.find((c) => c.startsWith('cp_session='))!;
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
      assert.doesNotMatch(cookie, /Secure/i, 'auto: no Secure flag on plain http');
      const r = await get(login.jar, '/api/auth/me');
      const text = await r.text();
      const body = JSON.parse(text) as Me;
      assert.deepEqual(body.roles, roles);
      assert.deepEqual(body.groups, groups);
      assert.equal(body.auth_type, 'oidc');
      assert.equal(body.actor, `${account}@dev-idp.local`);
      assert.equal(body.dev_idp, true);
      assert.ok(body.csrf_token);
      assert.ok(!text.includes(login.jar.cookies.get('cp_session')!), 'the session cookie is not echoed');
      assert.ok(!/eyJ[\w-]+\.eyJ/.test(text), 'no JWT in the body');
      const row = await pg.db.query<{ n: string }>(`SELECT count(*) AS n FROM sessions WHERE session_hash = $1`, [sessionHash(login.jar)]);
      assert.equal(Number(row.rows[0]!.n), 1, 'only the hash of the cookie is stored');
      const ev = await pg.db.query<{ actor: string; auth_type: string; request_id: string; source_ip: string }>(
        `SELECT actor, auth_type, request_id, source_ip FROM event_log WHERE action = 'LOGIN' AND actor = $1`, [body.actor]);
      assert.equal(ev.rows.length, 1);
      assert.equal(ev.rows[0]!.auth_type, 'oidc');
      assert.ok(ev.rows[0]!.request_id);
      assert.equal(ev.rows[0]!.source_ip, '127.0.0.1');
    });
  }

  it('the development IdP is announced loudly in the logs', () => {
    assert.match(logs.text(), /DEVELOPMENT IDENTITY PROVIDER ACTIVE/);
  });

  it('NODE_ENV=production: no issuer refuses to start; with one, no /dev-idp routes exist', async () => {
    const production = () => testConfig({ NODE_ENV: 'production', DATABASE_URL: pg.url });
    await assert.rejects(buildTestApp(pg.db, { config: production() }), /oidc\.issuer_url is empty\) and NODE_ENV=production/);
    await setSetting(pg.db, 'oidc.issuer_url', 'https://idp.example.com');
    try {
      const prod = await buildTestApp(pg.db, { config: production() });
      assert.ok(!prod.app.registeredRoutes.some((r) => r.url.startsWith('/dev-idp')));
      await prod.app.close();
    } finally {
      await setSetting(pg.db, 'oidc.issuer_url', null);
    }
  });

  it('next is sanitised: open-redirect attempts land on /', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/%2F%2Fevil.example']) {
      const login = await devIdpLogin(base, 'viewer', next);
      assert.equal(login.status, 302);
      assert.equal(login.location, '/', next);
    }
  });

  it('the login redirect uses PKCE S256, state and nonce; a callback without its state cookie is refused', async () => {
    const r = await fetch(`${base}/api/auth/login`, { redirect: 'manual' });
    assert.equal(r.status, 302);
    const url = new URL(r.headers.get('location')!);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(url.searchParams.get('state') && url.searchParams.get('nonce') && url.searchParams.get('code_challenge'));
    const cb = await fetch(`${base}/api/auth/callback?code=x&state=${url.searchParams.get('state')}`, { redirect: 'manual' });
    assert.equal(cb.status, 401);
    const failed = await pg.db.query(`SELECT 1 FROM event_log WHERE action = 'LOGIN_FAILED'`);
    assert.ok(failed.rows.length >= 1);
  });

  it('CSRF: a cookie-authenticated mutation needs the X-CP-CSRF header of its session', async () => {
    const { jar } = await devIdpLogin(base, 'admin');
    const { csrf_token } = await me(jar);
    const without = await post(jar, '/api/auth/logout');
    assert.equal(without.status, 403);
    assert.match(((await without.json()) as { error: { message: string } }).error.message, /X-CP-CSRF header/);
    const wrong = await post(jar, '/api/auth/logout', { 'x-cp-csrf': 'not-the-token' });
    assert.equal(wrong.status, 403);
    assert.match(((await wrong.json()) as { error: { message: string } }).error.message, /does not match/);
    const right = await post(jar, '/api/auth/logout', { 'x-cp-csrf': csrf_token! });
    assert.equal(right.status, 204);
    const { jar: adminJar } = await devIdpLogin(base, 'admin');
    const events = (await (await get(adminJar, '/api/events?actor=admin%40dev-idp.local')).json()) as { events: { action: string; auth_type: string }[] };
    assert.deepEqual(events.events.slice(0, 2).map((e) => [e.action, e.auth_type]), [['LOGIN', 'oidc'], ['LOGOUT', 'oidc']], 'the audit log API shows them');
  });

  it('logout: session row gone, cookie cleared, next request 401 with X-Auth-Login-Url, LOGOUT recorded', async () => {
    const { jar } = await devIdpLogin(base, 'operator');
    const hash = sessionHash(jar);
    const oldCookie = jar.cookies.get('cp_session')!;
    const { csrf_token } = await me(jar);
    const r = await post(jar, '/api/auth/logout', { 'x-cp-csrf': csrf_token! });
    assert.equal(r.status, 204);
    jar.store(r);
    assert.equal(jar.cookies.has('cp_session'), false, 'cookie cleared');
    assert.equal((await pg.db.query(`SELECT 1 FROM sessions WHERE session_hash = $1`, [hash])).rows.length, 0);
    const again = await fetch(`${base}/api/auth/me`, { headers: { cookie: `cp_session=${oldCookie}` } });
    assert.equal(again.status, 401);
    assert.equal(again.headers.get('x-auth-login-url'), '/api/auth/login');
    const ev = await pg.db.query(`SELECT 1 FROM event_log WHERE action = 'LOGOUT' AND actor = 'operator@dev-idp.local'`);
    assert.equal(ev.rows.length, 1);
  });

  it('refresh: tokens are renewed at the IdP within the leeway; the session continues', async () => {
    const { jar } = await devIdpLogin(base, 'viewer');
    const hash = sessionHash(jar);
    const before = (await pg.db.query<{ t: Buffer; e: Date }>(`SELECT encrypted_id_token AS t, token_expires_at AS e FROM sessions WHERE session_hash = $1`, [hash])).rows[0]!;
    await setSetting(pg.db, 'oidc.refresh_leeway_seconds', '3600'); // ≥ the ID token lifetime: refresh now
    try {
      await new Promise((r) => setTimeout(r, 1100)); // a new token gets a later iat/exp
      assert.deepEqual((await me(jar)).roles, ['CP_READONLY']);
    } finally {
      await setSetting(pg.db, 'oidc.refresh_leeway_seconds', null);
    }
    const afterRow = (await pg.db.query<{ t: Buffer; e: Date }>(`SELECT encrypted_id_token AS t, token_expires_at AS e FROM sessions WHERE session_hash = $1`, [hash])).rows[0]!;
    assert.notDeepEqual(afterRow.t, before.t, 'a new ID token was stored');
    assert.ok(afterRow.e.getTime() > before.e.getTime(), 'its expiry moved forward');
    assert.equal((await me(jar)).actor, 'viewer@dev-idp.local');
  });

  it('expiry: a session older than oidc.session_max_age_seconds is refused and removed', async () => {
    const { jar } = await devIdpLogin(base, 'viewer');
    const hash = sessionHash(jar);
    assert.equal((await get(jar, '/api/auth/me')).status, 200);
    await setSetting(pg.db, 'oidc.session_max_age_seconds', '300');
    try {
      await pg.db.query(`UPDATE sessions SET created_at = now() - INTERVAL '301 seconds' WHERE session_hash = $1`, [hash]);
      const r = await get(jar, '/api/auth/me');
      assert.equal(r.status, 401);
      assert.match(((await r.json()) as { error: { message: string } }).error.message, /expired/);
      assert.equal(r.headers.get('x-auth-login-url'), '/api/auth/login');
    } finally {
      await setSetting(pg.db, 'oidc.session_max_age_seconds', null);
    }
    assert.equal((await pg.db.query(`SELECT 1 FROM sessions WHERE session_hash = $1`, [hash])).rows.length, 0);
  });

  it('a user none of whose groups maps to a cp role is refused with 403 and a clear message', async () => {
    await setSetting(pg.db, 'oidc.authz_readonly_groups', 'somebody-else');
    try {
      const login = await devIdpLogin(base, 'viewer');
      assert.equal(login.status, 403);
      assert.match(login.body, /none of your groups \(cp-readonly, team-a\) is mapped to a cp role/);
      assert.equal(login.jar.cookies.has('cp_session'), false);
    } finally {
      await setSetting(pg.db, 'oidc.authz_readonly_groups', null);
    }
  });

  it('readyz is ready with the development IdP; an issuer without client id is reported', async () => {
    assert.equal((await fetch(`${base}/api/readyz`)).status, 200);
    await setSetting(pg.db, 'oidc.issuer_url', 'http://127.0.0.1:9/nowhere');
    try {
      const r = await fetch(`${base}/api/readyz`);
      assert.equal(r.status, 503);
      assert.match(((await r.json()) as { reasons: string[] }).reasons.join(' '), /oidc.client_id is empty/);
      assert.equal((await fetch(`${base}/dev-idp/.well-known/openid-configuration`)).status, 404, 'dev IdP off once an issuer is set');
    } finally {
      await setSetting(pg.db, 'oidc.issuer_url', null);
    }
  });

  it('the login flow is rate limited per IP: 429 with Retry-After in the standard envelope', async () => {
    await setSetting(pg.db, 'auth.login_rate_limit_per_minute', '1');
    try {
      let last: Response | undefined;
      for (let i = 0; i < 3; i++) last = await fetch(`${base}/api/auth/login`, { redirect: 'manual' });
      assert.equal(last!.status, 429);
      assert.ok(Number(last!.headers.get('retry-after')) >= 1);
      assert.equal(((await last!.json()) as { error: { code: string } }).error.code, 'RATE_LIMITED');
    } finally {
      await setSetting(pg.db, 'auth.login_rate_limit_per_minute', null);
    }
  });
});
