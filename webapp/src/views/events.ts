// Events (#/events): the audit log, newest first, paged by the server (limit/offset), filtered by action, actor and
// cluster (filters persisted and sent to the server as query parameters, plus a client-side text filter).
import { api, ApiError, itemsOf } from '../api';
import { json } from '../lib/format';
import { loadPref, savePref } from '../lib/persist';
import { refreshable } from '../lib/refresh';
import { sortedFiltered, tableState } from '../lib/table';
import { viewBase } from '../lib/view';

type EventRow = Record<string, unknown> & { ts?: string; action?: string };

const PAGE = 50;

export const eventsView = () => ({
  ...viewBase(),
  ...refreshable('events', 15),
  ...tableState('events', 'ts', 'desc'),
  events: [] as EventRow[],
  offset: 0,
  hasMore: false,
  forbidden: false,
  action: loadPref<string>('events.action', ''),
  actor: loadPref<string>('events.actor', ''),
  clusterId: loadPref<string>('events.cluster', ''),

  init() {
    void this.refresh();
    this.startAuto();
  },
  destroy() {
    this.stopAuto();
  },
  query(): string {
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(this.offset) });
    if (this.action.trim()) q.set('action', this.action.trim().toUpperCase());
    if (this.actor.trim()) q.set('actor', this.actor.trim());
    if (this.clusterId.trim()) q.set('cluster_id', this.clusterId.trim());
    return q.toString();
  },
  async load() {
    try {
      const v = await api.get(`/api/events?${this.query()}`, { quiet: true });
      this.events = itemsOf<EventRow>(v, 'events');
      const o = v as Record<string, unknown>;
      this.hasMore = typeof o.next_cursor === 'string' || o.has_more === true || this.events.length === PAGE;
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
    this.offset = 0;
    void this.refresh();
  },
  resetFilters() {
    this.action = '';
    this.actor = '';
    this.clusterId = '';
    this.applyFilters();
  },
  page(dir: number) {
    this.offset = Math.max(0, this.offset + dir * PAGE);
    void this.refresh();
  },
  get pageText(): string {
    return this.events.length ? `${this.offset + 1}–${this.offset + this.events.length}` : '0';
  },
  detailsText(e: EventRow): string {
    return json(e.details);
  },
  target(e: EventRow): string {
    const t = [e.target_type, e.target_id].filter((x) => typeof x === 'string' && x).join(' ');
    return t || (typeof e.cluster_id === 'string' ? e.cluster_id : '');
  },
});
