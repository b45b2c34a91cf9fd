// Scale dialog (nested in cluster detail, opened by the `cluster-scale` window event with the cluster as detail):
// prefilled with the current size and regions, a client-side diff, and the server's plan from
// POST /api/clusters/:id/scale?dry_run=true before the real request.
import { api, type ApiResponse } from '../api';
import { EMPTY_OPTIONS, existingClusterOptions, sizeError } from '../lib/cluster-rules';
import { viewBase } from '../lib/view';
import type { Cluster } from './cluster-detail';

type ScaleAnswer = ApiResponse<'/api/clusters/{cluster_id}/scale', 'post'>;
type ScalePlan = Extract<ScaleAnswer, { dry_run: true }>;
type Diff = { label: string; from: string; to: string; kind: 'change' | 'add' | 'del' };

export const clusterScale = () => ({
  ...viewBase(),
  id: '',
  current: { node_count: 0, node_cpus: 0, disk_size: 0, regions: [] as string[] },
  options: EMPTY_OPTIONS,
  nodeCount: 0,
  nodeCpus: 0,
  diskSize: 0,
  regions: [] as string[],
  plan: null as ScalePlan | null,
  planError: '',
  planning: false,

  async show(e: CustomEvent<Cluster>) {
    const c = e.detail;
    this.id = c.cluster_id;
    const regions = c.regions;
    this.current = { node_count: c.node_count, node_cpus: c.node_cpus, disk_size: c.disk_size, regions };
    this.reset();
    this.open('scaleDialog');
    const o = existingClusterOptions(await api.GET('/api/clusters/{cluster_id}/options', { path: { cluster_id: this.id } }));
    const withCurrent = (list: number[], v: number) => [...new Set([...list, v])].sort((a, b) => a - b);
    this.options = {
      ...o,
      nodeCounts: withCurrent(o.nodeCounts, c.node_count),
      cpus: withCurrent(o.cpus, c.node_cpus),
      disks: withCurrent(o.disks, c.disk_size),
      regions: [...new Set([...o.regions, ...regions])],
    };
  },
  reset() {
    this.nodeCount = this.current.node_count;
    this.nodeCpus = this.current.node_cpus;
    this.diskSize = this.current.disk_size;
    this.regions = [...this.current.regions];
    this.plan = null;
    this.planError = '';
  },
  hasRegion(r: string) {
    return this.regions.includes(r);
  },
  toggleRegion(r: string) {
    this.regions = this.hasRegion(r) ? this.regions.filter((x) => x !== r) : [...this.regions, r];
    this.plan = null;
  },
  changed() {
    this.plan = null;
  },
  get diff(): Diff[] {
    const out: Diff[] = [];
    const c = this.current;
    if (this.nodeCount !== c.node_count) out.push({ label: 'Nodes per region', from: String(c.node_count), to: String(this.nodeCount), kind: 'change' });
    if (this.nodeCpus !== c.node_cpus) out.push({ label: 'vCPUs per node', from: String(c.node_cpus), to: String(this.nodeCpus), kind: 'change' });
    if (this.diskSize !== c.disk_size) out.push({ label: 'Disk size (GB)', from: String(c.disk_size), to: String(this.diskSize), kind: 'change' });
    for (const r of this.regions) if (!c.regions.includes(r)) out.push({ label: 'Region added', from: '', to: r, kind: 'add' });
    for (const r of c.regions) if (!this.regions.includes(r)) out.push({ label: 'Region removed', from: r, to: '', kind: 'del' });
    return out;
  },
  diffText(d: Diff): string {
    if (d.kind === 'add') return `+ ${d.label}: ${d.to}`;
    if (d.kind === 'del') return `− ${d.label}: ${d.from}`;
    return `${d.label}: ${d.from} → ${d.to}`;
  },
  get sizeErr(): string {
    return sizeError(this.regions.length, this.nodeCount);
  },
  get planSteps(): ScalePlan['steps'] {
    return this.plan?.steps ?? [];
  },
  get planChecks(): ScalePlan['checks'] {
    return this.plan?.checks ?? [];
  },
  body() {
    return { node_count: this.nodeCount, node_cpus: this.nodeCpus, disk_size: this.diskSize, regions: this.regions };
  },
  async preview() {
    if (this.sizeErr || this.diff.length === 0) return;
    this.planning = true;
    try {
      const answer: ScaleAnswer = await api.POST('/api/clusters/{cluster_id}/scale', { path: { cluster_id: this.id }, query: { dry_run: 'true' }, body: this.body(), quiet: true });
      this.plan = 'dry_run' in answer ? answer : null;
      this.planError = '';
    } catch (err) {
      this.plan = null;
      this.planError = err instanceof Error ? err.message : String(err);
    } finally {
      this.planning = false;
    }
  },
  async submit() {
    if (this.sizeErr || this.diff.length === 0) return;
    const res = await this.act(() => api.POST('/api/clusters/{cluster_id}/scale', { path: { cluster_id: this.id }, body: this.body() }), `Scaling ${this.id}.`);
    if (res.ok) this.close('scaleDialog');
  },
});
