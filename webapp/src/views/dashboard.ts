// Dashboard (#/dashboard): cluster stats, job stats, recent events, and the slot where live alerts will appear.
// Each card loads on its own, so one failing API never blanks the page.
import { api, itemsOf } from '../api';
import { refreshable } from '../lib/refresh';
import { viewBase } from '../lib/view';

type Stats = Record<string, number>;
type Card = { loaded: boolean; error: string };

const settle = async <T>(p: Promise<T>, card: Card): Promise<T | undefined> => {
  try {
    const v = await p;
    card.error = '';
    return v;
  } catch (err) {
    card.error = err instanceof Error ? err.message : String(err);
    return undefined;
  } finally {
    card.loaded = true;
  }
};

export const dashboardView = () => ({
  ...viewBase(),
  ...refreshable('dashboard', 15),
  clusterStats: {} as Stats,
  jobStats: {} as Stats,
  events: [] as Record<string, unknown>[],
  cards: {
    clusters: { loaded: false, error: '' },
    jobs: { loaded: false, error: '' },
    events: { loaded: false, error: '' },
  },

  async load() {
    const [c, j, e] = await Promise.all([
      settle(api.get<Stats>('/api/clusters/stats', { quiet: true }), this.cards.clusters),
      settle(api.get<Stats>('/api/jobs/stats', { quiet: true }), this.cards.jobs),
      // Events are scoped by the server: admins see all, others the events of their clusters.
      settle(api.get<unknown>('/api/events?limit=10', { quiet: true }), this.cards.events),
    ]);
    if (c) this.clusterStats = c;
    if (j) this.jobStats = j;
    if (e) this.events = itemsOf(e, 'events');
  },
  stat(group: 'clusterStats' | 'jobStats', key: string): string {
    const v = this[group][key];
    return typeof v === 'number' ? String(v) : '–';
  },
});
