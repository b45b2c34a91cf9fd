// SQL users of a managed cluster (reference §7.2, fixed per defect 8): the list comes from SHOW ROLES (login
// principals only) joined with cp's rows (managed or not) and the protected set; create/drop/password/grant/revoke
// check every input first (400 with the rule, 403 for a protected user), then change the cluster, then write cp's
// rows + the audit event in one transaction. Passwords travel only as statement parameters and in the one response
// that returns a generated password; never in a log line or an audit event.
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../auth/identity.js';
import { grantRoleTo, listPrincipals, revokeRoleFrom } from '../../infra/cockroach/statements/roles.statements.js';
import { createPasswordUser, dropUserIfExists, setUserPassword } from '../../infra/cockroach/statements/users.statements.js';
import {
  addUserRoles, deleteManagedUser, findDatabaseRoles, listDatabaseRoles, listManagedUsers, removeUserRoles, touchManagedUser, upsertManagedUser,
} from '../../repositories/database-access.repository.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { recordEvent } from '../audit/audit.service.js';
import { loadAccessCluster, type AccessCluster, type AccessDeps } from './access-cluster.js';
import { checkPassword, checkUsername, normaliseRoleList, protectedUsers, refuseProtected } from './access-rules.js';

export const PASSWORD_MIN_SETTING = 'database_access.password_min_length';

/** A password that meets the policy: 24 random bytes, base64url, plus one character of each class. */
export const generatePassword = () => `${randomBytes(24).toString('base64url')}aA1-`;

