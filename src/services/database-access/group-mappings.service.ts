// IdP group → database role mappings, APPLIED on the cluster (defect 26) through CockroachDB's SSO-to-SQL mechanism
// (docs/DATABASE-ACCESS.md says why this one):
//
//  - JWT login for SQL sessions: server.jwt_authentication.enabled = true, issuers.configuration = cp's IdP issuer
//    (setting oidc.issuer_url), audience = oidc.client_id, claim = oidc.authz_groups_claim (the groups claim, an
//    array: CockroachDB tries each value against the identity map), jwks_auto_fetch.enabled = true.
//  - One SQL login per mapped group, "idp_<group>" (no password: only a JWT opens it), a member of exactly the roles
//    the group is mapped to; server.identity_map.configuration holds "<issuer> <group> idp_<group>" per group.
//    A person in the group connects as idp_<group> with their IdP token as the password.
//
// cp owns server.identity_map.configuration on a cluster with mappings. Where it cannot apply them (no IdP issuer
// configured, CockroachDB older than v23.1) the mappings are stored with `apply_error` saying so, and the API
// answers `applied: false` with that reason.
import type { RequestContext } from '../../auth/identity.js';
import { grantRoleTo, listPrincipals, revokeRoleFrom } from '../../infra/cockroach/statements/roles.statements.js';
import { setSsoSetting, showSsoSetting, type SsoSetting } from '../../infra/cockroach/statements/sso.statements.js';
import { createSsoOnlyUser, dropUserIfExists } from '../../infra/cockroach/statements/users.statements.js';
import type { ClusterTarget } from '../../infra/cockroach/target.js';
import {
  deleteManagedUser, findDatabaseRoles, listDatabaseRoles, listGroupMappings, listManagedUsers, markGroupMappingsApplied,
  replaceGroupMappings, upsertManagedUser, type GroupMappingRow,
} from '../../repositories/database-access.repository.js';
import { NotFoundError } from '../../shared/errors.js';
import { recordEvent } from '../audit/audit.service.js';
import { compareCockroachVersions } from '../clusters/cockroach-version.js';
import { loadAccessCluster, type AccessDeps } from './access-cluster.js';
import { checkGroupName, idpGroupUsername } from './access-rules.js';

export const MAPPING_MECHANISM = 'jwt_identity_map' as const;
const MIN_VERSION = 'v23.1.0';

export type SsoPlan = {
  settings: Record<SsoSetting, string>;
  /** group → SQL login → roles */
  logins: { group_name: string; sql_user: string; database_roles: string[] }[];
};

/** What the cluster should hold for these mappings, or why cp cannot apply them. */
export const planSso = async (deps: AccessDeps, version: string, mappings: readonly Pick<GroupMappingRow, 'database_role' | 'group_name'>[]) => {
  const issuer = (await deps.settings.get('oidc.issuer_url')).trim();
  const audience = (await deps.settings.get('oidc.client_id')).trim();
  const claim = (await deps.settings.get('oidc.authz_groups_claim')).trim() || 'groups';
  if (mappings.length === 0) return { plan: null, reason: null };
  if (compareCockroachVersions(version, MIN_VERSION) < 0) {
    return { plan: null, reason: `CockroachDB ${version} cannot apply IdP group mappings: JWT SQL login with a groups claim needs ${MIN_VERSION} or later. The mappings are stored only.` };
  }
  if (!issuer) {
    return { plan: null, reason: 'cp has no external IdP (setting oidc.issuer_url is empty), so clusters cannot verify its tokens. The mappings are stored only.' };
  }
  const groups = [...new Set(mappings.map((m) => m.group_name))].sort();
  const logins = groups.map((g) => ({
    group_name: g, sql_user: idpGroupUsername(g),
    database_roles: mappings.filter((m) => m.group_name === g).map((m) => m.database_role).sort(),
  }));
  const plan: SsoPlan = {
    settings: {
      'server.jwt_authentication.enabled': 'true',
      'server.jwt_authentication.issuers.configuration': issuer,
      'server.jwt_authentication.audience': audience,
      'server.jwt_authentication.claim': claim,
      'server.jwt_authentication.jwks_auto_fetch.enabled': 'true',
      'server.identity_map.configuration': logins.map((l) => `${issuer} ${l.group_name} ${l.sql_user}`).join('\n'),
    },
    logins,
  };
  return { plan, reason: null };
};

/** Reads the SSO settings as the cluster has them (drift). */
export const readSsoSettings = async (deps: AccessDeps, t: ClusterTarget, names: readonly SsoSetting[]) => {
  const out: Partial<Record<SsoSetting, string>> = {};
  for (const n of names) out[n] = await showSsoSetting(deps.clusterSql, t, n);
  return out;
};

