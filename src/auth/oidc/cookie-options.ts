// Attributes of cp's auth cookies, from the oidc.cookie_* settings. `auto` Secure means "when cp is served over
// https" (CP_PUBLIC_URL), so the zero-config http://127.0.0.1 first run works while any https deployment gets Secure
// cookies without extra configuration.
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { SettingsReader } from '../../services/settings/settings.reader.js';

export type CookieSettings = Pick<SettingsReader, 'get'>;

export const cookieOptions = async (settings: CookieSettings, publicUrl: string, maxAgeSeconds?: number): Promise<CookieSerializeOptions> => {
  const secureSetting = (await settings.get('oidc.cookie_secure')).trim().toLowerCase();
  const sameSite = (await settings.get('oidc.cookie_samesite')).trim().toLowerCase();
  const domain = (await settings.get('oidc.cookie_domain')).trim();
  const secure = secureSetting === 'auto' ? publicUrl.startsWith('https:') : /^(1|true|yes|on)$/.test(secureSetting);
  return {
    path: '/',
    httpOnly: true,
    // SameSite=None without Secure is rejected by browsers; fall back to Lax rather than silently losing the cookie.
    sameSite: sameSite === 'strict' ? 'strict' : sameSite === 'none' && secure ? 'none' : 'lax',
    secure,
    ...(domain ? { domain } : {}),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
};
