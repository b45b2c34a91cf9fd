// Dashboard (#/dashboard): cluster stats, job stats, recent events, and the slot where live alerts will appear.
// Each card loads on its own, so one failing API never blanks the page.
import { api, type ApiResponse } from '../api';
import { refreshable } from '../lib/refresh';
import { viewBase } from '../lib/view';

type ClusterStats = ApiResponse<'/api/clusters/stats', 'get'>;
type JobStats = ApiResponse<'/api/jobs/stats', 'get'>;
type EventRow = ApiResponse<'/api/events', 'get'>['events'][number];
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
  clusterStats: null as ClusterStats | null,
  jobStats: null as JobStats | null,
  events: [] as EventRow[],
  cards: {
    clusters: { loaded: false, error: '' },
    jobs: { loaded: false, error: '' },
    events: { loaded: false, error: '' },
  },

  async load() {
    const [c, j, e] = await Promise.all([
      settle(api.GET('/api/clusters/stats', { quiet: true }), this.cards.clusters),
      settle(api.GET('/api/jobs/stats', { quiet: true }), this.cards.jobs),
      // Events are scoped by the server: admins see all, others the events of their clusters.
      settle(api.GET('/api/events', { query: { limit: 10 }, quiet: true }), this.cards.events),
    ]);
    if (c) this.clusterStats = c;
    if (j) this.jobStats = j;
    if (e) this.events = e.events;
  },
  stat(group: 'clusterStats' | 'jobStats', key: string): string {
    const v = (this[group] as Record<string, unknown> | null)?.[key];
    return typeof v === 'number' ? String(v) : '–';
  },
});
