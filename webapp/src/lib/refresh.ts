// Per-view auto-refresh with a persisted on/off toggle. A view spreads `refreshable(key, seconds)` into its
// component and implements `load()`; the mixin's init() loads once and starts the timer, its destroy() clears it
// (Alpine calls both). A view that needs more overrides them and calls refresh()/startAuto()/stopAuto() itself.
// Refreshes are skipped while the tab is hidden and never overlap.
import { loadPref, savePref } from './persist';

type Host = {
  autoRefresh: boolean;
  refreshSeconds: number;
  loading: boolean;
  busy: boolean;
  loadError: string;
  updatedAt: string;
  timerId: number;
  load(): Promise<void>;
  refresh(): Promise<void>;
  startAuto(): void;
  stopAuto(): void;
};

export const refreshable = (key: string, seconds: number): Omit<Host, 'load'> & { toggleAuto(): void; init(): void; destroy(): void } => ({
  autoRefresh: loadPref<boolean>(`auto.${key}`, true),
  refreshSeconds: seconds,
  /** True until the first load finished (successfully or not): the loading state. */
  loading: true,
  busy: false,
  loadError: '',
  updatedAt: '',
  timerId: 0,

  async refresh(this: Host) {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.load();
      this.loadError = '';
      this.updatedAt = new Date().toISOString();
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
      this.loading = false;
    }
  },
  startAuto(this: Host) {
    this.stopAuto();
    if (!this.autoRefresh || !this.refreshSeconds) return;
    this.timerId = window.setInterval(() => {
      if (!document.hidden) void this.refresh();
    }, this.refreshSeconds * 1000);
  },
  stopAuto(this: Host) {
    if (this.timerId) window.clearInterval(this.timerId);
    this.timerId = 0;
  },
  init(this: Host) {
    void this.refresh();
    this.startAuto();
  },
  destroy(this: Host) {
    this.stopAuto();
  },
  toggleAuto(this: Host) {
    this.autoRefresh = !this.autoRefresh;
    savePref(`auto.${key}`, this.autoRefresh);
    this.startAuto();
  },
});
