// Database role templates (#/admin/database-role-templates): SQL that creates a database role in managed clusters.
// List with SQL preview, create with a (lazily loaded) SQL editor, delete with confirmation.
import { api, collectOffsetPages, type ApiResponse } from '../api';
import { destroyEditor, editorValue, mountEditor } from '../lib/editor';
import { refreshable } from '../lib/refresh';
import { viewBase } from '../lib/view';

type Template = ApiResponse<'/api/admin/database-role-templates', 'get'>['items'][number];

const DEFAULT_SQL = 'CREATE ROLE IF NOT EXISTS {database_role};\n';
type Refs = { $refs: Record<string, HTMLElement> };

export const templateName = (t: Template): string => t.name;

export const roleTemplatesView = () => ({
  ...viewBase(),
  ...refreshable('role-templates', 20),
  templates: [] as Template[],
  form: { name: '', scope: 'schema' as Template['scope_type'], description: '' },
  formError: '',
  deleting: '',

  init() {
    void this.refresh();
    this.startAuto();
  },
  destroy() {
    this.stopAuto();
    destroyEditor((this as unknown as Refs).$refs.sqlEditor);
  },
  async load() {
    this.templates = await collectOffsetPages((offset) => api.GET('/api/admin/database-role-templates', { query: { limit: 500, offset }, quiet: true }));
  },
  name(t: Template): string {
    return templateName(t);
  },
  async showCreate() {
    this.form = { name: '', scope: 'schema', description: '' };
    this.formError = '';
    this.open('createTplDialog');
    await mountEditor((this as unknown as Refs).$refs.sqlEditor, { language: 'sql', doc: DEFAULT_SQL, label: 'SQL statement' });
  },
  async create() {
    const name = this.form.name.trim();
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) return void (this.formError = 'Name: lowercase letters, digits and "_", starting with a letter.');
    const sql = editorValue((this as unknown as Refs).$refs.sqlEditor) ?? DEFAULT_SQL;
    const body = { name, scope_type: this.form.scope, sql_statement: sql, ...(this.form.description ? { description: this.form.description } : {}) };
    const res = await this.act(() => api.POST('/api/admin/database-role-templates', { body }), `Created role template ${name}.`);
    if (!res.ok) return;
    this.close('createTplDialog');
    void this.refresh();
  },
  askDelete(t: Template) {
    this.deleting = templateName(t);
    this.open('deleteTplDialog');
  },
  async remove() {
    const res = await this.act(() => api.DELETE('/api/admin/database-role-templates/{name}', { path: { name: this.deleting } }), `Deleted ${this.deleting}.`);
    this.close('deleteTplDialog');
    if (res.ok) void this.refresh();
  },
});
