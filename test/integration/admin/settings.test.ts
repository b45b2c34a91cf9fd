// Admin settings over HTTP on real PostgreSQL: typed validation, 404 for unknown keys, secrets encrypted and never
// returned or audited, reset, and a change made on one instance visible on another instance of the same database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp } from '../../helpers/app.js';
import { signedHeaders } from '../../helpers/auth.js';
import { eventsFor, setupAdmin, type AdminCtx } from '../../helpers/admin.js';
import { createSettingsReader } from '../../../src/services/settings/settings.reader.js';
import { createSettingsService } from '../../../src/services/settings/settings.service.js';
import { systemContext } from '../../../src/auth/identity.js';

type Setting = { key: string; value: string | null; default_value: string | null; is_set: boolean; is_secret: boolean; updated_by: string };
type ErrorBody = { error: { code: string; message: string } };

describe('admin settings', () => {
  let t: AdminCtx;
  before(async () => {
    t = await setupAdmin('settings');
  });
  after(() => t.close());

  describe('happy', () => {
    it('lists every setting grouped by category, in a stable order', async () => {
      const r = await t.call<{ categories: { category: string; settings: Setting[] }[] }>('GET', '/api/admin/settings');
      assert.equal(r.status, 200);
      const cats = r.body.categories.map((c) => c.category);
      assert.deepEqual(cats, [...cats].sort());
      const oidc = r.body.categories.find((c) => c.category === 'oidc')!;
      const keys = oidc.settings.map((s) => s.key);
      assert.deepEqual(keys, [...keys].sort());
      const secret = oidc.settings.find((s) => s.key === 'oidc.client_secret')!;
      assert.deepEqual([secret.is_secret, secret.value, secret.default_value, secret.is_set], [true, null, null, false]);
    });

    it('updates, normalises, audits and resets a plain setting', async () => {
      const r = await t.call<Setting>('PATCH', '/api/admin/settings/oidc.authz_admin_groups', { value: ' ops , dba ' });
      assert.equal(r.status, 200, r.raw);
      assert.deepEqual([r.body.value, r.body.is_set, r.body.updated_by], ['ops,dba', true, t.admin.accessKey]);
      const ev = (await eventsFor(t.db, 'SETTING_UPDATED')).at(-1)!;
      assert.deepEqual(ev.details, { setting_key: 'oidc.authz_admin_groups', value: 'ops,dba' });
      assert.equal(ev.actor, t.admin.accessKey);
      assert.ok(ev.request_id);

      const reset = await t.call<Setting>('PUT', '/api/admin/settings/oidc.authz_admin_groups/reset');
      assert.equal(reset.status, 200);
      assert.deepEqual([reset.body.value, reset.body.is_set], ['cp-admins', false]);
      assert.equal((await eventsFor(t.db, 'SETTING_RESET')).length, 1);
    });

    it('accepts natural JSON types (number, boolean-ish, object)', async () => {
      assert.equal((await t.call<Setting>('PATCH', '/api/admin/settings/retention.jobs_days', { value: 30 })).body.value, '30');
      const j = await t.call<Setting>('PATCH', '/api/admin/settings/oidc.extra_auth_params', { value: { prompt: 'login' } });
      assert.equal(j.body.value, '{"prompt":"login"}');
    });
  });

  describe('validation', () => {
    const cases: [string, unknown, RegExp][] = [
      ['auth.api_key_signature_ttl_seconds', 'soon', /not a whole number/],
      ['auth.api_key_signature_ttl_seconds', 1, /at least 10/],
      ['oidc.issuer_url', 'javascript:alert(1)', /only http and https/],
      ['oidc.extra_auth_params', '[1]', /must be a JSON object/],
      ['oidc.extra_auth_params', '{oops', /not valid JSON/],
      ['oidc.login_path', 'https://evil.example/', /must start with "\/"/],
      ['oidc.cookie_samesite', 'always', /one of lax, strict, none/],
      ['logging.level', 'loud', /one of fatal/],
      ['oidc.client_id', { nested: true }, /expected a string/],
    ];
    for (const [key, value, why] of cases) {
      it(`400 for ${key} = ${JSON.stringify(value)}, value unchanged`, async () => {
        const before = await t.call<Setting>('GET', `/api/admin/settings/${key}`);
        const r = await t.call<ErrorBody>('PATCH', `/api/admin/settings/${key}`, { value });
        assert.equal(r.status, 400, r.raw);
        assert.equal(r.body.error.code, 'VALIDATION_FAILED');
        assert.match(r.body.error.message, why);
        const afterRead = await t.call<Setting>('GET', `/api/admin/settings/${key}`);
        assert.deepEqual(afterRead.body, before.body);
      });
    }
    it('400 when the body has no value', async () => {
      assert.equal((await t.call('PATCH', '/api/admin/settings/oidc.client_id', {})).status, 400);
    });
    it('404 for an unknown key on get, update and reset', async () => {
      assert.equal((await t.call('GET', '/api/admin/settings/no.such.key')).status, 404);
      assert.equal((await t.call('PATCH', '/api/admin/settings/no.such.key', { value: 'x' })).status, 404);
      assert.equal((await t.call('PUT', '/api/admin/settings/no.such.key/reset')).status, 404);
      assert.equal((await eventsFor(t.db, 'SETTING_UPDATED')).filter((e) => e.target_id === 'no.such.key').length, 0);
    });
  });

  describe('secrets', () => {
    const CANARY = 'canary-Zq8w3-secret-value';
    it('are encrypted at rest, never returned, never audited, and readable internally', async () => {
      const r = await t.call<Setting>('PATCH', '/api/admin/settings/cockroach.license_key', { value: CANARY });
      assert.equal(r.status, 200);
      assert.deepEqual([r.body.value, r.body.is_set, r.body.is_secret], [null, true, true]);
      for (const url of ['/api/admin/settings', '/api/admin/settings/cockroach.license_key']) {
        const body = (await t.call('GET', url)).raw;
        assert.ok(!body.includes(CANARY), `${url} leaks the secret`);
      }
      assert.ok(!r.raw.includes(CANARY));
      const row = (await t.db.query<{ value: string | null; encrypted_value: Buffer | null }>(
        `SELECT value, encrypted_value FROM settings WHERE key = 'cockroach.license_key'`)).rows[0]!;
      assert.equal(row.value, null);
      assert.ok(row.encrypted_value && !row.encrypted_value.toString('latin1').includes(CANARY));
      const all = await t.db.query<{ details: unknown }>(`SELECT details FROM event_log`);
      assert.ok(!JSON.stringify(all.rows).includes(CANARY), 'event_log.details holds the secret');
      const ev = (await eventsFor(t.db, 'SETTING_UPDATED')).find((e) => e.target_id === 'cockroach.license_key')!;
      assert.deepEqual(ev.details, { setting_key: 'cockroach.license_key' });

      const reader = createSettingsReader({ db: t.db, secrets: t.built.secrets, ttlMs: 0 });
      assert.equal(await reader.get('cockroach.license_key'), CANARY);

      const cleared = await t.call<Setting>('PUT', '/api/admin/settings/cockroach.license_key/reset');
      assert.equal(cleared.body.is_set, false);
      assert.equal(await reader.get('cockroach.license_key'), '');
    });
  });

  describe('multi-instance', () => {
    it('a change made through instance A takes effect on instance B (same database) within 2 s, without restart', async () => {
      // Same master key (config); B has its own settings reader cache. B's API-key check reads
      // auth.api_key_signature_ttl_seconds through that cache, so B's behaviour shows which value it sees.
      const b = await buildTestApp(t.db, { config: t.built.config });
      try {
        const url = '/api/admin/settings/oidc.client_id';
        const oldSignedOnB = () => {
          const ts = ((Date.now() - 100_000) / 1000).toFixed(3); // 100 s old: fine under 300 s, refused under 30 s
          return b.app.inject({ method: 'GET', url, headers: signedHeaders(t.admin, 'GET', url, '', ts) });
        };
        assert.equal((await oldSignedOnB()).statusCode, 200, 'default 300 s window; this also warms B\'s cache');
        const changed = await t.call('PATCH', '/api/admin/settings/auth.api_key_signature_ttl_seconds', { value: 30 });
        assert.equal(changed.status, 200);
        const started = Date.now();
        let status = 200;
        while (status === 200 && Date.now() - started < 4_000) {
          await new Promise((r) => setTimeout(r, 200));
          status = (await oldSignedOnB()).statusCode;
        }
        assert.equal(status, 401, 'B applies the new window');
        assert.ok(Date.now() - started <= 2_600, `took ${Date.now() - started} ms`);
      } finally {
        await t.call('PUT', '/api/admin/settings/auth.api_key_signature_ttl_seconds/reset');
        await b.app.close();
      }
    });

    it('the instance that made the change sees it at once (its reader is invalidated)', async () => {
      const reader = createSettingsReader({ db: t.db, secrets: t.built.secrets, ttlMs: 2_000 });
      const service = createSettingsService({ db: t.db, secrets: t.built.secrets, reader });
      assert.equal(await reader.getInt('retention.events_days'), 365);
      await service.update(systemContext('test'), 'retention.events_days', 400);
      assert.equal(await reader.getInt('retention.events_days'), 400);
      const other = createSettingsReader({ db: t.db, secrets: t.built.secrets, ttlMs: 2_000 });
      assert.equal(await other.getInt('retention.events_days'), 400);
      await service.reset(systemContext('test'), 'retention.events_days');
      assert.equal(await reader.getInt('retention.events_days'), 365);
    });
  });
});