/** Makes the cluster match the plan: settings, one login per group with exactly its roles, old group logins dropped. */
export const applySso = async (deps: AccessDeps, clusterId: string, t: ClusterTarget, plan: SsoPlan | null, by: string) => {
  const managed = (await listManagedUsers(deps.db, clusterId)).filter((u) => u.kind === 'idp_group');
  const generated = new Set((await listDatabaseRoles(deps.db, clusterId)).map((r) => r.database_role));
  const principals = new Map((await listPrincipals(deps.clusterSql, t)).map((p) => [p.username, p]));
  const logins = plan?.logins ?? [];
  if (plan) {
    for (const [k, v] of Object.entries(plan.settings)) await setSsoSetting(deps.clusterSql, t, k as SsoSetting, v);
  } else if (managed.length > 0) {
    await setSsoSetting(deps.clusterSql, t, 'server.identity_map.configuration', '');
  }
  for (const l of logins) {
    await createSsoOnlyUser(deps.clusterSql, t, l.sql_user);
    const has = principals.get(l.sql_user)?.member_of ?? [];
    for (const r of l.database_roles) if (!has.includes(r)) await grantRoleTo(deps.clusterSql, t, r, l.sql_user);
    for (const r of has) if (generated.has(r) && !l.database_roles.includes(r)) await revokeRoleFrom(deps.clusterSql, t, r, l.sql_user);
  }
  const keep = new Set(logins.map((l) => l.sql_user));
  const dropped: string[] = [];
  for (const u of managed) {
    if (keep.has(u.username)) continue;
    for (const r of principals.get(u.username)?.member_of ?? []) await revokeRoleFrom(deps.clusterSql, t, r, u.username);
    await dropUserIfExists(deps.clusterSql, t, u.username);
    dropped.push(u.username);
  }
  return {
    dropped,
    write: async (tx: Parameters<Parameters<AccessDeps['db']['transaction']>[0]>[0]) => {
      for (const l of logins) await upsertManagedUser(tx, clusterId, l.sql_user, 'idp_group', by);
      for (const u of dropped) await deleteManagedUser(tx, clusterId, u);
    },
  };
};

const view = (rows: GroupMappingRow[]) => rows.map((r) => ({
  cluster_id: r.cluster_id, database_role: r.database_role, group_name: r.group_name, applied_at: r.applied_at, apply_error: r.apply_error,
  created_at: r.created_at, created_by: r.created_by, updated_at: r.updated_at, updated_by: r.updated_by,
}));

export const createGroupMappingsService = (deps: AccessDeps) => ({
  async list(clusterId: string) {
    const rows = await listGroupMappings(deps.db, clusterId);
    return { cluster_id: clusterId, mechanism: MAPPING_MECHANISM, database_role_group_mappings: view(rows) };
  },

  async replace(ctx: RequestContext, clusterId: string, role: string, rawGroups: string[]) {
    const groups = [...new Set(rawGroups.map((g) => checkGroupName(g.trim())))].sort();
    if ((await findDatabaseRoles(deps.db, clusterId, [role])).length === 0) {
      throw new NotFoundError(`Database role "${role}" is not configured for cluster "${clusterId}".`);
    }
    const { cluster, target } = await loadAccessCluster(deps, clusterId);
    const others = (await listGroupMappings(deps.db, clusterId)).filter((m) => m.database_role !== role);
    const next = [...others, ...groups.map((g) => ({ database_role: role, group_name: g }))];
    const { plan, reason } = await planSso(deps, cluster.version, next);
    const applied = reason === null ? await applySso(deps, clusterId, target, plan, ctx.identity.actor) : null;
    await deps.db.transaction(async (tx) => {
      await replaceGroupMappings(tx, clusterId, role, groups, ctx.identity.actor);
      await applied?.write(tx);
      await markGroupMappingsApplied(tx, clusterId, reason);
      await recordEvent(tx, ctx, {
        action: 'DATABASE_ROLE_GROUP_MAPPING_UPDATED', targetType: 'database_role', targetId: role, clusterId,
        details: { cluster_id: clusterId, database_role: role, groups, applied: reason === null, reason },
      });
    });
    const rows = (await listGroupMappings(deps.db, clusterId)).filter((m) => m.database_role === role);
    return {
      cluster_id: clusterId, database_role: role, mechanism: MAPPING_MECHANISM,
      applied: reason === null, reason,
      sql_logins: (plan?.logins ?? []).filter((l) => l.database_roles.includes(role)),
      cluster_settings: plan?.settings ?? null,
      database_role_group_mappings: view(rows),
    };
  },
});

export type GroupMappingsService = ReturnType<typeof createGroupMappingsService>;
