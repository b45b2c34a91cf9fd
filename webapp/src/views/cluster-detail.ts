// Cluster detail (#/clusters/:id): facts, endpoints (copy), inventory per region, the cluster's jobs, and the actions
// (scale and upgrade dialogs are their own components; finalize; delete with typed confirmation). Refreshes every 5 s.
// The Live status panel is its own component too (cluster-live.ts: what the cluster itself says, every 10 s).
import { api, enc, itemsOf } from '../api';
import { CLUSTER_SECTIONS, type ClusterSection } from '../routes';
import { refreshable } from '../lib/refresh';
import { router, session, viewBase } from '../lib/view';

export type Cluster = Record<string, unknown> & {
  cluster_id: string;
  status: string;
  version: string;
  node_count: number;
  node_cpus: number;
  disk_size: number;
  regions?: string[];
  upgrade_finalized?: boolean;
};
type Endpoint = { region: string; address: string };
type RegionNodes = { region: string; nodes: string[] };

const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const regionOf = (o: Record<string, unknown>) => (s(o.cloud) ? `${s(o.cloud)}:${s(o.region)}` : s(o.region) || s(o.region_id));

export const endpointsOf = (c: Record<string, unknown>): Endpoint[] =>
  arr(c.lbs_inventory ?? c.endpoints ?? c.load_balancers).map((e) => ({
    region: regionOf(e),
    address: s(e.dns_address) || s(e.address) || s(e.host),
  }));

export const inventoryOf = (c: Record<string, unknown>): RegionNodes[] =>
  arr(c.cluster_inventory ?? c.inventory).map((r) => ({
    region: regionOf(r),
    nodes: (Array.isArray(r.nodes) ? (r.nodes as unknown[]) : []).map((n) =>
      typeof n === 'string' ? n : s((n as Record<string, unknown>).ip) || s((n as Record<string, unknown>).address),
    ),
  }));

export const clusterDetailView = () => ({
  ...viewBase(),
  ...refreshable('cluster', 5),
  id: router().params.cluster_id ?? '',
  cluster: null as Cluster | null,
  jobs: [] as Record<string, unknown>[],
  jobsLoaded: false,
  notFound: false,
  confirmText: '',

  async load() {
    try {
      this.cluster = await api.get<Cluster>(`/api/clusters/${enc(this.id)}`, { quiet: true });
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
      this.jobs = itemsOf(await api.get(`/api/clusters/${enc(this.id)}/jobs`, { quiet: true }), 'jobs');
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
    const c = this.cluster;
    if (!c) return 0;
    return typeof c.regions_count === 'number' ? c.regions_count : c.regions?.length || this.inventory.length || 1;
  },
  get totalNodes(): number {
    const t = this.cluster?.total_nodes;
    return typeof t === 'number' ? t : (this.cluster?.node_count ?? 0) * this.regionCount;
  },
  get totalCpus(): number {
    const t = this.cluster?.total_vcpus;
    return typeof t === 'number' ? t : this.totalNodes * (this.cluster?.node_cpus ?? 0);
  },
  /** Whether the cluster's status allows an operation (the server lists them; without the list: not transitional). */
  allows(op: string): boolean {
    const ops = this.cluster?.allowed_operations;
    if (Array.isArray(ops)) return ops.includes(op);
    return !/ING$/.test(this.cluster?.status ?? '');
  },
  get activeJob(): Record<string, unknown> | null {
    const j = this.cluster?.active_job;
    return j && typeof j === 'object' ? (j as Record<string, unknown>) : null;
  },
  get needsFinalize(): boolean {
    return this.cluster?.upgrade_finalized === false && this.allows('FINALIZE_UPGRADE');
  },
  field(k: string): string {
    const v = this.cluster?.[k];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '–';
  },
  consoleUrl(e: Endpoint): string {
    return `https://${e.address}:8080`;
  },
  jobKind(j: Record<string, unknown>): string {
    return s(j.kind) || s(j.job_type);
  },
  openScale() {
    window.dispatchEvent(new CustomEvent('cluster-scale', { detail: this.cluster }));
  },
  openUpgrade() {
    window.dispatchEvent(new CustomEvent('cluster-upgrade', { detail: this.cluster }));
  },
  async finalize() {
    await this.act(() => api.post(`/api/clusters/${enc(this.id)}/finalize`), `Finalizing the upgrade of ${this.id}.`);
    void this.refresh();
  },
  openDelete() {
    this.confirmText = '';
    this.open('deleteDialog');
  },
  async remove() {
    if (this.confirmText !== this.id) return;
    const res = await this.act(() => api.del(`/api/clusters/${enc(this.id)}`), `Cluster ${this.id} is being deleted.`);
    if (!res.ok) return;
    this.close('deleteDialog');
    void this.refresh();
  },
});
