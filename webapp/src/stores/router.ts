// The current hash route (Alpine.store('router')). Views are mounted with x-if on `view`, so leaving a view destroys
// its component (and its timers). Navigating between two pages of the same view (cluster A → cluster B) unmounts
// and remounts it via `mountKey`, so every view loads with a clean state.
import { parseHash, type Route } from '../routes';

export const createRouterStore = (guard: (r: Route & { admin: boolean }) => string | undefined) => ({
  view: '',
  params: {} as Record<string, string>,
  query: {} as Record<string, string>,
  title: '',
  path: '',

  start() {
    window.addEventListener('hashchange', () => this.apply());
    this.apply();
  },

  apply() {
    const r = parseHash(location.hash);
    const redirect = guard(r);
    if (redirect) {
      location.replace(redirect);
      return;
    }
    const path = location.hash.split('?')[0] ?? '';
    const remount = this.view === r.view && this.path !== path;
    const set = () => {
      this.params = r.params;
      this.query = r.query;
      this.title = r.title;
      this.path = path;
      this.view = r.view;
      document.title = `${r.params.cluster_id ?? r.params.job_id ?? r.title} · cp`;
    };
    if (remount) {
      this.view = '';
      window.setTimeout(set, 0);
    } else {
      set();
    }
  },

  go(hash: string) {
    if (location.hash === hash) this.apply();
    else location.hash = hash;
  },

  /** Replaces the query part of the current hash without adding a history entry or remounting the view. */
  setQuery(q: Record<string, string>) {
    const clean = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== ''));
    const qs = new URLSearchParams(clean).toString();
    history.replaceState(null, '', `${this.path}${qs ? `?${qs}` : ''}`);
    this.query = clean;
  },

  is(...views: string[]): boolean {
    return views.includes(this.view);
  },
});

export type RouterStore = ReturnType<typeof createRouterStore>;
