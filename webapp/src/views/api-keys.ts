// API keys (#/admin/api-keys): list, create (validity, roles, groups for cluster visibility) with the secret shown
// ONCE in a reveal/copy dialog, and delete with confirmation.
import { api, collectOffsetPages, type ApiBody, type ApiResponse } from '../api';
import { refreshable } from '../lib/refresh';
import { sortedFiltered, tableState } from '../lib/table';
import { viewBase } from '../lib/view';

type ApiKey = ApiResponse<'/api/admin/api-keys', 'get'>['api_keys'][number];
type CreatedKey = ApiResponse<'/api/admin/api-keys', 'post'>;
type Role = ApiBody<'/api/admin/api-keys', 'post'>['roles'][number];

const pad = (n: number) => String(n).padStart(2, '0');
/** A datetime-local value (interpreted as UTC) for now + hours. */
const localUtc = (hours: number) => {
  const d = new Date(Date.now() + hours * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};

export const apiKeysView = () => ({
  ...viewBase(),
  ...refreshable('api-keys', 20),
  ...tableState('api-keys', 'access_key'),
  keys: [] as ApiKey[],
  form: { validUntil: '', roles: ['CP_ADMIN'] as string[], groups: '', description: '' },
  formError: '',
  created: null as CreatedKey | null,
  revealed: false,
  deleting: '',
  allRoles: ['CP_READONLY', 'CP_USER', 'CP_ADMIN'],

  init() {
    void this.refresh();
    this.startAuto();
  },
  destroy() {
    this.stopAuto();
    this.created = null;
  },
  async load() {
    this.keys = await collectOffsetPages(async (offset) => {
      const page = await api.GET('/api/admin/api-keys', { query: { limit: 500, offset }, quiet: true });
      return { items: page.api_keys, next_offset: page.next_offset };
    });
  },
  get rows(): ApiKey[] {
    return sortedFiltered(this.keys, this.filter, ['access_key', 'owner', 'description', 'roles', 'groups'], this.sortKey, this.sortDir);
  },
  list(v: string[] | undefined): string {
    return v?.length ? v.join(', ') : '–';
  },
  expired(k: ApiKey): boolean {
    return !!k.valid_until && new Date(k.valid_until).getTime() < Date.now();
  },
  showCreate() {
    this.form = { validUntil: localUtc(24), roles: ['CP_ADMIN'], groups: '', description: '' };
    this.formError = '';
    this.open('createKeyDialog');
  },
  hasRole(r: string) {
    return this.form.roles.includes(r);
  },
  toggleRole(r: string) {
    this.form.roles = this.hasRole(r) ? this.form.roles.filter((x) => x !== r) : [...this.form.roles, r];
  },
  async create() {
    const until = new Date(`${this.form.validUntil}:00Z`);
    if (Number.isNaN(until.getTime()) || until.getTime() <= Date.now()) return void (this.formError = 'Valid until must be in the future (UTC).');
    if (this.form.roles.length === 0) return void (this.formError = 'Choose at least one role.');
    this.formError = '';
    const body = {
      valid_until: until.toISOString(),
      roles: this.form.roles as Role[],
      groups: this.form.groups.split(/[\s,]+/).filter(Boolean),
      ...(this.form.description ? { description: this.form.description } : {}),
    };
    const res = await this.act(() => api.POST('/api/admin/api-keys', { body }));
    if (!res.ok) return;
    this.created = res.value;
    this.revealed = false;
    this.close('createKeyDialog');
    this.open('secretDialog');
    void this.refresh();
  },
  get secretShown(): string {
    if (!this.created) return '';
    return this.revealed ? this.created.secret : '•'.repeat(Math.min(40, this.created.secret.length));
  },
  forgetSecret() {
    this.created = null;
    this.revealed = false;
    this.close('secretDialog');
  },
  askDelete(k: ApiKey) {
    this.deleting = k.access_key;
    this.open('deleteKeyDialog');
  },
  async remove() {
    const res = await this.act(() => api.DELETE('/api/admin/api-keys/{access_key}', { path: { access_key: this.deleting } }), `Deleted API key ${this.deleting}.`);
    this.close('deleteKeyDialog');
    if (res.ok) void this.refresh();
  },
});
