// Settings (#/admin/settings): category tabs with counts, a filter, typed inputs (boolean, integer, enum, json,
// text), secrets write-only (shown as "set"/"not set", never read back), Save when the draft differs, Reset to the
// default with a confirmation. Drafts survive background refreshes.
import { api, type ApiBody, type ApiResponse } from '../api';
import { loadPref, savePref } from '../lib/persist';
import { refreshable } from '../lib/refresh';
import { sortedFiltered, tableState } from '../lib/table';
import { text } from '../lib/format';
import { toasts, viewBase } from '../lib/view';

export type Setting = ApiResponse<'/api/admin/settings/{key}', 'get'>;
type SettingValue = ApiBody<'/api/admin/settings/{key}', 'patch'>['value'];

const isJson = (v: string) => {
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
};

const shown = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : text(v));

export const settingsView = () => ({
  ...viewBase(),
  ...refreshable('settings', 20),
  ...tableState('settings', 'key'),
  settings: [] as Setting[],
  category: loadPref<string>('settings.category', 'all'),
  drafts: {} as Record<string, string>,
  resetKey: '',

  async load() {
    const v = await api.GET('/api/admin/settings', { quiet: true });
    this.settings = v.categories.flatMap((c) => c.settings);
  },
  get categories(): { name: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const s of this.settings) counts.set(s.category, (counts.get(s.category) ?? 0) + 1);
    return [{ name: 'all', count: this.settings.length }, ...[...counts].sort().map(([name, count]) => ({ name, count }))];
  },
  setCategory(c: string) {
    this.category = c;
    savePref('settings.category', c);
  },
  get rows(): Setting[] {
    const pre = this.category === 'all' ? this.settings : this.settings.filter((s) => s.category === this.category);
    return sortedFiltered(pre, this.filter, ['key', 'description', 'category'], this.sortKey, this.sortDir);
  },
  current(s: Setting): string {
    return s.is_secret ? '' : shown(s.value);
  },
  draft(s: Setting): string {
    return this.drafts[s.key] ?? this.current(s);
  },
  setDraft(s: Setting, v: string) {
    this.drafts = { ...this.drafts, [s.key]: v };
  },
  onInput(s: Setting, e: Event) {
    const t = e.target as HTMLInputElement;
    this.setDraft(s, t.type === 'checkbox' ? String(t.checked) : t.value);
  },
  dirty(s: Setting): boolean {
    const d = this.drafts[s.key];
    return d !== undefined && (s.is_secret ? d !== '' : d !== this.current(s));
  },
  isOverride(s: Setting): boolean {
    return s.is_set === true;
  },
  secretState(s: Setting): string {
    return s.is_set ? 'set' : 'not set';
  },
  inputKind(s: Setting): string {
    if (s.is_secret) return 'secret';
    if (s.type === 'boolean') return 'boolean';
    if (s.type === 'integer') return 'integer';
    if (s.type === 'enum' && s.enum_values?.length) return 'enum';
    if (s.type === 'json') return 'json';
    return 'text';
  },
  typed(s: Setting, raw: string): SettingValue {
    if (s.type === 'integer') return Number(raw);
    if (s.type === 'boolean') return raw === 'true';
    return raw;
  },
  async save(s: Setting) {
    const raw = this.draft(s);
    if (s.type === 'json' && !isJson(raw)) {
      toasts().error(`${s.key} must be valid JSON.`);
      return;
    }
    const res = await this.act(() => api.PATCH('/api/admin/settings/{key}', { path: { key: s.key }, body: { value: this.typed(s, raw) } }), `Saved ${s.key}.`);
    if (!res.ok) return; // the draft stays, so the admin can correct it
    this.discard(s);
    await this.refresh();
  },
  discard(s: Setting) {
    const { [s.key]: _gone, ...rest } = this.drafts;
    this.drafts = rest;
  },
  askReset(s: Setting) {
    this.resetKey = s.key;
    this.open('resetDialog');
  },
  async reset() {
    const key = this.resetKey;
    const res = await this.act(() => api.PUT('/api/admin/settings/{key}/reset', { path: { key } }), `Reset ${key} to its default.`);
    this.close('resetDialog');
    if (res.ok) {
      this.discard({ key } as Setting);
      await this.refresh();
    }
  },
});
