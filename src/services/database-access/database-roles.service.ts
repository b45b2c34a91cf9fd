// Generated roles of a cluster: the list (cp's rows + members as the cluster reports them; a read, so nothing is
// materialised here — defect 25) and the explicit sync, which registers databases created outside cp, materialises
// every template for every database, and revokes + drops generated roles nothing produces any more. The template
// job (MATERIALISE_ROLE_TEMPLATES) calls the same `syncCluster` for every cluster.
import type { RequestContext } from '../../auth/identity.js';
import type { Tx } from '../../infra/db/db.js';
import {
  deleteDatabaseObject, deleteDatabaseRoles, listDatabaseObjects, listDatabaseRoles, upsertDatabaseObject, upsertDatabaseRole,
} from '../../repositories/database-access.repository.js';
import { listAllRoleTemplates } from '../../repositories/database-role-templates.repository.js';
import { recordEvent } from '../audit/audit.service.js';
import { loadAccessCluster, type AccessDeps } from './access-cluster.js';
import { clusterDatabases, dropGeneratedRoles, materialise, membersOf, planTargets } from './role-materialiser.js';

export type SyncResult = {
  cluster_id: string; databases_discovered: string[]; roles_materialised: string[]; roles_dropped: string[];
  revoked: { username: string; database_role: string }[];
};

/** Asks the cluster, changes it, then writes cp's rows through `write` (one transaction, with the caller's audit). */
export const syncCluster = async (deps: AccessDeps, clusterId: string, by: string, audit: (tx: Tx, r: SyncResult) => Promise<void>): Promise<SyncResult> => {
  const { target } = await loadAccessCluster(deps, clusterId);
  const [templates, objects, known] = await Promise.all([
    listAllRoleTemplates(deps.db), listDatabaseObjects(deps.db, clusterId), listDatabaseRoles(deps.db, clusterId),
  ]);
  const onCluster = await clusterDatabases(deps.clusterSql, target);
  const present = new Set(onCluster);
  const knownDbs = new Set(objects.map((o) => o.database_name));
  const discovered = onCluster.filter((d) => !knownDbs.has(d));
  // Discovered databases that vanished from the cluster are forgotten; cp's own stay (drift reports them missing).
  const vanished = objects.filter((o) => o.origin === 'discovered' && !present.has(o.database_name)).map((o) => o.database_name);
  const targets = await planTargets(deps.clusterSql, target, onCluster, templates);
  const wanted = new Set(targets.map((t) => t.database_role));
  const stale = known.filter((r) => !wanted.has(r.database_role) && (present.has(r.database_name) || vanished.includes(r.database_name)));
  const rows = await materialise(deps.clusterSql, target, targets);
  const revoked = await dropGeneratedRoles(deps.clusterSql, target, stale);
  const result: SyncResult = {
    cluster_id: clusterId, databases_discovered: discovered, roles_materialised: rows.map((r) => r.database_role),
    roles_dropped: stale.map((r) => r.database_role), revoked,
  };
  await deps.db.transaction(async (tx) => {
    for (const d of discovered) await upsertDatabaseObject(tx, clusterId, d, 'discovered', by);
    await deleteDatabaseRoles(tx, clusterId, stale.map((r) => r.database_role));
    for (const d of vanished) await deleteDatabaseObject(tx, clusterId, d);
    for (const r of rows) await upsertDatabaseRole(tx, clusterId, r);
    await audit(tx, result);
  });
  return result;
};

export const createDatabaseRolesService = (deps: AccessDeps) => ({
  async list(clusterId: string) {
    const { target } = await loadAccessCluster(deps, clusterId);
    const roles = await listDatabaseRoles(deps.db, clusterId);
    const members = await membersOf(deps.clusterSql, target, roles.map((r) => r.database_role));
    return {
      cluster_id: clusterId,
      database_roles: roles.map((r) => ({
        database_role: r.database_role, database_name: r.database_name, schema_name: r.schema_name,
        database_role_template: r.template_name, scope_type: r.scope_type, sql_statement: r.sql_statement,
        members: members.filter((m) => m.database_role === r.database_role).map((m) => m.username).sort(),
        created_at: r.created_at, updated_at: r.updated_at,
      })),
    };
  },

  sync: (ctx: RequestContext, clusterId: string) =>
    syncCluster(deps, clusterId, ctx.identity.actor, (tx, r) => recordEvent(tx, ctx, {
      action: 'DATABASE_ROLES_SYNCED', targetType: 'cluster', targetId: clusterId, clusterId, details: { ...r },
    }).then(() => undefined)),
});

export type DatabaseRolesService = ReturnType<typeof createDatabaseRolesService>;
