// The signed-in caller (Alpine.store('session')), from GET /api/auth/me: name, roles, groups, the CSRF token the
// api wrapper sends on mutations, and whether the embedded development IdP is in use (flagged in the top bar).
// `me` is normalised here so views only read this store's fields.
import { api, ApiError, type ApiResponse } from '../api';

const RANK: Record<string, number> = { CP_READONLY: 1, CP_USER: 2, CP_ADMIN: 3 };

type Me = ApiResponse<'/api/auth/me', 'get'>;

export const normaliseMe = (me: Me) => ({
  name: me.display_name || me.actor || me.subject || 'unknown',
  roles: me.roles as string[],
  groups: me.groups,
  authType: me.auth_type as string,
  csrf: me.csrf_token ?? '',
  devIdp: me.dev_idp,
  isAdmin: me.is_admin || me.roles.includes('CP_ADMIN'),
});

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
  raw: null as Me | null,

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
      const me = await api.GET('/api/auth/me', { quiet: true, noLoginRedirect: true });
      const n = normaliseMe(me);
      Object.assign(this, { name: n.name, roles: n.roles, groups: n.groups, authType: n.authType, csrf: n.csrf });
      this.devIdp = n.devIdp;
      this.admin = n.isAdmin;
      this.raw = me;
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
      await api.POST('/api/auth/logout');
    } finally {
      location.assign('/');
    }
  },
});

export type SessionStore = ReturnType<typeof createSessionStore>;
