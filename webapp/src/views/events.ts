// Events (#/events): the audit log, newest first, paged by the server (keyset cursor: `next_cursor`; a stack of the
// cursors seen so far gives "Newer"), filtered by action, actor and cluster (persisted, sent as query parameters),
// plus a client-side text filter on the page.
import { api, ApiError, type ApiQuery, type ApiResponse } from '../api';
import { json } from '../lib/format';
import { loadPref, savePref } from '../lib/persist';
import { refreshable } from '../lib/refresh';
import { sortedFiltered, tableState } from '../lib/table';
import { viewBase } from '../lib/view';

type EventRow = ApiResponse<'/api/events', 'get'>['events'][number];

const PAGE = 50;

export const eventsView = () => ({
  ...viewBase(),
  ...refreshable('events', 15),
  ...tableState('events', 'ts', 'desc'),
  events: [] as EventRow[],
  cursors: [] as string[],
  nextCursor: '',
  forbidden: false,
  action: loadPref<string>('events.action', ''),
  actor: loadPref<string>('events.actor', ''),
  clusterId: loadPref<string>('events.cluster', ''),

  query(): ApiQuery<'/api/events', 'get'> {
    const cursor = this.cursors[this.cursors.length - 1];
    return {
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
      ...(this.action.trim() ? { action: this.action.trim().toUpperCase() } : {}),
      ...(this.actor.trim() ? { actor: this.actor.trim() } : {}),
      ...(this.clusterId.trim() ? { cluster_id: this.clusterId.trim() } : {}),
    };
  },
  async load() {
    try {
      const v = await api.GET('/api/events', { query: this.query(), quiet: true });
      this.events = v.events;
      this.nextCursor = v.next_cursor ?? '';
      this.forbidden = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) {
        this.forbidden = true;
        this.events = [];
        return;
      }
      throw err;
    }
  },
  get rows(): EventRow[] {
    return sortedFiltered(this.events, this.filter, ['action', 'actor', 'target_id', 'cluster_id', 'request_id', 'details'], this.sortKey, this.sortDir);
  },
  applyFilters() {
    savePref('events.action', this.action);
    savePref('events.actor', this.actor);
    savePref('events.cluster', this.clusterId);
    this.cursors = [];
    void this.refresh();
  },
  resetFilters() {
    this.action = '';
    this.actor = '';
    this.clusterId = '';
    this.applyFilters();
  },
  older() {
    if (!this.nextCursor) return;
    this.cursors = [...this.cursors, this.nextCursor];
    void this.refresh();
  },
  newer() {
    this.cursors = this.cursors.slice(0, -1);
    void this.refresh();
  },
  get pageText(): string {
    const from = this.cursors.length * PAGE;
    return this.events.length ? `${from + 1}–${from + this.events.length}` : '0';
  },
  detailsText(e: EventRow): string {
    return json(e.details);
  },
  target(e: EventRow): string {
    const t = [e.target_type, e.target_id].filter((x) => typeof x === 'string' && x).join(' ');
    return t || (typeof e.cluster_id === 'string' ? e.cluster_id : '');
  },
});
