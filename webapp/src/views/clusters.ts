// Clusters list (#/clusters): filterable, sortable table of the clusters the caller can see; "Create cluster" for
// users and admins (the dialog is its own component, views/cluster-create.ts).
import { api, collectPages, type ApiResponse } from '../api';
import { renderRows, type Column } from '../lib/fast-rows';
import { age, statusClass, utc } from '../lib/format';
import { refreshable } from '../lib/refresh';
import { sortedFiltered, tableState } from '../lib/table';
import { viewBase } from '../lib/view';

export type ClusterRow = ApiResponse<'/api/clusters', 'get'>['items'][number];

const FIELDS = ['cluster_id', 'grp', 'status', 'version', 'created_by'];

const COLUMNS: Column<ClusterRow>[] = [
  { text: (c) => c.cluster_id, href: (c) => `#/clusters/${encodeURIComponent(c.cluster_id)}` },
  { text: (c) => c.grp },
  { text: (c) => c.status, badge: (c) => statusClass(c.status) },
  { text: (c) => c.version, cls: 'mono' },
  { text: (c) => String(c.node_count), cls: 'num' },
  { text: (c) => String(c.node_cpus), cls: 'num' },
  { text: (c) => String(c.disk_size), cls: 'num' },
  { text: (c) => c.regions.join(', '), cls: 'small' },
  { text: (c) => c.created_by },
  { text: (c) => age(c.created_at), cls: 'small', title: (c) => utc(c.created_at) },
];

export const clustersView = () => ({
  ...viewBase(),
  ...refreshable('clusters', 15),
  ...tableState('clusters', 'cluster_id'),
  clusters: [] as ClusterRow[],

  async load() {
    this.clusters = await collectPages((cursor) => api.GET('/api/clusters', { query: { limit: 500, ...(cursor ? { cursor } : {}) } }));
  },
  get rows(): ClusterRow[] {
    return sortedFiltered(this.clusters, this.filter, FIELDS, this.sortKey, this.sortDir);
  },
  /** x-effect on the table body: re-renders whenever the list, the filter or the sort changes. */
  paint(tbody: HTMLElement) {
    renderRows(tbody, this.rows, COLUMNS);
  },
});
