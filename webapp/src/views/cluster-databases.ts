// Databases (#/clusters/:id/databases, CP_READONLY and above): cp's databases with their origin (created through cp,
// or discovered) and whether the cluster has them now, plus databases on the cluster cp does not know yet. CP_USER+:
// create (CREATE DATABASE + the template roles) and delete — the delete dialog first asks the server for the dry run
// (what is dropped, which users lose which roles) and shows it above the typed-name confirmation. Errors stay next
// to the field/action in their dialog. The access-drift panel (access-drift.ts) sits under the list.
import { api, type ApiResponse } from '../api';
import { blockingStatus, errorText } from '../lib/errors';
import { refreshable } from '../lib/refresh';
import { router, toasts, viewBase } from '../lib/view';

export type DatabaseList = ApiResponse<'/api/clusters/{cluster_id}/database-objects', 'get'>;
export type DatabaseObject = DatabaseList['database_objects'][number];
type DeletePlan = ApiResponse<'/api/clusters/{cluster_id}/database-objects/{database_name}', 'delete'>;

export const clusterDatabasesView = () => ({
  ...viewBase(),
  ...refreshable('cluster-databases', 0),
  id: router().params.cluster_id ?? '',
  list: null as DatabaseList | null,
  blocked: '',
  createName: '',
  createError: '',
  target: '',
  plan: null as DeletePlan | null,
  planError: '',
  planLoading: false,
  confirmText: '',
  deleteError: '',

  async load() {
    try {
      this.list = await api.GET('/api/clusters/{cluster_id}/database-objects', { path: { cluster_id: this.id }, quiet: true });
      this.blocked = '';
    } catch (err) {
      if (!blockingStatus(err)) throw err;
      this.list = null;
      this.blocked = errorText(err);
    }
  },
  get databases(): DatabaseObject[] {
    return this.list?.database_objects ?? [];
  },
  get unmanaged(): string[] {
    return this.list?.unmanaged_databases ?? [];
  },
  originLabel(d: DatabaseObject): string {
    return d.origin === 'cp' ? 'created by cp' : 'discovered';
  },
  onClusterLabel(d: DatabaseObject): string {
    return d.on_cluster === null ? 'not checked' : d.on_cluster ? 'on cluster' : 'missing on cluster';
  },
  onClusterClass(d: DatabaseObject): string {
    return d.on_cluster === null ? 'badge st-muted' : d.on_cluster ? 'badge st-good' : 'badge st-bad';
  },
  roleNames(d: DatabaseObject): string[] {
    return d.database_roles.map((r) => r.database_role);
  },
  showCreate() {
    this.createName = '';
    this.createError = '';
    this.open('createDbDialog');
  },
  async create() {
    if (this.acting) return;
    this.acting = true;
    this.createError = '';
    try {
      const d = await api.POST('/api/clusters/{cluster_id}/database-objects', {
        path: { cluster_id: this.id }, body: { database_name: this.createName.trim() }, quiet: true,
      });
      this.close('createDbDialog');
      toasts().ok(`Database ${d.database_name} created with ${d.database_roles.length} roles.`);
      await this.refresh();
    } catch (err) {
      this.createError = errorText(err);
    } finally {
      this.acting = false;
    }
  },
  async askDelete(name: string) {
    this.target = name;
    this.plan = null;
    this.planError = '';
    this.deleteError = '';
    this.confirmText = '';
    this.planLoading = true;
    this.open('deleteDbDialog');
    try {
      this.plan = await api.DELETE('/api/clusters/{cluster_id}/database-objects/{database_name}', {
        path: { cluster_id: this.id, database_name: name }, query: { dry_run: 'true' }, quiet: true,
      });
    } catch (err) {
      this.planError = errorText(err);
    } finally {
      this.planLoading = false;
    }
  },
  get canDelete(): boolean {
    return !!this.plan && this.confirmText === this.target && !this.acting;
  },
  async remove() {
    if (!this.canDelete) return;
    this.acting = true;
    this.deleteError = '';
    try {
      const r = await api.DELETE('/api/clusters/{cluster_id}/database-objects/{database_name}', {
        path: { cluster_id: this.id, database_name: this.target }, query: { dry_run: 'false' }, quiet: true,
      });
      this.close('deleteDbDialog');
      toasts().ok(`Database ${r.database_name} deleted; ${r.drops_roles.length} roles dropped.`);
      await this.refresh();
    } catch (err) {
      this.deleteError = errorText(err);
    } finally {
      this.acting = false;
    }
  },
});
