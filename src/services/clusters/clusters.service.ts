// Cluster operations requested through the API: create, delete, scale, upgrade, finalize. Each validates everything
// it can before enqueueing (cluster-preflight.ts), then in ONE transaction: re-checks the state under a row lock,
// moves the cluster to the operation's transitional state (cluster-state.ts), enqueues the exclusive job and writes
// the CLUSTER_*_REQUESTED audit event. `dryRun` stops before the transaction and returns the plan. Side effects that
// are not SQL (CA generation with openssl) happen before the transaction.
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../auth/identity.js';
import type { Db } from '../../infra/db/db.js';
import { adminPasswordAad, caKeyAad, generateClusterCa, sqlPasswordAad, type ClusterCa } from '../../infra/crypto/cluster-ca.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import type { JobQueue } from '../../jobs/queue.js';
import { beginOperation, findCluster, insertOrReviveCluster, type ClusterRow } from '../../repositories/clusters.repository.js';
import type { PlaybookName } from '../../repositories/playbooks.repository.js';
import { listAllOptionValues } from '../../repositories/option-lists.repository.js';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { recordEvent } from '../audit/audit.service.js';
import type { AuditAction } from '../audit/audit-actions.js';
import type { SettingsReader } from '../settings/settings.reader.js';
import { createPreflight, type Check, type Preflight } from './cluster-preflight.js';
import type { ClusterOverviewService } from './cluster-overview.service.js';
import { liveChecks } from './live-preflight.js';
import { clusterNameProblem } from './cluster-rules.js';
import { assertCanStart, TRANSITIONS, type ClusterOperation } from './cluster-state.js';
import type { CreateClusterPayload } from './cluster-payloads.js';
import { planScale } from './scale-plan.js';
import { isMajorUpgrade, upgradeTargets } from './upgrade-targets.js';

export type ClusterServiceDeps = {
  db: Db;
  queue: Pick<JobQueue, 'enqueue' | 'transaction'>;
  secrets: SecretBox;
  settings: Pick<SettingsReader, 'get'>;
  generateCa?: (clusterId: string) => Promise<ClusterCa>;
  /** The live overview (what the cluster says about itself): the pre-flight facts of scale-in and upgrade. */
  overview: Pick<ClusterOverviewService, 'overview'>;
  /** Ends this instance's SQL pool of a cluster being deleted (other instances' pools are evicted when idle). */
  closeClusterSql?: (clusterId: string) => Promise<void>;
};

export type PlanStep = { step: string; playbook: PlaybookName; playbook_version: number; description: string };
export type Plan = { dry_run: true; operation: ClusterOperation; cluster_id: string; steps: PlanStep[]; checks: Check[] };
export type Enqueued = { job_id: string; cluster_id: string; operation: ClusterOperation };

export type ScaleRequest = { node_count: number; node_cpus: number; disk_size: number; regions: string[] };
export type UpgradeRequest = { version: string; auto_finalize: boolean };

const AUDIT: Record<ClusterOperation, AuditAction> = {
  CREATE_CLUSTER: 'CLUSTER_CREATE_REQUESTED',
  RECREATE_CLUSTER: 'CLUSTER_CREATE_REQUESTED',
  DELETE_CLUSTER: 'CLUSTER_DELETE_REQUESTED',
  SCALE_CLUSTER: 'CLUSTER_SCALE_REQUESTED',
  UPGRADE_CLUSTER: 'CLUSTER_UPGRADE_REQUESTED',
  FINALIZE_UPGRADE: 'CLUSTER_FINALIZE_REQUESTED',
};

/** A pre-flight that needs the cluster's own view cannot pass without it: say what could not be checked. */
const liveUnknown = (what: string) => (err: unknown): never => {
  if (err instanceof AppError) {
    throw new AppError(err.code, `Cannot check that it is safe to ${what}: ${err.message}`, { details: err.details, cause: err });
  }
  throw err;
};

