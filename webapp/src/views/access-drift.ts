// Access drift panel (nested in the Databases page): GET …/access-drift compares what cp declared with the cluster and
// lists each difference with its kind; CP_USER+ get "Fix…", which first shows the server's dry run (the actions fix
// would apply) and then applies them, showing what is left. Errors stay in the panel/dialog.
import { api, type ApiResponse } from '../api';
import { blockingStatus, errorText } from '../lib/errors';
import { router, toasts, viewBase } from '../lib/view';

export type Drift = ApiResponse<'/api/clusters/{cluster_id}/access-drift', 'get'>;
export type DriftDifference = Drift['differences'][number];
type FixResult = ApiResponse<'/api/clusters/{cluster_id}/access-drift/fix', 'post'>;

const KIND_LABEL: Record<DriftDifference['kind'], string> = {
  missing_on_cluster: 'missing on cluster',
  unknown_to_cp: 'unknown to cp',
  grant_differs: 'grant differs',
};

export const accessDrift = () => ({
  ...viewBase(),
  id: router().params.cluster_id ?? '',
  drift: null as Drift | null,
  checking: false,
  driftError: '',
  preview: null as FixResult | null,
  fixError: '',
  fixResult: null as FixResult | null,

  init() {
    void this.check();
  },
  async check() {
    if (this.checking) return;
    this.checking = true;
    this.driftError = '';
    try {
      this.drift = await api.GET('/api/clusters/{cluster_id}/access-drift', { path: { cluster_id: this.id }, quiet: true });
    } catch (err) {
      this.drift = null;
      this.driftError = blockingStatus(err) ? errorText(err) : `Could not check drift: ${errorText(err)}`;
    } finally {
      this.checking = false;
    }
  },
  kindLabel(d: DriftDifference): string {
    return KIND_LABEL[d.kind] ?? d.kind;
  },
  kindClass(d: DriftDifference): string {
    return d.kind === 'missing_on_cluster' ? 'badge st-bad' : d.kind === 'unknown_to_cp' ? 'badge st-wait' : 'badge st-busy';
  },
  diffKey(d: DriftDifference): string {
    return `${d.kind}:${d.object_type}:${d.name}:${d.detail}`;
  },
  get differences(): DriftDifference[] {
    return this.drift?.differences ?? [];
  },
  get fixable(): number {
    return this.differences.filter((d) => d.fix !== null).length;
  },
  async askFix() {
    this.preview = null;
    this.fixResult = null;
    this.fixError = '';
    this.open('fixDialog');
    try {
      this.preview = await api.POST('/api/clusters/{cluster_id}/access-drift/fix', {
        path: { cluster_id: this.id }, query: { dry_run: 'true' }, quiet: true,
      });
    } catch (err) {
      this.fixError = errorText(err);
    }
  },
  async fix() {
    if (this.acting || !this.preview) return;
    this.acting = true;
    this.fixError = '';
    try {
      const r = await api.POST('/api/clusters/{cluster_id}/access-drift/fix', {
        path: { cluster_id: this.id }, query: { dry_run: 'false' }, quiet: true,
      });
      this.fixResult = r;
      this.close('fixDialog');
      toasts().ok(`Applied ${r.actions.length} fixes; ${r.differences_after?.length ?? 0} differences left.`);
      await this.check();
    } catch (err) {
      this.fixError = errorText(err);
    } finally {
      this.acting = false;
    }
  },
});
