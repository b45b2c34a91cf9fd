// Upgrade dialog (nested in cluster detail, opened by the `cluster-upgrade` window event): the allowed target
// versions from GET /api/clusters/:id/options (never the current one), and whether to finalize automatically.
import { api } from '../api';
import { existingClusterOptions } from '../lib/cluster-rules';
import { viewBase } from '../lib/view';
import type { Cluster } from './cluster-detail';

export const clusterUpgrade = () => ({
  ...viewBase(),
  id: '',
  currentVersion: '',
  versions: [] as string[],
  loaded: false,
  version: '',
  autoFinalize: false,

  async show(e: CustomEvent<Cluster>) {
    this.id = e.detail.cluster_id;
    this.currentVersion = e.detail.version;
    this.loaded = false;
    this.versions = [];
    this.autoFinalize = false; // as the API: finalize later, keeping the way back
    this.open('upgradeDialog');
    try {
      const o = existingClusterOptions(await api.GET('/api/clusters/{cluster_id}/options', { path: { cluster_id: this.id } }));
      this.versions = o.upgradeVersions.filter((v) => v !== this.currentVersion);
      this.version = this.versions[0] ?? '';
    } finally {
      this.loaded = true;
    }
  },
  async submit() {
    if (!this.version) return;
    const body = { version: this.version, auto_finalize: this.autoFinalize };
    const res = await this.act(() => api.POST('/api/clusters/{cluster_id}/upgrade', { path: { cluster_id: this.id }, body }), `Upgrading ${this.id} to ${this.version}.`);
    if (res.ok) this.close('upgradeDialog');
  },
});
