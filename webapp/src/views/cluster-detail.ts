// Cluster detail (#/clusters/:id): facts, endpoints (copy), inventory per region, the cluster's jobs, and the actions
// (scale and upgrade dialogs are their own components; finalize; delete with typed confirmation). Refreshes every 5 s.
// The Live status panel is its own component too (cluster-live.ts: what the cluster itself says, every 10 s).
import { api, type ApiResponse } from '../api';
import { CLUSTER_SECTIONS, type ClusterSection } from '../routes';
import { refreshable } from '../lib/refresh';
import { router, session, viewBase } from '../lib/view';

export type Cluster = ApiResponse<'/api/clusters/{cluster_id}', 'get'>;
type ClusterJob = ApiResponse<'/api/clusters/{cluster_id}/jobs', 'get'>['items'][number];
type Endpoint = { region: string; address: string };
type RegionNodes = { region: string; nodes: string[] };

export const endpointsOf = (c: Pick<Cluster, 'lbs_inventory'>): Endpoint[] =>
  c.lbs_inventory.map((e) => ({ region: `${e.cloud}:${e.region}`, address: e.dns_address }));

export const inventoryOf = (c: Pick<Cluster, 'cluster_inventory'>): RegionNodes[] =>
  c.cluster_inventory.map((r) => ({ region: `${r.cloud}:${r.region}`, nodes: r.nodes }));

export const clusterDetailView = () => ({
  ...viewBase(),
  ...refreshable('cluster', 5),
  id: router().params.cluster_id ?? '',
  cluster: null as Cluster | null,
  jobs: [] as ClusterJob[],
  jobsLoaded: false,
  notFound: false,
  confirmText: '',

  async load() {
    try {
      this.cluster = await api.GET('/api/clusters/{cluster_id}', { path: { cluster_id: this.id }, quiet: true });
      this.notFound = false;
    } catch (err) {
      if ((err as { status?: number }).status === 404) {
        this.notFound = true;
        this.cluster = null;
        return;
      }
      throw err;
    }
    try {
      this.jobs = (await api.GET('/api/clusters/{cluster_id}/jobs', { path: { cluster_id: this.id }, quiet: true })).items;
    } finally {
      this.jobsLoaded = true;
    }
  },
  /** The ready cluster sub-pages this caller may open. */
  get sections(): ClusterSection[] {
    const user = session().canMutate;
    return CLUSTER_SECTIONS.filter((x) => x.ready && (!x.user || user));
  },
  get endpoints(): Endpoint[] {
    return this.cluster ? endpointsOf(this.cluster) : [];
  },
  get inventory(): RegionNodes[] {
    return this.cluster ? inventoryOf(this.cluster) : [];
  },
  get regionCount(): number {
    return this.cluster?.regions_count ?? 0;
  },
  get totalNodes(): number {
    return this.cluster?.total_nodes ?? 0;
  },
  get totalCpus(): number {
    return this.cluster?.total_vcpus ?? 0;
  },
  /** Whether the cluster's status allows an operation (the server lists them). */
  allows(op: string): boolean {
    return this.cluster?.allowed_operations.includes(op) ?? false;
  },
  get activeJob(): Cluster['active_job'] | null {
    return this.cluster?.active_job ?? null;
  },
  get needsFinalize(): boolean {
    return this.cluster?.upgrade_finalized === false && this.allows('FINALIZE_UPGRADE');
  },
  field(k: 'previous_version' | 'grp' | 'created_by'): string {
    return this.cluster?.[k] ?? '–';
  },
  consoleUrl(e: Endpoint): string {
    return `https://${e.address}:8080`;
  },
  jobKind(j: ClusterJob): string {
    return j.kind;
  },
  openScale() {
    window.dispatchEvent(new CustomEvent('cluster-scale', { detail: this.cluster }));
  },
  openUpgrade() {
    window.dispatchEvent(new CustomEvent('cluster-upgrade', { detail: this.cluster }));
  },
  async finalize() {
    await this.act(() => api.POST('/api/clusters/{cluster_id}/finalize', { path: { cluster_id: this.id } }), `Finalizing the upgrade of ${this.id}.`);
    void this.refresh();
  },
  openDelete() {
    this.confirmText = '';
    this.open('deleteDialog');
  },
  async remove() {
    if (this.confirmText !== this.id) return;
    const res = await this.act(() => api.DELETE('/api/clusters/{cluster_id}', { path: { cluster_id: this.id } }), `Cluster ${this.id} is being deleted.`);
    if (!res.ok) return;
    this.close('deleteDialog');
    void this.refresh();
  },
});
