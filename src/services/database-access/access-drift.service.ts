// Drift between what cp declared on a cluster and what the cluster holds (no anchor has this): databases, generated
// roles and their grants, memberships cp granted, managed users, and the IdP group mapping settings. Each difference
// has a kind (missing_on_cluster, unknown_to_cp, grant_differs) and says what `fix` would do (null: cp leaves it to
// a person — it never drops what it did not create). `check` asks the cluster and records the result (the cluster
// list's badge); `fix` applies cp's side, `dry_run` first.
import type { RequestContext } from '../../auth/identity.js';
import { createDatabase } from '../../infra/cockroach/statements/databases.statements.js';
import { grantRoleTo, listPrincipals, listRoleGrantsIn, revokeRoleFrom, revokeDatabasePrivilege, revokeSchemaPrivilege } from '../../infra/cockroach/statements/roles.statements.js';
import { SSO_SETTINGS } from '../../infra/cockroach/statements/sso.statements.js';
import {
  findDrift, listDatabaseObjects, listDatabaseRoles, listGroupMappings, listManagedUsers, listUserRoles, recordDrift, upsertDatabaseObject, upsertDatabaseRole,
} from '../../repositories/database-access.repository.js';
import { listAllRoleTemplates } from '../../repositories/database-role-templates.repository.js';
import { AppError } from '../../shared/errors.js';
import { recordEvent } from '../audit/audit.service.js';
import { loadAccessCluster, type AccessDeps } from './access-cluster.js';
import { applySso, planSso, readSsoSettings } from './group-mappings.service.js';
import { clusterDatabases, grantKey, materialise, planTargets } from './role-materialiser.js';

export const DRIFT_KINDS = ['missing_on_cluster', 'unknown_to_cp', 'grant_differs'] as const;
export const DRIFT_OBJECTS = ['database', 'role', 'grant', 'membership', 'user', 'sso_setting'] as const;

export type Difference = {
  kind: (typeof DRIFT_KINDS)[number];
  object_type: (typeof DRIFT_OBJECTS)[number];
  name: string;
  detail: string;
  fix: string | null;
  // what fix needs (not shown)
  op?: { t: 'create_db'; db: string } | { t: 'register_db'; db: string } | { t: 'role'; role: string } | { t: 'grant'; role: string; user: string }
    | { t: 'revoke'; role: string; user: string } | { t: 'revoke_priv'; role: string; key: string } | { t: 'sso' };
};

const SKIP_ROLES = new Set(['admin', 'public', 'root', 'node']);

