// Versions, node counts, vCPUs per node and disk sizes (#/admin/versions, …): one generic list with add and delete,
// configured by the route. Numeric lists accept positive integers only.
import { api, collectOffsetPages } from '../api';
import { refreshable } from '../lib/refresh';
import { router, toasts, viewBase } from '../lib/view';

type ListDef = {
  title: string;
  key: string;
  numeric: boolean;
  unit: string;
  placeholder: string;
  help: string;
  /** Every value, as text; `add` and `remove` take the text the user typed or picked. */
  list: () => Promise<string[]>;
  add: (v: string) => Promise<unknown>;
  remove: (v: string) => Promise<{ in_use_by: string[] }>;
};

const all = <T>(page: (offset: number) => Promise<{ items: T[]; next_offset: number | null }>) => collectOffsetPages(page);

const VERSIONS: ListDef = {
  title: 'Versions', key: 'version', numeric: false, unit: '', placeholder: 'v24.1.3', help: 'CockroachDB versions offered for new clusters and as upgrade targets.',
  list: async () => (await all((offset) => api.GET('/api/admin/versions', { query: { limit: 500, offset }, quiet: true }))).map((r) => r.version),
  add: (v) => api.POST('/api/admin/versions', { body: { version: v } }),
  remove: (v) => api.DELETE('/api/admin/versions/{version}', { path: { version: v } }),
};

export const OPTION_LISTS: Record<string, ListDef> = {
  versions: VERSIONS,
  'node-counts': {
    title: 'Node counts', key: 'node_count', numeric: true, unit: 'nodes per region', placeholder: '3', help: 'How many nodes per region a cluster may have.',
    list: async () => (await all((offset) => api.GET('/api/admin/node-counts', { query: { limit: 500, offset }, quiet: true }))).map((r) => String(r.node_count)),
    add: (v) => api.POST('/api/admin/node-counts', { body: { node_count: Number(v) } }),
    remove: (v) => api.DELETE('/api/admin/node-counts/{node_count}', { path: { node_count: Number(v) } }),
  },
  'cpu-counts': {
    title: 'vCPUs per node', key: 'cpu_count', numeric: true, unit: 'vCPUs', placeholder: '4', help: 'Node sizes offered.',
    list: async () => (await all((offset) => api.GET('/api/admin/cpu-counts', { query: { limit: 500, offset }, quiet: true }))).map((r) => String(r.cpu_count)),
    add: (v) => api.POST('/api/admin/cpu-counts', { body: { cpu_count: Number(v) } }),
    remove: (v) => api.DELETE('/api/admin/cpu-counts/{cpu_count}', { path: { cpu_count: Number(v) } }),
  },
  'disk-sizes': {
    title: 'Disk sizes', key: 'size_gb', numeric: true, unit: 'GB', placeholder: '100', help: 'Disk sizes per node offered.',
    list: async () => (await all((offset) => api.GET('/api/admin/disk-sizes', { query: { limit: 500, offset }, quiet: true }))).map((r) => String(r.size_gb)),
    add: (v) => api.POST('/api/admin/disk-sizes', { body: { size_gb: Number(v) } }),
    remove: (v) => api.DELETE('/api/admin/disk-sizes/{size_gb}', { path: { size_gb: Number(v) } }),
  },
};

export const optionListView = () => {
  const def = OPTION_LISTS[router().params.list ?? ''] ?? VERSIONS;
  return {
    ...viewBase(),
    ...refreshable(`opt.${def.key}`, 20),
    def,
    values: [] as string[],
    draft: '',
    formError: '',
    deleting: '',

    init() {
      void this.refresh();
      this.startAuto();
    },
    destroy() {
      this.stopAuto();
    },
    async load() {
      this.values = await def.list();
    },
    showAdd() {
      this.draft = '';
      this.formError = '';
      this.open('addDialog');
    },
    async add() {
      const v = this.draft.trim();
      if (def.numeric && !/^[1-9][0-9]*$/.test(v)) return void (this.formError = 'Enter a positive whole number.');
      if (!def.numeric && !v) return void (this.formError = 'Enter a version.');
      const res = await this.act(() => def.add(v), `Added ${v}.`);
      if (!res.ok) return;
      this.close('addDialog');
      void this.refresh();
    },
    askDelete(v: string) {
      this.deleting = v;
      this.open('deleteDialog');
    },
    async remove() {
      const res = await this.act(() => def.remove(this.deleting), `Deleted ${this.deleting}.`);
      this.close('deleteDialog');
      if (!res.ok) return;
      const users = res.value.in_use_by;
      if (users.length) toasts().info(`Still used by ${users.length} cluster(s): ${users.slice(0, 5).join(', ')}${users.length > 5 ? '…' : ''}. They keep working.`);
      void this.refresh();
    },
  };
};