export const createDatabaseUsersService = (deps: AccessDeps) => {
  const minLength = async () => Math.max(8, await deps.settings.getInt(PASSWORD_MIN_SETTING) || 12);

  /** Every requested role must be a generated role cp knows on this cluster (400 naming the first that is not). */
  const checkRoles = async (clusterId: string, raw: readonly string[]) => {
    const roles = normaliseRoleList(raw);
    const known = new Set((await findDatabaseRoles(deps.db, clusterId, roles)).map((r) => r.database_role));
    const unknown = roles.find((r) => !known.has(r));
    if (unknown !== undefined) {
      throw new ValidationError(`Database role "${unknown}" is not configured for this cluster: only roles cp generated from templates can be granted.`, {
        fields: [{ location: 'body', path: 'database_roles', message: 'unknown database role' }], database_role: unknown,
      });
    }
    return roles;
  };

  /**
   * The name of a user an operation acts on: CockroachDB's built-in users (root, admin, node) are protected (403 with
   * the reason) before the name rule would call them reserved (400), so the caller learns why they cannot be touched.
   */
  const existingName = (rawName: string) => {
    refuseProtected(protectedUsers(null, null), rawName);
    return checkUsername(rawName);
  };

  /** The user must exist on the cluster as a login and must not be protected. */
  const existingUser = async (c: AccessCluster, username: string) => {
    refuseProtected(c.protected, username);
    const p = (await listPrincipals(deps.clusterSql, c.target)).find((x) => x.username === username);
    if (!p || !p.login) throw new NotFoundError(`SQL user "${username}" does not exist on cluster "${c.target.clusterId}".`);
    return p;
  };

  return {
    async list(clusterId: string) {
      const c = await loadAccessCluster(deps, clusterId);
      const [principals, managed, roles] = await Promise.all([
        listPrincipals(deps.clusterSql, c.target), listManagedUsers(deps.db, clusterId), listDatabaseRoles(deps.db, clusterId),
      ]);
      const byName = new Map(managed.map((m) => [m.username, m]));
      const generated = new Set(roles.map((r) => r.database_role));
      return {
        cluster_id: clusterId,
        database_users: principals.filter((p) => p.login).map((p) => {
          const why = c.protected.get(p.username) ?? null;
          const m = byName.get(p.username);
          return {
            username: p.username, options: p.options, member_of: p.member_of,
            database_roles: p.member_of.filter((r) => generated.has(r)),
            managed: m !== undefined, kind: m?.kind ?? null, protected: why !== null, protected_reason: why,
          };
        }),
        database_roles: roles.map((r) => r.database_role),
      };
    },

    async create(ctx: RequestContext, clusterId: string, input: { username: string; password?: string | undefined; database_roles?: string[] | undefined }) {
      const username = checkUsername(input.username);
      const generated = input.password === undefined;
      const password = input.password ?? generatePassword();
      if (!generated) checkPassword(password, await minLength());
      const roles = await checkRoles(clusterId, input.database_roles ?? []);
      const c = await loadAccessCluster(deps, clusterId);
      refuseProtected(c.protected, username);
      await createPasswordUser(deps.clusterSql, c.target, username, password);
      for (const r of roles) await grantRoleTo(deps.clusterSql, c.target, r, username);
      await deps.db.transaction(async (tx) => {
        await upsertManagedUser(tx, clusterId, username, 'password', ctx.identity.actor);
        await addUserRoles(tx, clusterId, username, roles, ctx.identity.actor);
        await recordEvent(tx, ctx, {
          action: 'DB_USER_CREATED', targetType: 'sql_user', targetId: username, clusterId,
          details: { cluster_id: clusterId, database_user: username, database_roles: roles, password_generated: generated },
        });
      });
      return { cluster_id: clusterId, username, database_roles: roles, generated_password: generated ? password : null };
    },

    async remove(ctx: RequestContext, clusterId: string, rawName: string) {
      const username = existingName(rawName);
      const c = await loadAccessCluster(deps, clusterId);
      const p = await existingUser(c, username);
      // DROP USER refuses a user that is still a member of roles it was granted; revoke them first.
      for (const r of p.member_of) await revokeRoleFrom(deps.clusterSql, c.target, r, username);
      await dropUserIfExists(deps.clusterSql, c.target, username);
      await deps.db.transaction(async (tx) => {
        await removeUserRoles(tx, clusterId, username, p.member_of);
        await deleteManagedUser(tx, clusterId, username);
        await recordEvent(tx, ctx, {
          action: 'DB_USER_DELETED', targetType: 'sql_user', targetId: username, clusterId,
          details: { cluster_id: clusterId, database_user: username, revoked_roles: p.member_of },
        });
      });
      return { cluster_id: clusterId, username, deleted: true };
    },

    async setPassword(ctx: RequestContext, clusterId: string, rawName: string, input: { password?: string | undefined }) {
      const username = existingName(rawName);
      const generated = input.password === undefined;
      const password = input.password ?? generatePassword();
      if (!generated) checkPassword(password, await minLength());
      const c = await loadAccessCluster(deps, clusterId);
      await existingUser(c, username);
      await setUserPassword(deps.clusterSql, c.target, username, password);
      await deps.db.transaction(async (tx) => {
        await touchManagedUser(tx, clusterId, username, ctx.identity.actor);
        await recordEvent(tx, ctx, {
          action: 'DB_USER_PASSWORD_UPDATED', targetType: 'sql_user', targetId: username, clusterId,
          details: { cluster_id: clusterId, database_user: username, password_generated: generated },
        });
      });
      return { cluster_id: clusterId, username, generated_password: generated ? password : null };
    },

    async grant(ctx: RequestContext, clusterId: string, rawName: string, rawRoles: string[]) {
      const username = existingName(rawName);
      const roles = await checkRoles(clusterId, rawRoles);
      if (roles.length === 0) throw new ValidationError('database_roles must name at least one role.');
      const c = await loadAccessCluster(deps, clusterId);
      await existingUser(c, username);
      for (const r of roles) await grantRoleTo(deps.clusterSql, c.target, r, username);
      await deps.db.transaction(async (tx) => {
        await addUserRoles(tx, clusterId, username, roles, ctx.identity.actor);
        await recordEvent(tx, ctx, {
          action: 'DB_USER_ROLE_GRANTED', targetType: 'sql_user', targetId: username, clusterId,
          details: { cluster_id: clusterId, database_user: username, database_roles: roles },
        });
      });
      return { cluster_id: clusterId, username, database_roles: roles };
    },

    async revoke(ctx: RequestContext, clusterId: string, rawName: string, rawRoles: string[]) {
      const username = existingName(rawName);
      const roles = await checkRoles(clusterId, rawRoles);
      if (roles.length === 0) throw new ValidationError('database_roles must name at least one role.');
      const c = await loadAccessCluster(deps, clusterId);
      await existingUser(c, username);
      for (const r of roles) await revokeRoleFrom(deps.clusterSql, c.target, r, username);
      await deps.db.transaction(async (tx) => {
        await removeUserRoles(tx, clusterId, username, roles);
        await recordEvent(tx, ctx, {
          action: 'DB_USER_ROLE_REVOKED', targetType: 'sql_user', targetId: username, clusterId,
          details: { cluster_id: clusterId, database_user: username, database_roles: roles },
        });
      });
      return { cluster_id: clusterId, username, database_roles: roles };
    },
  };
};

export type DatabaseUsersService = ReturnType<typeof createDatabaseUsersService>;
