// Versions, node counts, vCPUs per node and disk sizes (#/admin/versions, …): one generic list with add and delete,
// configured by the route. Numeric lists accept positive integers only.
import { api, enc, itemsOf } from '../api';
import { refreshable } from '../lib/refresh';
import { router, toasts, viewBase } from '../lib/view';

type ListDef = { title: string; path: string; field: string; numeric: boolean; unit: string; placeholder: string; help: string };

const VERSIONS: ListDef = { title: 'Versions', path: '/api/admin/versions', field: 'version', numeric: false, unit: '', placeholder: 'v24.1.3', help: 'CockroachDB versions offered for new clusters and as upgrade targets.' };

export const OPTION_LISTS: Record<string, ListDef> = {
  versions: VERSIONS,
  'node-counts': { title: 'Node counts', path: '/api/admin/node-counts', field: 'node_count', numeric: true, unit: 'nodes per region', placeholder: '3', help: 'How many nodes per region a cluster may have.' },
  'cpu-counts': { title: 'vCPUs per node', path: '/api/admin/cpu-counts', field: 'cpu_count', numeric: true, unit: 'vCPUs', placeholder: '4', help: 'Node sizes offered.' },
  'disk-sizes': { title: 'Disk sizes', path: '/api/admin/disk-sizes', field: 'size_gb', numeric: true, unit: 'GB', placeholder: '100', help: 'Disk sizes per node offered.' },
};

export const optionListView = () => {
  const def = OPTION_LISTS[router().params.list ?? ''] ?? VERSIONS;
  return {
    ...viewBase(),
    ...refreshable(`opt.${def.field}`, 20),
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
      const rows = itemsOf<unknown>(await api.get(def.path, { quiet: true }), 'items');
      this.values = rows.map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>)[def.field] : r)).map((v) => String(v as string));
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
      const body = { [def.field]: def.numeric ? Number(v) : v };
      const res = await this.act(() => api.post(def.path, body), `Added ${v}.`);
      if (!res.ok) return;
      this.close('addDialog');
      void this.refresh();
    },
    askDelete(v: string) {
      this.deleting = v;
      this.open('deleteDialog');
    },
    async remove() {
      const res = await this.act(() => api.del<{ in_use_by?: string[] }>(`${def.path}/${enc(this.deleting)}`), `Deleted ${this.deleting}.`);
      this.close('deleteDialog');
      if (!res.ok) return;
      const users = res.value?.in_use_by ?? [];
      if (users.length) toasts().info(`Still used by ${users.length} cluster(s): ${users.slice(0, 5).join(', ')}${users.length > 5 ? '…' : ''}. They keep working.`);
      void this.refresh();
    },
  };
};