export const computeDrift = async (deps: AccessDeps, clusterId: string): Promise<Difference[]> => {
  const c = await loadAccessCluster(deps, clusterId);
  const t = c.target;
  const [objects, roles, managed, memberships, mappings] = await Promise.all([
    listDatabaseObjects(deps.db, clusterId), listDatabaseRoles(deps.db, clusterId), listManagedUsers(deps.db, clusterId),
    listUserRoles(deps.db, clusterId), listGroupMappings(deps.db, clusterId),
  ]);
  const out: Difference[] = [];
  const dbs = new Set(await clusterDatabases(deps.clusterSql, t));
  const principals = await listPrincipals(deps.clusterSql, t);
  const byName = new Map(principals.map((p) => [p.username, p]));

  for (const o of objects) {
    if (!dbs.has(o.database_name)) out.push({ kind: 'missing_on_cluster', object_type: 'database', name: o.database_name, detail: `cp's database "${o.database_name}" does not exist on the cluster`, fix: 'CREATE DATABASE and materialise its roles', op: { t: 'create_db', db: o.database_name } });
  }
  const known = new Set(objects.map((o) => o.database_name));
  for (const d of dbs) {
    if (!known.has(d)) out.push({ kind: 'unknown_to_cp', object_type: 'database', name: d, detail: `database "${d}" exists on the cluster but not in cp`, fix: 'register it in cp (origin discovered) and materialise its roles', op: { t: 'register_db', db: d } });
  }
  const generated = new Set(roles.map((r) => r.database_role));
  for (const r of roles) {
    const p = byName.get(r.database_role);
    if (!p) {
      out.push({ kind: 'missing_on_cluster', object_type: 'role', name: r.database_role, detail: `generated role "${r.database_role}" (template ${r.template_name}) does not exist on the cluster`, fix: 're-run its template', op: { t: 'role', role: r.database_role } });
      continue;
    }
    if (!dbs.has(r.database_name)) continue;
    const now = new Set((await listRoleGrantsIn(deps.clusterSql, t, r.database_role, r.database_name, r.schema_name)).map(grantKey));
    const want = new Set(r.expected_grants);
    const missing = [...want].filter((k) => !now.has(k));
    const extra = [...now].filter((k) => !want.has(k));
    if (missing.length > 0) out.push({ kind: 'grant_differs', object_type: 'grant', name: r.database_role, detail: `missing privileges: ${missing.join(', ')}`, fix: 're-run its template', op: { t: 'role', role: r.database_role } });
    for (const k of extra) {
      const fixable = /^(database|schema):/.test(k);
      out.push({ kind: 'grant_differs', object_type: 'grant', name: r.database_role, detail: `privilege not from its template: ${k}`, fix: fixable ? `REVOKE ${k.split(':')[2]}` : null, ...(fixable ? { op: { t: 'revoke_priv' as const, role: r.database_role, key: k } } : {}) });
    }
  }
  for (const p of principals) {
    if (p.login || generated.has(p.username) || SKIP_ROLES.has(p.username)) continue;
    out.push({ kind: 'unknown_to_cp', object_type: 'role', name: p.username, detail: `role "${p.username}" exists on the cluster but was not generated by cp`, fix: null });
  }
  const declared = new Set(memberships.map((m) => `${m.username}\u0000${m.database_role}`));
  for (const m of memberships) {
    const p = byName.get(m.username);
    if (p && byName.has(m.database_role) && !p.member_of.includes(m.database_role)) {
      out.push({ kind: 'missing_on_cluster', object_type: 'membership', name: `${m.username} ∈ ${m.database_role}`, detail: `cp granted "${m.database_role}" to "${m.username}" but the cluster does not have it`, fix: 'GRANT the role again', op: { t: 'grant', role: m.database_role, user: m.username } });
    }
  }
  const idpLogins = new Set(managed.filter((m) => m.kind === 'idp_group').map((m) => m.username));
  for (const p of principals) {
    if (idpLogins.has(p.username)) continue; // checked with the SSO plan below
    for (const r of p.member_of) {
      if (generated.has(r) && !declared.has(`${p.username}\u0000${r}`)) {
        out.push({ kind: 'unknown_to_cp', object_type: 'membership', name: `${p.username} ∈ ${r}`, detail: `"${p.username}" is a member of generated role "${r}" without cp having granted it`, fix: 'REVOKE the role', op: { t: 'revoke', role: r, user: p.username } });
      }
    }
  }
  for (const m of managed) {
    if (m.kind === 'password' && !byName.has(m.username)) out.push({ kind: 'missing_on_cluster', object_type: 'user', name: m.username, detail: `cp's SQL user "${m.username}" does not exist on the cluster`, fix: null });
  }
  const { plan } = await planSso(deps, c.cluster.version, mappings);
  if (plan) {
    const current = await readSsoSettings(deps, t, SSO_SETTINGS);
    const norm = (v: string | undefined) => (v === 't' ? 'true' : v === 'f' ? 'false' : (v ?? ''));
    const differs = SSO_SETTINGS.filter((k) => norm(current[k]) !== norm(plan.settings[k]));
    const loginsOff = plan.logins.filter((l) => {
      const p = byName.get(l.sql_user);
      return !p || l.database_roles.some((r) => !p.member_of.includes(r)) || p.member_of.some((r) => generated.has(r) && !l.database_roles.includes(r));
    });
    for (const k of differs) out.push({ kind: 'grant_differs', object_type: 'sso_setting', name: k, detail: `cluster setting ${k} is not what cp's group mappings need`, fix: 'set it again', op: { t: 'sso' } });
    for (const l of loginsOff) out.push({ kind: 'grant_differs', object_type: 'membership', name: l.sql_user, detail: `login of IdP group "${l.group_name}" does not hold exactly ${l.database_roles.join(', ')}`, fix: 're-apply the group mappings', op: { t: 'sso' } });
  }
  return out;
};

const publicView = (d: Difference) => ({ kind: d.kind, object_type: d.object_type, name: d.name, detail: d.detail, fix: d.fix });

