// Playbooks (#/admin/playbooks): pick a playbook, see its versions (the default marked), edit YAML in a lazily loaded
// CodeMirror editor, save as a new version, promote a version to default, delete a non-default version.
import { api, type ApiResponse } from '../api';
import { destroyEditor, editorValue, mountEditor } from '../lib/editor';
import { loadPref, savePref } from '../lib/persist';
import { viewBase } from '../lib/view';

type PlaybookName = ApiResponse<'/api/admin/playbooks', 'get'>['items'][number]['name'];
type Version = ApiResponse<'/api/admin/playbooks/{name}/versions', 'get'>['items'][number];
type Refs = { $refs: Record<string, HTMLElement> };

export const PLAYBOOK_NAMES: PlaybookName[] = ['CREATE_CLUSTER', 'DELETE_CLUSTER', 'SCALE_CLUSTER_IN', 'SCALE_CLUSTER_OUT', 'SCALE_DISK_SIZE', 'SCALE_NODE_CPUS', 'UPGRADE_CLUSTER', 'HEALTHCHECK_CLUSTER'];

export const playbooksView = () => ({
  ...viewBase(),
  names: PLAYBOOK_NAMES,
  name: loadPref<PlaybookName>('playbooks.name', 'CREATE_CLUSTER'),
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
      const v = await api.GET('/api/admin/playbooks/{name}/versions', { path: { name: this.name }, query: { limit: 500 }, quiet: true });
      this.versions = [...v.items].sort((a, b) => b.version - a.version);
      this.defaultVersion = v.default_version ?? this.versions[0]?.version ?? 0;
      this.promotedVersion = v.promoted_version ?? 0;
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
    const v = await api.GET('/api/admin/playbooks/{name}/versions/{version}', { path: { name: this.name, version: this.selected } });
    this.content = v.content;
    this.dirty = false;
    await mountEditor((this as unknown as Refs).$refs.yamlEditor, {
      language: 'yaml',
      doc: this.content,
      label: `${this.name} playbook YAML`,
      minHeight: 420,
      onChange: (text) => (this.dirty = text !== this.content),
    });
  },
  choose(name: PlaybookName) {
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
    const res = await this.act(() => api.POST('/api/admin/playbooks/{name}/versions', { path: { name: this.name }, body }), `Saved a new version of ${this.name}.`);
    if (!res.ok) return;
    this.comment = '';
    this.selected = res.value.version;
    await this.loadPlaybook(true);
  },
  async promote() {
    const res = await this.act(() => api.PUT('/api/admin/playbooks/{name}/default', { path: { name: this.name }, body: { version: this.selected } }), `v${this.selected} is now the default of ${this.name}.`);
    if (res.ok) await this.loadPlaybook(true);
  },
  async remove() {
    const res = await this.act(() => api.DELETE('/api/admin/playbooks/{name}/versions/{version}', { path: { name: this.name, version: this.selected } }), `Deleted v${this.selected} of ${this.name}.`);
    this.close('deletePbDialog');
    if (res.ok) await this.loadPlaybook();
  },
});
