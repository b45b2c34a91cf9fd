// Clusters list (#/clusters): filterable, sortable table of the clusters the caller can see; "Create cluster" for
// users and admins (the dialog is its own component, views/cluster-create.ts).
import { getAll } from '../api';
import { refreshable } from '../lib/refresh';
import { sortedFiltered, tableState } from '../lib/table';
import { viewBase } from '../lib/view';

export type ClusterRow = {
  cluster_id: string;
  grp: string;
  status: string;
  version: string;
  node_count: number;
  node_cpus: number;
  disk_size: number;
  regions?: string[];
  created_by?: string;
  created_at?: string;
};

const FIELDS = ['cluster_id', 'grp', 'status', 'version', 'created_by'];

export const clustersView = () => ({
  ...viewBase(),
  ...refreshable('clusters', 15),
  ...tableState('clusters', 'cluster_id'),
  clusters: [] as ClusterRow[],

  init() {
    void this.refresh();
    this.startAuto();
  },
  destroy() {
    this.stopAuto();
  },
  async load() {
    this.clusters = await getAll<ClusterRow>('/api/clusters', ['clusters']);
  },
  get rows(): ClusterRow[] {
    return sortedFiltered(this.clusters, this.filter, FIELDS, this.sortKey, this.sortDir);
  },
  totalNodes(c: ClusterRow): number {
    return c.node_count * Math.max(1, c.regions?.length ?? 1);
  },
  regionsText(c: ClusterRow): string {
    return (c.regions ?? []).join(', ');
  },
});