export const createAccessDriftService = (deps: AccessDeps) => {
  /** Computes drift and records it (also for an unreachable cluster: the error is recorded, then rethrown). */
  const check = async (clusterId: string) => {
    try {
      const diffs = await computeDrift(deps, clusterId);
      await recordDrift(deps.db, clusterId, diffs.map(publicView), null);
      return diffs;
    } catch (err) {
      if (err instanceof AppError && err.code === 'UNAVAILABLE') await recordDrift(deps.db, clusterId, [], err.message);
      throw err;
    }
  };

  return {
    check,
    /** A read: asks the cluster and compares, records nothing (the scheduled check and fix record). */
    async get(clusterId: string) {
      const diffs = await computeDrift(deps, clusterId);
      const last = await findDrift(deps.db, clusterId);
      return {
        cluster_id: clusterId, checked_at: new Date(), in_sync: diffs.length === 0, differences: diffs.map(publicView),
        last_recorded: last ? { checked_at: last.checked_at, difference_count: Number(last.difference_count), error: last.error } : null,
      };
    },

    async fix(ctx: RequestContext, clusterId: string, dryRun: boolean) {
      const diffs = await computeDrift(deps, clusterId);
      const actions = diffs.filter((d) => d.op && d.fix).map(publicView);
      if (dryRun) return { cluster_id: clusterId, dry_run: true, actions, differences_after: null };
      const c = await loadAccessCluster(deps, clusterId);
      const t = c.target;
      const templates = await listAllRoleTemplates(deps.db);
      const roles = await listDatabaseRoles(deps.db, clusterId);
      const createDbs: string[] = [];
      const registerDbs: string[] = [];
      const rerun = new Set<string>();
      let sso = false;
      for (const d of diffs) {
        const op = d.op;
        if (!op || !d.fix) continue;
        if (op.t === 'create_db') { await createDatabase(deps.clusterSql, t, op.db); createDbs.push(op.db); }
        else if (op.t === 'register_db') registerDbs.push(op.db);
        else if (op.t === 'role') rerun.add(op.role);
        else if (op.t === 'grant') await grantRoleTo(deps.clusterSql, t, op.role, op.user);
        else if (op.t === 'revoke') await revokeRoleFrom(deps.clusterSql, t, op.role, op.user);
        else if (op.t === 'revoke_priv') {
          const [type, obj, priv] = op.key.split(':') as [string, string, string];
          const [db, schema] = obj.split('.') as [string, string | undefined];
          if (type === 'database') await revokeDatabasePrivilege(deps.clusterSql, t, priv, db, op.role);
          else if (schema) await revokeSchemaPrivilege(deps.clusterSql, t, priv, db, schema, op.role);
        } else sso = true;
      }
      const newDbTargets = await planTargets(deps.clusterSql, t, [...createDbs, ...registerDbs], templates);
      const rerunTargets = (await planTargets(deps.clusterSql, t, [...new Set(roles.filter((r) => rerun.has(r.database_role)).map((r) => r.database_name))], templates))
        .filter((x) => rerun.has(x.database_role));
      const rows = await materialise(deps.clusterSql, t, [...newDbTargets, ...rerunTargets]);
      const applied = sso ? await applySso(deps, clusterId, t, (await planSso(deps, c.cluster.version, await listGroupMappings(deps.db, clusterId))).plan, ctx.identity.actor) : null;
      await deps.db.transaction(async (tx) => {
        for (const d of registerDbs) await upsertDatabaseObject(tx, clusterId, d, 'discovered', ctx.identity.actor);
        for (const r of rows) await upsertDatabaseRole(tx, clusterId, r);
        await applied?.write(tx);
        await recordEvent(tx, ctx, {
          action: 'ACCESS_DRIFT_FIXED', targetType: 'cluster', targetId: clusterId, clusterId,
          details: { cluster_id: clusterId, actions: actions.map((a) => `${a.kind} ${a.object_type} ${a.name}: ${a.fix ?? ''}`) },
        });
      });
      const after = await check(clusterId);
      return { cluster_id: clusterId, dry_run: false, actions, differences_after: after.map(publicView) };
    },
  };
};

export type AccessDriftService = ReturnType<typeof createAccessDriftService>;
