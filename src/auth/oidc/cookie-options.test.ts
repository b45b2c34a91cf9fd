import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookieOptions } from './cookie-options.js';

const settings = (values: Record<string, string>) => ({
  get: async (key: string) => values[key.replace('oidc.cookie_', '')] ?? '',
});

describe('auth cookie attributes from settings', () => {
  it('auto Secure follows the scheme of CP_PUBLIC_URL', async () => {
    assert.equal((await cookieOptions(settings({ secure: 'auto', samesite: 'lax' }), 'http://127.0.0.1:8000')).secure, false);
    assert.equal((await cookieOptions(settings({ secure: 'auto', samesite: 'lax' }), 'https://cp.example.com')).secure, true);
  });
  it('explicit values, SameSite, Domain and Max-Age', async () => {
    const o = await cookieOptions(settings({ secure: 'true', samesite: 'strict', domain: 'example.com' }), 'http://x', 60);
    assert.deepEqual(o, { path: '/', httpOnly: true, sameSite: 'strict', secure: true, domain: 'example.com', maxAge: 60 });
    assert.equal((await cookieOptions(settings({ secure: 'false', samesite: 'lax' }), 'https://x')).secure, false);
  });
  it('SameSite=None without Secure falls back to Lax (browsers would drop the cookie)', async () => {
    assert.equal((await cookieOptions(settings({ secure: 'false', samesite: 'none' }), 'http://x')).sameSite, 'lax');
    assert.equal((await cookieOptions(settings({ secure: 'true', samesite: 'none' }), 'http://x')).sameSite, 'none');
  });
});