export const createClusterService = (deps: ClusterServiceDeps) => {
  const generateCa = deps.generateCa ?? generateClusterCa;

  const mustFind = async (clusterId: string) => {
    const c = await findCluster(deps.db, clusterId);
    if (!c) throw new NotFoundError(`Cluster "${clusterId}" not found.`);
    return c;
  };

  const steps = (pf: Map<PlaybookName, number>, list: { step: string; playbook: PlaybookName; description: string }[]): PlanStep[] =>
    list.map((s) => ({ ...s, playbook_version: pf.get(s.playbook)! }));

  /** The transaction every operation on an existing cluster shares. */
  const enqueueOperation = (ctx: RequestContext, op: ClusterOperation, clusterId: string, payload: unknown, details: Record<string, unknown>) =>
    deps.queue.transaction(async (tx): Promise<Enqueued> => {
      const c = await findCluster(tx, clusterId, { forUpdate: true });
      if (!c) throw new NotFoundError(`Cluster "${clusterId}" not found.`);
      await createPreflight(tx).noActiveOperation(clusterId);
      assertCanStart(op, clusterId, c.status);
      await beginOperation(tx, clusterId, TRANSITIONS[op].during, ctx.identity.actor);
      const { jobId } = await deps.queue.enqueue(tx, { kind: op, payload, clusterId, createdBy: ctx.identity.actor });
      await recordEvent(tx, ctx, { action: AUDIT[op], targetType: 'cluster', targetId: clusterId, clusterId, details: { ...details, job_id: jobId } });
      return { job_id: jobId, cluster_id: clusterId, operation: op };
    });

  /** Checks shared by every operation on an existing cluster (outside the transaction, for a fast and clear 4xx). */
  const existingChecks = async (pf: Preflight, op: ClusterOperation, c: ClusterRow) => {
    await pf.noActiveOperation(c.cluster_id);
    assertCanStart(op, c.cluster_id, c.status);
    pf.pass('state allows the operation', `${c.status} → ${TRANSITIONS[op].during}`);
  };

  return {
    create: async (ctx: RequestContext, body: CreateClusterPayload): Promise<Enqueued> => {
      const problem = clusterNameProblem(body.name);
      if (problem) throw new ValidationError(problem, { field: 'name' });
      if (!ctx.identity.isAdmin && !ctx.identity.groups.includes(body.group)) {
        throw new ForbiddenError(`You can only create clusters for a group you belong to (${ctx.identity.groups.join(', ') || 'none'}), or be an admin.`);
      }
      const pf = createPreflight(deps.db);
      pf.minimumSize(body.node_count, body.regions.length);
      await pf.offered('versions', body.version);
      await pf.offered('node_counts', body.node_count);
      await pf.offered('cpu_counts', body.node_cpus);
      await pf.offered('disk_sizes', body.disk_size);
      await pf.regionsConfigured(body.regions);
      await pf.playbooks(['CREATE_CLUSTER']);
      const existing = await findCluster(deps.db, body.name);
      if (existing && existing.status !== 'DELETED') throw new ConflictError(`A cluster named "${body.name}" already exists (${existing.status}).`);

      const username = await deps.settings.get('cluster.service_username');
      const password = randomBytes(32).toString('base64url');
      // The admin SQL user for people (cluster.default_username): its password is kept, encrypted, and can be rotated
      // from the connection page. Never the service user's name: cp's own access must not be shared.
      const adminName = (await deps.settings.get('cluster.default_username')).trim();
      const adminUsername = adminName && adminName !== username ? adminName : null;
      const ca = await generateCa(body.name);
      return deps.queue.transaction(async (tx) => {
        const inserted = await insertOrReviveCluster(tx, {
          clusterId: body.name, grp: body.group, version: body.version, nodeCount: body.node_count, nodeCpus: body.node_cpus,
          diskSize: body.disk_size, regions: body.regions, sqlUsername: username,
          encryptedSqlPassword: deps.secrets.encrypt(password, sqlPasswordAad(body.name)),
          caCert: ca.cert, encryptedCaKey: deps.secrets.encrypt(ca.key, caKeyAad(body.name)), by: ctx.identity.actor,
          adminUsername,
          encryptedAdminPassword: adminUsername ? deps.secrets.encrypt(randomBytes(24).toString('base64url'), adminPasswordAad(body.name)) : null,
        });
        if (!inserted) throw new ConflictError(`A cluster named "${body.name}" already exists.`);
        const { jobId } = await deps.queue.enqueue(tx, { kind: 'CREATE_CLUSTER', payload: body, clusterId: body.name, createdBy: ctx.identity.actor });
        await recordEvent(tx, ctx, {
          action: 'CLUSTER_CREATE_REQUESTED', targetType: 'cluster', targetId: body.name, clusterId: body.name, details: { ...body, job_id: jobId },
        });
        return { job_id: jobId, cluster_id: body.name, operation: 'CREATE_CLUSTER' as const };
      });
    },

    delete: async (ctx: RequestContext, clusterId: string, dryRun: boolean): Promise<Enqueued | Plan> => {
      const c = await mustFind(clusterId);
      const pf = createPreflight(deps.db);
      await existingChecks(pf, 'DELETE_CLUSTER', c);
      const pbs = await pf.playbooks(['DELETE_CLUSTER']);
      if (dryRun) {
        return {
          dry_run: true, operation: 'DELETE_CLUSTER', cluster_id: clusterId, checks: pf.checks,
          steps: steps(pbs, [{ step: 'delete', playbook: 'DELETE_CLUSTER', description: `destroy every node and load balancer of ${clusterId}` }]),
        };
      }
      const enqueued = await enqueueOperation(ctx, 'DELETE_CLUSTER', clusterId, { cluster_id: clusterId }, { cluster_id: clusterId });
      await deps.closeClusterSql?.(clusterId);
      return enqueued;
    },

    scale: async (ctx: RequestContext, clusterId: string, req: ScaleRequest, dryRun: boolean): Promise<Enqueued | Plan> => {
      const c = await mustFind(clusterId);
      const plan = planScale(c, req);
      if (plan.length === 0) throw new ValidationError('Nothing to scale: the request matches the cluster as it is.');
      const pf = createPreflight(deps.db);
      await existingChecks(pf, 'SCALE_CLUSTER', c);
      pf.minimumSize(req.node_count, req.regions.length);
      if (req.node_count !== c.node_count) await pf.offered('node_counts', req.node_count);
      if (req.node_cpus !== c.node_cpus) await pf.offered('cpu_counts', req.node_cpus);
      if (req.disk_size !== c.disk_size) await pf.offered('disk_sizes', req.disk_size);
      if (req.disk_size < c.disk_size) throw new ValidationError(`Disks cannot shrink (${c.disk_size} GB → ${req.disk_size} GB).`);
      await pf.regionsConfigured(req.regions);
      const pbs = await pf.playbooks(plan.map((s) => s.playbook));
      if (plan.some((s) => s.step === 'nodes_in' || s.step === 'regions_removed')) {
        const removed = (c.node_count - Math.min(c.node_count, req.node_count)) * req.regions.filter((r) => c.regions.includes(r)).length
          + c.node_count * c.regions.filter((r) => !req.regions.includes(r)).length;
        liveChecks(pf, await deps.overview.overview(clusterId).catch(liveUnknown('scale in'))).scaleIn(removed);
      }
      if (dryRun) return { dry_run: true, operation: 'SCALE_CLUSTER', cluster_id: clusterId, checks: pf.checks, steps: steps(pbs, plan) };
      const payload = { name: clusterId, ...req };
      return enqueueOperation(ctx, 'SCALE_CLUSTER', clusterId, payload, payload);
    },

    upgrade: async (ctx: RequestContext, clusterId: string, req: UpgradeRequest, dryRun: boolean): Promise<Enqueued | Plan> => {
      const c = await mustFind(clusterId);
      const pf = createPreflight(deps.db);
      await existingChecks(pf, 'UPGRADE_CLUSTER', c);
      if (!c.upgrade_finalized) {
        throw new ConflictError(`Cluster ${clusterId} has an unfinalized upgrade from ${c.previous_version}; finalize it first (POST /api/clusters/${clusterId}/finalize).`);
      }
      const targets = upgradeTargets(c.version, (await listAllOptionValues(deps.db, 'versions')).map(String));
      if (!targets.includes(req.version)) {
        throw new ValidationError(
          `${c.version} cannot be upgraded to ${req.version}; allowed: ${targets.join(', ') || 'none (no newer patch or next major version is offered)'}.`,
          { allowed: targets },
        );
      }
      pf.pass('upgrade path allowed', `${c.version} → ${req.version}`);
      liveChecks(pf, await deps.overview.overview(clusterId).catch(liveUnknown('upgrade'))).upgrade();
      const pbs = await pf.playbooks(['UPGRADE_CLUSTER']);
      const needsFinalize = isMajorUpgrade(c.version, req.version) && !req.auto_finalize;
      if (dryRun) {
        return {
          dry_run: true, operation: 'UPGRADE_CLUSTER', cluster_id: clusterId, checks: pf.checks,
          steps: steps(pbs, [{
            step: 'upgrade', playbook: 'UPGRADE_CLUSTER',
            description: `rolling upgrade ${c.version} → ${req.version}${needsFinalize ? '; then finalize with POST /finalize' : ''}`,
          }]),
        };
      }
      const payload = { name: clusterId, version: req.version, auto_finalize: req.auto_finalize };
      return enqueueOperation(ctx, 'UPGRADE_CLUSTER', clusterId, payload, { ...payload, from_version: c.version });
    },

    finalize: async (ctx: RequestContext, clusterId: string): Promise<Enqueued> => {
      const c = await mustFind(clusterId);
      if (c.upgrade_finalized) throw new ConflictError(`Cluster ${clusterId} has no upgrade waiting for finalization.`);
      const pf = createPreflight(deps.db);
      await existingChecks(pf, 'FINALIZE_UPGRADE', c);
      await pf.playbooks(['UPGRADE_CLUSTER']);
      return enqueueOperation(ctx, 'FINALIZE_UPGRADE', clusterId, { name: clusterId }, { version: c.version, previous_version: c.previous_version });
    },
  };
};

export type ClusterService = ReturnType<typeof createClusterService>;
