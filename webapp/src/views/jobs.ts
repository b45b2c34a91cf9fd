// Jobs list (#/jobs, #/jobs?cluster=<id>): status and kind filters plus a text filter (all persisted), sortable
// columns. With ?cluster= it shows that cluster's jobs (GET /api/clusters/:id/jobs).
import { api, collectPages, type ApiResponse } from '../api';
import { renderRows, type Column } from '../lib/fast-rows';
import { age, statusClass, utc } from '../lib/format';
import { loadPref, savePref } from '../lib/persist';
import { refreshable } from '../lib/refresh';
import { sortedFiltered, tableState } from '../lib/table';
import { router, viewBase } from '../lib/view';

export type Job = ApiResponse<'/api/jobs', 'get'>['items'][number];
/** A job plus its cluster as a plain field, so that the table sorts and filters by it. */
export type JobRow = Job & { cluster: string };

export const jobKind = (j: Pick<Job, 'kind'>): string => j.kind;

export const jobCluster = (j: Pick<Job, 'cluster_id'>): string => j.cluster_id ?? '';

const COLUMNS: Column<JobRow>[] = [
  { text: (j) => j.job_id, href: (j) => `#/jobs/${encodeURIComponent(j.job_id)}` },
  { text: (j) => jobKind(j) },
  { text: (j) => j.status, badge: (j) => statusClass(j.status) },
  { text: (j) => jobCluster(j), href: (j) => (jobCluster(j) ? `#/clusters/${encodeURIComponent(jobCluster(j))}` : undefined) },
  { text: (j) => j.created_by },
  { text: (j) => age(j.created_at), cls: 'small', title: (j) => utc(j.created_at) },
  { text: (j) => age(j.updated_at), cls: 'small', title: (j) => utc(j.updated_at) },
];

export const jobsView = () => ({
  ...viewBase(),
  ...refreshable('jobs', 15),
  ...tableState('jobs', 'created_at', 'desc'),
  cluster: router().query.cluster ?? '',
  status: loadPref<string>('jobs.status', ''),
  kind: loadPref<string>('jobs.kind', ''),
  jobs: [] as JobRow[],

  async load() {
    const cluster = this.cluster;
    const list = await collectPages((cursor) =>
      api.GET('/api/jobs', { query: { limit: 500, ...(cluster ? { cluster_id: cluster } : {}), ...(cursor ? { cursor } : {}) } }),
    );
    this.jobs = list.map((j) => ({ ...j, cluster: jobCluster(j) }));
  },
  get kinds(): string[] {
    return [...new Set(this.jobs.map((j) => jobKind(j)).filter(Boolean))].sort();
  },
  get statuses(): string[] {
    return [...new Set(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', ...this.jobs.map((j) => j.status)])];
  },
  get rows(): JobRow[] {
    const pre = this.jobs.filter((j) => (!this.status || j.status === this.status) && (!this.kind || jobKind(j) === this.kind));
    return sortedFiltered(pre, this.filter, ['job_id', 'kind', 'status', 'created_by', 'cluster'], this.sortKey, this.sortDir);
  },
  /** x-effect on the table body (plain DOM rows: see lib/fast-rows.ts). */
  paint(tbody: HTMLElement) {
    renderRows(tbody, this.rows, COLUMNS);
  },
  saveFilters() {
    savePref('jobs.status', this.status);
    savePref('jobs.kind', this.kind);
  },
  clearCluster() {
    router().go('#/jobs');
  },
});
