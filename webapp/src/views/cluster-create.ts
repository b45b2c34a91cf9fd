// The "Create cluster" dialog (nested in the clusters view, opened by the `cluster-create` window event): a suggested
// name, size and version options from GET /api/clusters/options, the owner group from the caller's groups, region
// chips, and the server's validation rules before POST /api/clusters.
import { api } from '../api';
import { EMPTY_OPTIONS, nameError, newClusterOptions, sizeError, suggestName } from '../lib/cluster-rules';
import { router, session, toasts, viewBase } from '../lib/view';

export const clusterCreate = () => ({
  ...viewBase(),
  options: EMPTY_OPTIONS,
  optionsLoaded: false,
  touched: false,
  name: '',
  nodeCount: 0,
  nodeCpus: 0,
  diskSize: 0,
  version: '',
  group: '',
  regions: [] as string[],

  get groups(): string[] {
    return session().groups;
  },
  get nameErr(): string {
    return nameError(this.name);
  },
  get sizeErr(): string {
    return sizeError(this.regions.length, this.nodeCount);
  },
  get summary(): string {
    const nodes = this.regions.length * this.nodeCount;
    return nodes ? `${nodes} nodes in all (${this.regions.length} region(s) × ${this.nodeCount}), ${nodes * this.nodeCpus} vCPUs, ${nodes * this.diskSize} GB disk.` : '';
  },

  async show() {
    this.touched = false;
    this.name = suggestName();
    this.regions = [];
    this.open('createDialog');
    try {
      this.options = newClusterOptions(await api.GET('/api/clusters/options'));
      this.nodeCount = this.options.nodeCounts[0] ?? 0;
      this.nodeCpus = this.options.cpus[0] ?? 0;
      this.diskSize = this.options.disks[0] ?? 0;
      this.version = this.options.versions[0] ?? '';
      this.group = this.groups[0] ?? '';
      if (this.options.regions.length === 1 && this.nodeCount >= 3) this.regions = [...this.options.regions];
    } finally {
      this.optionsLoaded = true;
    }
  },
  regenerate() {
    this.name = suggestName();
  },
  hasRegion(r: string): boolean {
    return this.regions.includes(r);
  },
  toggleRegion(r: string) {
    this.regions = this.hasRegion(r) ? this.regions.filter((x) => x !== r) : [...this.regions, r];
  },
  async submit() {
    this.touched = true;
    if (this.nameErr || this.sizeErr || !this.version || !this.group || !this.nodeCpus || !this.diskSize) {
      if (!this.nameErr && !this.sizeErr) toasts().error('Choose a version, an owner group, vCPUs and a disk size.');
      return;
    }
    const body = {
      name: this.name,
      node_count: this.nodeCount,
      node_cpus: this.nodeCpus,
      disk_size: this.diskSize,
      regions: this.regions,
      version: this.version,
      group: this.group,
    };
    const res = await this.act(() => api.POST('/api/clusters', { body }), `Cluster ${this.name} is being created.`);
    if (!res.ok) return;
    this.close('createDialog');
    router().go(`#/clusters/${this.name}`);
  },
});
