// Database role templates (#/admin/database-role-templates): SQL that creates a database role in managed clusters.
// List with SQL preview, create with a (lazily loaded) SQL editor, delete with confirmation.
import { api, enc, itemsOf } from '../api';
import { destroyEditor, editorValue, mountEditor } from '../lib/editor';
import { refreshable } from '../lib/refresh';
import { viewBase } from '../lib/view';

type Template = { name?: string; database_role_template?: string; scope_type: string; sql_statement: string; description?: string; updated_at?: string };

const DEFAULT_SQL = 'CREATE ROLE IF NOT EXISTS {database_role};\n';
type Refs = { $refs: Record<string, HTMLElement> };

export const templateName = (t: Template): string => t.name ?? t.database_role_template ?? '';

export const roleTemplatesView = () => ({
  ...viewBase(),
  ...refreshable('role-templates', 20),
  templates: [] as Template[],
  form: { name: '', scope: 'schema', description: '' },
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
    this.templates = itemsOf<Template>(await api.get('/api/admin/database-role-templates', { quiet: true }), 'templates');
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
    const res = await this.act(() => api.post('/api/admin/database-role-templates', body), `Created role template ${name}.`);
    if (!res.ok) return;
    this.close('createTplDialog');
    void this.refresh();
  },
  askDelete(t: Template) {
    this.deleting = templateName(t);
    this.open('deleteTplDialog');
  },
  async remove() {
    const res = await this.act(() => api.del(`/api/admin/database-role-templates/${enc(this.deleting)}`), `Deleted ${this.deleting}.`);
    this.close('deleteTplDialog');
    if (res.ok) void this.refresh();
  },
});
