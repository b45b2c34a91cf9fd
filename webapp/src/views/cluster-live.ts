// Live status panel of the cluster page (nested in cluster-detail.html, x-data="clusterLive"): what the cluster itself
// says, from GET /api/clusters/:id/overview — the safe-to-operate verdict with its reasons, the cluster version and
// whether an upgrade awaits finalization, totals, and one row per node. Refreshes every 10 s while the page is open.
// 503 (no address answered) shows the server's message and the addresses tried, with Retry; 409 (no nodes yet, or
// being deleted) shows the server's message and stops polling until the cluster's status changes.
import { api, ApiError, type ApiResponse } from '../api';
import { bytes } from '../lib/format';
import { refreshable } from '../lib/refresh';
import { router } from '../lib/view';

/** The overview as the OpenAPI document types it (src/api/clusters/cluster-live.schemas.ts). */
export type ClusterOverview = ApiResponse<'/api/clusters/{cluster_id}/overview', 'get'>;
export type OverviewNode = ClusterOverview['nodes'][number];
/** details of the 503 UNAVAILABLE envelope when no address answered (src/infra/cockroach/cluster-sql-errors.ts). */
type Attempt = { address: string; error: string };

type LiveState = 'loading' | 'ok' | 'unreachable' | 'not-applicable' | 'error';

const attemptsOf = (details: unknown): Attempt[] => {
  const a = details && typeof details === 'object' ? (details as { attempts?: unknown }).attempts : undefined;
  return Array.isArray(a) ? (a as Attempt[]) : [];
};

type WithWatch = { $watch(expression: string, cb: (value: unknown) => void): void };
type Badge = { label: string; cls: string };

export const clusterLive = () => ({
  ...refreshable('cluster-live', 10),
  id: router().params.cluster_id ?? '',
  state: 'loading' as LiveState,
  overview: null as ClusterOverview | null,
  message: '',
  attempts: [] as Attempt[],

  /** A status change arrived while a request was in flight: ask again once it is answered. */
  again: false,

  init() {
    // The parent (clusterDetailView) holds the cluster: a new status may mean nodes now exist (or no longer do).
    (this as unknown as WithWatch).$watch('cluster.status', () => this.statusChanged());
    void this.refresh();
    this.startAuto();
  },
  statusChanged() {
    this.startAuto();
    if (this.busy) this.again = true;
    else void this.refresh();
  },
  async load() {
    // A status change that arrives during a request asks again right after it (that answer may predate the change).
    do {
      this.again = false;
      await this.ask();
    } while (this.again);
  },
  async ask() {
    try {
      this.overview = await api.GET('/api/clusters/{cluster_id}/overview', { path: { cluster_id: this.id }, quiet: true });
      this.state = 'ok';
      this.message = '';
      this.attempts = [];
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.overview = null;
      this.message = err.message;
      if (err.status === 503) {
        this.state = 'unreachable';
        this.attempts = attemptsOf(err.details);
      } else if (err.status === 409 || err.status === 404) {
        // Nothing to ask (no nodes yet, or being deleted): no polling until the cluster's status changes.
        this.state = 'not-applicable';
        this.stopAuto();
      } else if (err.status !== 401) {
        this.state = 'error';
      }
    }
  },

  get safe(): boolean {
    return this.overview?.safe_to_operate === true;
  },
  get verdictText(): string {
    return this.safe ? 'Safe to operate' : 'Not safe to operate';
  },
  get usedFraction(): number {
    const t = this.overview?.totals;
    return t && t.capacity_bytes > 0 ? t.used_bytes / t.capacity_bytes : 0;
  },
  get usedPercent(): string {
    return `${Math.round(this.usedFraction * 100)}%`;
  },
  get capacityText(): string {
    const t = this.overview?.totals;
    return t ? `${bytes(t.used_bytes)} used of ${bytes(t.capacity_bytes)} · ${bytes(t.available_bytes)} available` : '';
  },
  nodeFraction(n: OverviewNode): number {
    return n.capacity_bytes > 0 ? n.used_bytes / n.capacity_bytes : 0;
  },
  nodeUsage(n: OverviewNode): string {
    return `${bytes(n.used_bytes)} / ${bytes(n.capacity_bytes)}`;
  },
  /** Liveness and (when not plain "active") membership, as badges. */
  nodeBadges(n: OverviewNode): Badge[] {
    const out: Badge[] = [];
    if (!n.is_live) out.push({ label: 'dead', cls: 'badge st-bad' });
    else if (n.draining) out.push({ label: 'draining', cls: 'badge st-wait' });
    else out.push({ label: 'live', cls: 'badge st-good' });
    if (n.membership !== 'active') out.push({ label: n.membership, cls: n.membership === 'decommissioning' ? 'badge st-wait' : 'badge st-muted' });
    return out;
  },
  countClass(v: number, bad: boolean): string {
    return v > 0 ? (bad ? 'stat-num bad' : 'stat-num warn') : 'stat-num';
  },
});
