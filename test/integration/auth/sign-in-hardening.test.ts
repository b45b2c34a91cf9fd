// Sign-in findings of issue 11, end to end against a LISTENING cp and its development IdP: signing in again ends
// the session the browser presented; a `next` with non-ASCII characters lands percent-encoded (it used to make the
// callback fail with a 500 after the session was created); bogus anonymous callbacks are counted in a metric but
// audited at most once per source IP per minute.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sha256Hex } from '../../../src/auth/oidc/session-tokens.js';
import { buildTestApp, testConfig } from '../../helpers/app.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { devIdpLogin, freePort } from '../../helpers/oidc.js';

describe('sign-in hardening (issue 11)', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let base: string;

  before(async () => {
    pg = await createMigratedPg('signin_hardening');
    const port = await freePort();
    app = (await buildTestApp(pg.db, { config: testConfig({ CP_PORT: String(port) }), settingsTtlMs: 0 })).app;
    await app.listen({ host: '127.0.0.1', port });
    base = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  const me = (cookie: string) => fetch(`${base}/api/auth/me`, { headers: { cookie: `cp_session=${cookie}` } });

  it('signing in again revokes the session the browser presented', async () => {
    const first = await devIdpLogin(base, 'viewer');
    assert.equal(first.status, 302, first.body);
    const oldCookie = first.jar.cookies.get('cp_session')!;
    assert.equal((await me(oldCookie)).status, 200);
    const second = await devIdpLogin(base, 'operator', '/', first.jar);
    assert.equal(second.status, 302, second.body);
    const newCookie = second.jar.cookies.get('cp_session')!;
    assert.notEqual(newCookie, oldCookie);
    assert.equal((await me(newCookie)).status, 200);
    assert.equal((await me(oldCookie)).status, 401, 'the previous session is no longer valid');
    const rows = await pg.db.query(`SELECT 1 FROM sessions WHERE session_hash = $1`, [sha256Hex(oldCookie)]);
    assert.equal(rows.rows.length, 0);
  });

  it('a next with U+2028, U+202E or U+3002 lands percent-encoded (printable ASCII only), not on a 500', async () => {
    for (const [next, location] of [
      ['/#/clusters/a\u2028b', '/#/clusters/a%E2%80%A8b'],
      ['/#/\u202Eevil', '/#/%E2%80%AEevil'],
      ['/#/evil\u3002example', '/#/evil%E3%80%82example'],
    ] as const) {
      const login = await devIdpLogin(base, 'viewer', next);
      assert.equal(login.status, 302, `${JSON.stringify(next)}: ${login.body}`);
      assert.equal(login.location, location);
    }
  });

  it('bogus anonymous callbacks: each is counted in cp_auth_login_failures_total, at most one is audited per IP per minute', async () => {
    const audited = async () => Number((await pg.db.query<{ n: string }>(`SELECT count(*) AS n FROM event_log WHERE action = 'LOGIN_FAILED'`)).rows[0]!.n);
    const counted = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(/^cp_auth_login_failures_total\{reason="idp_error"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    };
    const [auditedBefore, countedBefore] = [await audited(), await counted()];
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${base}/api/auth/callback?error=access_denied&error_description=flood${i}`, { redirect: 'manual' });
      assert.equal(r.status, 401);
    }
    assert.equal((await counted()) - countedBefore, 6, 'every refusal is counted');
    assert.ok((await audited()) - auditedBefore <= 1, 'but the audit log gets at most one row per IP per minute');
    assert.equal(await audited(), 1, 'this address had no audited failure yet, so exactly one');
  });
});
