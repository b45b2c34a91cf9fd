// Databases of a managed cluster and their generated roles. Create = CREATE DATABASE on the cluster, then role
// materialisation for that database, then cp's rows + the audit event in one transaction. Delete revokes the
// generated roles from every member, drops them and then the database (CASCADE); `dry_run` lists exactly that.
// Databases created outside cp appear in the list (origin "discovered") after a sync; the list itself is a read of
// cp's metadata plus SHOW DATABASES, and never changes anything.
import type { RequestContext } from '../../auth/identity.js';
import { createDatabase, dropDatabaseCascade } from '../../infra/cockroach/statements/databases.statements.js';
import { revokeRoleFrom } from '../../infra/cockroach/statements/roles.statements.js';
import {
  deleteDatabaseObject, findDatabaseObject, listDatabaseObjects, listDatabaseRoles, upsertDatabaseObject, upsertDatabaseRole,
  type DatabaseObjectRow, type DatabaseRoleRow,
} from '../../repositories/database-access.repository.js';
import { listAllRoleTemplates } from '../../repositories/database-role-templates.repository.js';
import { NotFoundError } from '../../shared/errors.js';
import { recordEvent } from '../audit/audit.service.js';
import { loadAccessCluster, type AccessDeps } from './access-cluster.js';
import { checkDatabaseName } from './access-rules.js';
import { clusterDatabases, dropGeneratedRoles, materialise, membersOf, planTargets } from './role-materialiser.js';

const roleView = (r: DatabaseRoleRow) => ({
  cluster_id: r.cluster_id, database_name: r.database_name, schema_name: r.schema_name, database_role: r.database_role,
  database_role_template: r.template_name, scope_type: r.scope_type,
});

const objectView = (o: DatabaseObjectRow, roles: DatabaseRoleRow[], onCluster: boolean | null) => ({
  cluster_id: o.cluster_id, database_name: o.database_name, origin: o.origin, on_cluster: onCluster,
  created_at: o.created_at, created_by: o.created_by, updated_at: o.updated_at, updated_by: o.updated_by,
  database_roles: roles.filter((r) => r.database_name === o.database_name).map(roleView),
});

export const createDatabaseObjectsService = (deps: AccessDeps) => ({
  /** cp's databases with their roles, plus databases found on the cluster that cp does not know (origin "unknown"). */
  async list(clusterId: string) {
    const { target } = await loadAccessCluster(deps, clusterId);
    const onCluster = new Set(await clusterDatabases(deps.clusterSql, target));
    const [objects, roles] = await Promise.all([listDatabaseObjects(deps.db, clusterId), listDatabaseRoles(deps.db, clusterId)]);
    const known = new Set(objects.map((o) => o.database_name));
    return {
      cluster_id: clusterId,
      database_objects: objects.map((o) => objectView(o, roles, onCluster.has(o.database_name))),
      unmanaged_databases: [...onCluster].filter((n) => !known.has(n)).sort(),
    };
  },

  async get(clusterId: string, rawName: string) {
    const name = checkDatabaseName(rawName);
    const o = await findDatabaseObject(deps.db, clusterId, name);
    if (!o) throw new NotFoundError(`Database "${name}" is not known to cp on cluster "${clusterId}".`);
    return objectView(o, await listDatabaseRoles(deps.db, clusterId), null);
  },

  async create(ctx: RequestContext, clusterId: string, rawName: string) {
    const name = checkDatabaseName(rawName);
    const { target } = await loadAccessCluster(deps, clusterId);
    const templates = await listAllRoleTemplates(deps.db);
    await createDatabase(deps.clusterSql, target, name);
    const rows = await materialise(deps.clusterSql, target, await planTargets(deps.clusterSql, target, [name], templates));
    await deps.db.transaction(async (tx) => {
      await upsertDatabaseObject(tx, clusterId, name, 'cp', ctx.identity.actor);
      for (const r of rows) await upsertDatabaseRole(tx, clusterId, r);
      await recordEvent(tx, ctx, {
        action: 'DATABASE_OBJECT_CREATED', targetType: 'database', targetId: name, clusterId,
        details: { cluster_id: clusterId, database_name: name, database_roles: rows.map((r) => r.database_role) },
      });
    });
    return this.get(clusterId, name);
  },

  async remove(ctx: RequestContext, clusterId: string, rawName: string, dryRun: boolean) {
    const name = checkDatabaseName(rawName);
    const o = await findDatabaseObject(deps.db, clusterId, name);
    if (!o) throw new NotFoundError(`Database "${name}" is not known to cp on cluster "${clusterId}".`);
    const { target } = await loadAccessCluster(deps, clusterId);
    const roles = (await listDatabaseRoles(deps.db, clusterId)).filter((r) => r.database_name === name);
    const plan = {
      cluster_id: clusterId, database_name: name,
      drops_database: true,
      drops_roles: roles.map((r) => r.database_role),
      revokes: await membersOf(deps.clusterSql, target, roles.map((r) => r.database_role)),
    };
    if (dryRun) return { dry_run: true as const, ...plan };
    // Memberships first, then the database (CASCADE takes the roles' privileges on it along), then the roles.
    const revoked = await membersOf(deps.clusterSql, target, roles.map((r) => r.database_role));
    for (const m of revoked) await revokeRoleFrom(deps.clusterSql, target, m.database_role, m.username);
    await dropDatabaseCascade(deps.clusterSql, target, name);
    await dropGeneratedRoles(deps.clusterSql, target, roles, { databaseGone: true });
    await deps.db.transaction(async (tx) => {
      await deleteDatabaseObject(tx, clusterId, name);
      await recordEvent(tx, ctx, {
        action: 'DATABASE_OBJECT_DELETED', targetType: 'database', targetId: name, clusterId,
        details: { cluster_id: clusterId, database_name: name, dropped_roles: plan.drops_roles, revoked },
      });
    });
    return { dry_run: false as const, ...plan, revokes: revoked };
  },
});

export type DatabaseObjectsService = ReturnType<typeof createDatabaseObjectsService>;
