import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../shared/errors.js';
import { normalizeSettingValue } from './setting-value.js';
import { SETTINGS_BY_KEY } from './settings.registry.js';

const def = (key: string) => SETTINGS_BY_KEY.get(key)!;

describe('normalizeSettingValue', () => {
  const accepted: [string, unknown, string][] = [
    ['auth.api_key_signature_ttl_seconds', 600, '600'],
    ['auth.api_key_signature_ttl_seconds', ' 42 ', '42'],
    ['oidc.issuer_url', 'https://idp.example.com/realms/cp', 'https://idp.example.com/realms/cp'],
    ['oidc.issuer_url', '', ''],
    ['oidc.authz_admin_groups', ' a, b ,,c ', 'a,b,c'],
    ['oidc.authz_admin_groups', ['x', 'y'], 'x,y'],
    ['oidc.extra_auth_params', '{"prompt": "login"}', '{"prompt":"login"}'],
    ['oidc.extra_auth_params', { prompt: 'login' }, '{"prompt":"login"}'],
    ['oidc.login_path', '/api/auth/login', '/api/auth/login'],
    ['oidc.cookie_samesite', 'strict', 'strict'],
    ['oidc.client_secret', 's3cr3t', 's3cr3t'],
    ['logging.level', 'debug', 'debug'],
  ];
  for (const [key, value, want] of accepted) {
    it(`accepts ${key} = ${JSON.stringify(value)}`, () => assert.equal(normalizeSettingValue(def(key), value), want));
  }

  const rejected: [string, unknown, RegExp][] = [
    ['auth.api_key_signature_ttl_seconds', 'abc', /not a whole number/],
    ['auth.api_key_signature_ttl_seconds', 1.5, /not a whole number/],
    ['auth.api_key_signature_ttl_seconds', 5, /at least 10/],
    ['auth.api_key_signature_ttl_seconds', 99999, /at most 3600/],
    ['oidc.issuer_url', 'ftp://x.example', /only http and https/],
    ['oidc.issuer_url', 'not a url', /not an absolute URL/],
    ['oidc.extra_auth_params', '{nope', /not valid JSON/],
    ['oidc.extra_auth_params', '[1,2]', /must be a JSON object/],
    ['oidc.extra_auth_params', 'null', /must be a JSON object/],
    ['oidc.login_path', 'auth/login', /must start with/],
    ['oidc.login_path', '//evil.example/x', /not "\/\/host"/],
    ['oidc.cookie_samesite', 'sometimes', /one of lax, strict, none/],
    ['oidc.client_id', { a: 1 }, /expected a string/],
    ['oidc.client_id', 'a\u0000b', /control characters/],
    ['oidc.client_id', null, /expected a string, got null/],
  ];
  for (const [key, value, why] of rejected) {
    it(`rejects ${key} = ${JSON.stringify(value)}`, () =>
      assert.throws(() => normalizeSettingValue(def(key), value), (e: unknown) => e instanceof ValidationError && why.test(e.message)));
  }

  it('knows the boolean spellings', () => {
    const b = { key: 'x.flag', type: 'boolean' as const, default: 'false', category: 'x', description: '' };
    assert.equal(normalizeSettingValue(b, 'YES'), 'true');
    assert.equal(normalizeSettingValue(b, false), 'false');
    assert.throws(() => normalizeSettingValue(b, 'maybe'), /true or false/);
  });
});
