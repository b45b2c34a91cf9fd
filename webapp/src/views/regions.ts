// Regions (#/admin/regions): one row per zone (cloud, region, zone, network, image, security groups, extras), add
// with validation (extras must be a JSON object), delete with confirmation.
import { api, collectOffsetPages, type ApiResponse } from '../api';
import { json } from '../lib/format';
import { refreshable } from '../lib/refresh';
import { sortedFiltered, tableState } from '../lib/table';
import { viewBase } from '../lib/view';

type Region = ApiResponse<'/api/admin/regions', 'get'>['items'][number];

const emptyForm = () => ({ cloud: '', region: '', zone: '', vpc_id: '', subnet: '', image: '', security_groups: '', extras: '{}' });

export const regionsView = () => ({
  ...viewBase(),
  ...refreshable('regions', 20),
  ...tableState('regions', 'cloud'),
  regions: [] as Region[],
  form: emptyForm(),
  formError: '',
  deleting: null as Region | null,

  async load() {
    this.regions = await collectOffsetPages((offset) => api.GET('/api/admin/regions', { query: { limit: 500, offset }, quiet: true }));
  },
  get rows(): Region[] {
    return sortedFiltered(this.regions, this.filter, ['cloud', 'region', 'zone', 'vpc_id', 'subnet', 'image'], this.sortKey, this.sortDir);
  },
  groupsText(r: Region): string {
    return r.security_groups.join(', ');
  },
  extrasText(r: Region): string {
    const t = json(r.extras);
    return t === '{}' ? '' : t;
  },
  showAdd() {
    this.form = emptyForm();
    this.formError = '';
    this.open('addRegionDialog');
  },
  async add() {
    const f = this.form;
    const missing = (['cloud', 'region', 'zone'] as const).filter((k) => !f[k].trim());
    if (missing.length) return void (this.formError = `Required: ${missing.join(', ')}.`);
    let extras: unknown;
    try {
      extras = JSON.parse(f.extras || '{}');
    } catch {
      extras = undefined;
    }
    if (!extras || typeof extras !== 'object' || Array.isArray(extras)) return void (this.formError = 'Extras must be a JSON object.');
    this.formError = '';
    const body = {
      cloud: f.cloud.trim(),
      region: f.region.trim(),
      zone: f.zone.trim(),
      vpc_id: f.vpc_id.trim(),
      subnet: f.subnet.trim(),
      image: f.image.trim(),
      security_groups: f.security_groups.split(/[\s,]+/).filter(Boolean),
      extras: extras as Record<string, unknown>,
    };
    const res = await this.act(() => api.POST('/api/admin/regions', { body }), `Added ${body.cloud}:${body.region} (${body.zone}).`);
    if (!res.ok) return;
    this.close('addRegionDialog');
    void this.refresh();
  },
  askDelete(r: Region) {
    this.deleting = r;
    this.open('deleteRegionDialog');
  },
  get deletingText(): string {
    const r = this.deleting;
    return r ? `${r.cloud}:${r.region} (${r.zone})` : '';
  },
  async remove() {
    const r = this.deleting;
    if (!r) return;
    const res = await this.act(() => api.DELETE('/api/admin/regions/{cloud}/{region}/{zone}', { path: { cloud: r.cloud, region: r.region, zone: r.zone } }), `Deleted ${this.deletingText}.`);
    this.close('deleteRegionDialog');
    if (res.ok) void this.refresh();
  },
});
