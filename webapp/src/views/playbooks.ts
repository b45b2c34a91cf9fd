// Playbooks (#/admin/playbooks): pick a playbook, see its versions (the default marked), edit YAML in a lazily loaded
// CodeMirror editor, save as a new version, promote a version to default, delete a non-default version.
import { api, enc, itemsOf } from '../api';
import { destroyEditor, editorValue, mountEditor } from '../lib/editor';
import { loadPref, savePref } from '../lib/persist';
import { viewBase } from '../lib/view';

export const PLAYBOOK_NAMES = ['CREATE_CLUSTER', 'DELETE_CLUSTER', 'SCALE_CLUSTER_IN', 'SCALE_CLUSTER_OUT', 'SCALE_DISK_SIZE', 'SCALE_NODE_CPUS', 'UPGRADE_CLUSTER', 'HEALTHCHECK_CLUSTER'];

type Version = { version: number; created_at?: string; created_by?: string; comment?: string; is_default?: boolean };
type Refs = { $refs: Record<string, HTMLElement> };

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));

export const playbooksView = () => ({
  ...viewBase(),
  names: PLAYBOOK_NAMES,
  name: loadPref<string>('playbooks.name', 'CREATE_CLUSTER'),
  versions: [] as Version[],
  defaultVersion: 0,
  /** The promoted (pinned) version; 0 when none: then the newest runs. */
  promotedVersion: 0,
  selected: 0,
  content: '',
  comment: '',
  loading: true,
  loadError: '',
  dirty: false,

  init() {
    void this.loadPlaybook();
  },
  destroy() {
    destroyEditor((this as unknown as Refs).$refs.yamlEditor);
  },
  async loadPlaybook(keepSelection = false) {
    this.loading = true;
    try {
      const v = await api.get<Record<string, unknown>>(`/api/admin/playbooks/${enc(this.name)}/versions?limit=500`, { quiet: true });
      this.versions = itemsOf<Version>(v, 'versions').map((x) => ({ ...x, version: num(x.version) })).sort((a, b) => b.version - a.version);
      const def = v.default_version ?? this.versions.find((x) => x.is_default)?.version;
      this.defaultVersion = def === undefined || def === null ? (this.versions[0]?.version ?? 0) : num(def);
      this.promotedVersion = typeof v.promoted_version === 'number' ? v.promoted_version : 0;
      if (!keepSelection || !this.versions.some((x) => x.version === this.selected)) this.selected = this.defaultVersion;
      this.loadError = '';
      await this.loadVersion();
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
      this.versions = [];
    } finally {
      this.loading = false;
    }
  },
  async loadVersion() {
    if (!this.selected) return;
    const v = await api.get<Record<string, unknown>>(`/api/admin/playbooks/${enc(this.name)}/versions/${this.selected}`);
    this.content = typeof v.content === 'string' ? v.content : '';
    this.dirty = false;
    await mountEditor((this as unknown as Refs).$refs.yamlEditor, {
      language: 'yaml',
      doc: this.content,
      label: `${this.name} playbook YAML`,
      minHeight: 420,
      onChange: (text) => (this.dirty = text !== this.content),
    });
  },
  choose(name: string) {
    this.name = name;
    savePref('playbooks.name', name);
    void this.loadPlaybook();
  },
  pickVersion(e: Event) {
    this.selected = Number((e.target as HTMLSelectElement).value);
    void this.loadVersion();
  },
  versionLabel(v: Version): string {
    const tag = v.version === this.promotedVersion ? ' (default, promoted)' : v.version === this.defaultVersion ? ' (default: newest)' : '';
    return `v${v.version}${tag}${v.comment ? ` · ${v.comment}` : ''}`;
  },
  get selectedInfo(): Version | undefined {
    return this.versions.find((v) => v.version === this.selected);
  },
  async save() {
    const content = editorValue((this as unknown as Refs).$refs.yamlEditor) ?? this.content;
    const body = { content, ...(this.comment ? { comment: this.comment } : {}) };
    const res = await this.act(() => api.post<Record<string, unknown>>(`/api/admin/playbooks/${enc(this.name)}/versions`, body), `Saved a new version of ${this.name}.`);
    if (!res.ok) return;
    this.comment = '';
    const created = num(res.value.version ?? 0);
    if (created) this.selected = created;
    await this.loadPlaybook(true);
  },
  async promote() {
    const res = await this.act(() => api.put(`/api/admin/playbooks/${enc(this.name)}/default`, { version: this.selected }), `v${this.selected} is now the default of ${this.name}.`);
    if (res.ok) await this.loadPlaybook(true);
  },
  async remove() {
    const res = await this.act(() => api.del(`/api/admin/playbooks/${enc(this.name)}/versions/${this.selected}`), `Deleted v${this.selected} of ${this.name}.`);
    this.close('deletePbDialog');
    if (res.ok) await this.loadPlaybook();
  },
});
