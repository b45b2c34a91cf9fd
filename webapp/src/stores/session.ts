// The signed-in caller (Alpine.store('session')), from GET /api/auth/me: name, roles, groups, the CSRF token the
// api wrapper sends on mutations, and whether the embedded development IdP is in use (flagged in the top bar).
// `me` is normalised here so views only read this store's fields.
import { api, ApiError } from '../api';

const RANK: Record<string, number> = { CP_READONLY: 1, CP_USER: 2, CP_ADMIN: 3 };

type Me = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const normaliseMe = (me: Me) => {
  const identity = (me.identity && typeof me.identity === 'object' ? me.identity : {}) as Me;
  const pick = (k: string) => me[k] ?? identity[k];
  const idp = (me.idp && typeof me.idp === 'object' ? me.idp : {}) as Me;
  const roles = strings(pick('roles'));
  return {
    name:
      str(pick('display_name')) ?? str(pick('name')) ?? str(pick('preferred_username')) ?? str(pick('actor')) ??
      str(pick('email')) ?? str(pick('subject')) ?? str(pick('sub')) ?? 'unknown',
    roles,
    groups: strings(pick('groups')),
    authType: str(pick('auth_type')) ?? 'oidc',
    csrf: str(me.csrf_token) ?? str(me.csrf) ?? '',
    devIdp: me.dev_idp === true || me.embedded_idp === true || idp.embedded === true || idp.dev === true || me.idp === 'dev',
    isAdmin: pick('is_admin') === true || roles.includes('CP_ADMIN'),
  };
};

export const createSessionStore = () => ({
  state: 'loading' as 'loading' | 'ready' | 'login' | 'error',
  loginUrl: '/api/auth/login',
  error: '',
  name: '',
  roles: [] as string[],
  groups: [] as string[],
  authType: '',
  csrf: '',
  devIdp: false,
  admin: false,
  raw: {} as Me,

  get rank(): number {
    return Math.max(0, ...this.roles.map((r) => RANK[r] ?? 0));
  },
  /** CP_USER or CP_ADMIN: may use cluster actions. */
  get canMutate(): boolean {
    return this.rank >= 2;
  },
  get isAdmin(): boolean {
    return this.admin || this.rank >= 3;
  },
  get roleLabel(): string {
    return this.isAdmin ? 'admin' : this.canMutate ? 'user' : this.rank ? 'viewer' : 'no role';
  },

  async load() {
    try {
      const me = await api.get<Me>('/api/auth/me', { quiet: true, noLoginRedirect: true });
      const n = normaliseMe(me ?? {});
      Object.assign(this, { name: n.name, roles: n.roles, groups: n.groups, authType: n.authType, csrf: n.csrf });
      this.devIdp = n.devIdp;
      this.admin = n.isAdmin;
      this.raw = me ?? {};
      this.state = 'ready';
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.requireLogin(undefined);
      else {
        this.state = 'error';
        this.error = err instanceof Error ? err.message : String(err);
      }
    }
  },

  requireLogin(loginUrl: string | undefined) {
    if (loginUrl) this.loginUrl = loginUrl;
    this.state = 'login';
  },

  /** Where "Sign in" goes: the login path with next = the current page (hash included). */
  get loginHref(): string {
    const base = this.loginUrl || '/api/auth/login';
    const next = `${location.pathname}${location.search}${location.hash}`;
    return `${base}${base.includes('?') ? '&' : '?'}next=${encodeURIComponent(next)}`;
  },

  async logout() {
    try {
      await api.post('/api/auth/logout');
    } finally {
      location.assign('/');
    }
  },
});

export type SessionStore = ReturnType<typeof createSessionStore>;
