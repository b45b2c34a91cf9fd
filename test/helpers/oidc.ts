// Browser-free sign-in against the embedded development IdP of a LISTENING cp: fetch with manual redirects and a
// tiny cookie jar, posting the dev IdP's login form when it shows up. Also: a free port, and settings written straight
// to the database (the settings API belongs to another module).
import type { Queryable } from '../../src/infra/db/db.js';
import type { SecretBox } from '../../src/infra/crypto/secrets.js';
import { settingSecretAad } from '../../src/services/settings/settings.reader.js';

export { freePort } from './net.js';

export class CookieJar {
  readonly cookies = new Map<string, string>();
  store(res: Response) {
    for (const sc of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = sc.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.trim().split('=');
        return (/^max-age$/i.test(k) && Number(v) <= 0) || (/^expires$/i.test(k) && Date.parse(v) < Date.now());
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export type LoginResult = { jar: CookieJar; status: number; location: string | null; body: string; setCookies: string[] };

/** Signs in as a dev-IdP account; returns the final response of cp (a redirect to `next` on success). */
export const devIdpLogin = async (base: string, account: string, next = '/', jar = new CookieJar()): Promise<LoginResult> => {
  let url = `${base}/api/auth/login?next=${encodeURIComponent(next)}`;
  let init: RequestInit = { method: 'GET' };
  for (let hop = 0; hop < 15; hop++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.store(res);
    const path = new URL(url).pathname;
    if (res.status >= 300 && res.status < 400 && (path.startsWith('/dev-idp') || path === '/api/auth/login')) {
      url = new URL(res.headers.get('location')!, url).href;
      init = { method: 'GET' };
      await res.arrayBuffer();
      continue;
    }
    if (res.status === 200 && path.startsWith('/dev-idp/interaction/')) {
      const html = await res.text();
      if (!html.includes(`value="${account}"`)) throw new Error(`dev IdP login page does not offer ${account}`);
      init = { method: 'POST', body: `login=${encodeURIComponent(account)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
      continue;
    }
    return { jar, status: res.status, location: res.headers.get('location'), body: await res.text(), setCookies: res.headers.getSetCookie() };
  }
  throw new Error('too many redirects during login');
};

export const setSetting = (db: Queryable, key: string, value: string | null) =>
  db.query(`UPDATE settings SET value = $2 WHERE key = $1`, [key, value]);

export const setSecretSetting = (db: Queryable, secrets: SecretBox, key: string, value: string) =>
  db.query(`UPDATE settings SET encrypted_value = $2 WHERE key = $1`, [key, secrets.encrypt(value, settingSecretAad(key))]);
