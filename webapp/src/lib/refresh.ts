// Per-view auto-refresh with a persisted on/off toggle. A view spreads `refreshable(key, seconds)` into its
// component, implements `load()`, calls `this.startAuto()` in init() and `this.stopAuto()` in destroy(). Refreshes are
// skipped while the tab is hidden and never overlap.
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

export const refreshable = (key: string, seconds: number): Omit<Host, 'load'> & { toggleAuto(): void } => ({
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
  toggleAuto(this: Host) {
    this.autoRefresh = !this.autoRefresh;
    savePref(`auto.${key}`, this.autoRefresh);
    this.startAuto();
  },
});
