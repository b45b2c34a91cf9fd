// Generated database roles (#/clusters/:id/roles, CP_READONLY and above): every role cp generated from a role
// template, with its template, scope (database or schema), the SQL cp ran, and its members (read from the cluster),
// plus its IdP group mappings (applied on the cluster through JWT login + identity map, or why not). CP_USER+: "Sync"
// (explicit re-materialisation: discovers databases, creates missing roles, drops stale ones) and the group-mappings
// editor per role (PUT replaces the role's groups; the answer says whether the cluster applied them).
import { api, type ApiResponse } from '../api';
import { blockingStatus, errorText } from '../lib/errors';
import { refreshable } from '../lib/refresh';
import { router, toasts, viewBase } from '../lib/view';

export type RoleList = ApiResponse<'/api/clusters/{cluster_id}/database-roles', 'get'>;
export type GeneratedRole = RoleList['database_roles'][number];
type MappingList = ApiResponse<'/api/clusters/{cluster_id}/database-role-group-mappings', 'get'>;
type Mapping = MappingList['database_role_group_mappings'][number];
type MappingUpdated = ApiResponse<'/api/clusters/{cluster_id}/database-role-group-mappings/{database_role}', 'put'>;
type SyncResult = ApiResponse<'/api/clusters/{cluster_id}/database-roles/sync', 'post'>;

/** Groups typed as "a, b\nc" → unique trimmed names. */
export const parseGroups = (text: string): string[] => [...new Set(text.split(/[,\n]/).map((g) => g.trim()).filter(Boolean))];

export const clusterRolesView = () => ({
  ...viewBase(),
  ...refreshable('cluster-roles', 0),
  id: router().params.cluster_id ?? '',
  roles: null as RoleList | null,
  mappings: [] as Mapping[],
  blocked: '',
  filter: '',
  syncResult: null as SyncResult | null,
  syncError: '',
  editRole: '',
  groupsText: '',
  mapError: '',
  mapResult: null as MappingUpdated | null,

  async load() {
    try {
      const [roles, maps] = await Promise.all([
        api.GET('/api/clusters/{cluster_id}/database-roles', { path: { cluster_id: this.id }, quiet: true }),
        api.GET('/api/clusters/{cluster_id}/database-role-group-mappings', { path: { cluster_id: this.id }, quiet: true }),
      ]);
      this.roles = roles;
      this.mappings = maps.database_role_group_mappings;
      this.blocked = '';
    } catch (err) {
      if (!blockingStatus(err)) throw err;
      this.roles = null;
      this.blocked = errorText(err);
    }
  },
  get rows(): GeneratedRole[] {
    const all = this.roles?.database_roles ?? [];
    const f = this.filter.trim().toLowerCase();
    return f ? all.filter((r) => r.database_role.includes(f) || r.database_name.includes(f) || r.database_role_template.includes(f)) : all;
  },
  scopeLabel(r: GeneratedRole): string {
    return r.scope_type === 'schema' ? `schema ${r.database_name}.${r.schema_name ?? 'public'}` : `database ${r.database_name}`;
  },
  mappingsOf(role: string): Mapping[] {
    return this.mappings.filter((m) => m.database_role === role);
  },
  groupsOf(role: string): string {
    return this.mappingsOf(role).map((m) => m.group_name).join(', ');
  },
  mappingState(role: string): string {
    const ms = this.mappingsOf(role);
    if (ms.length === 0) return '';
    const err = ms.find((m) => m.apply_error)?.apply_error;
    if (err) return `stored, not applied: ${err}`;
    return ms.every((m) => m.applied_at) ? 'applied on the cluster' : 'stored, not applied yet';
  },
  mappingClass(role: string): string {
    const s = this.mappingState(role);
    return s === 'applied on the cluster' ? 'badge st-good' : 'badge st-wait';
  },
  async sync() {
    if (this.acting) return;
    this.acting = true;
    this.syncError = '';
    this.syncResult = null;
    try {
      this.syncResult = await api.POST('/api/clusters/{cluster_id}/database-roles/sync', { path: { cluster_id: this.id }, quiet: true });
      toasts().ok('Roles synchronised with the cluster.');
      await this.refresh();
    } catch (err) {
      this.syncError = errorText(err);
    } finally {
      this.acting = false;
    }
  },
  editMappings(role: string) {
    this.editRole = role;
    this.groupsText = this.mappingsOf(role).map((m) => m.group_name).join('\n');
    this.mapError = '';
    this.mapResult = null;
    this.open('mappingDialog');
  },
  async saveMappings() {
    if (this.acting) return;
    this.acting = true;
    this.mapError = '';
    try {
      this.mapResult = await api.PUT('/api/clusters/{cluster_id}/database-role-group-mappings/{database_role}', {
        path: { cluster_id: this.id, database_role: this.editRole }, body: { groups: parseGroups(this.groupsText) }, quiet: true,
      });
      this.mappings = [...this.mappings.filter((m) => m.database_role !== this.editRole), ...this.mapResult.database_role_group_mappings.filter((m) => m.database_role === this.editRole)];
    } catch (err) {
      this.mapError = errorText(err);
    } finally {
      this.acting = false;
    }
  },
});
