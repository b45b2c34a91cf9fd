// What every cluster job kind shares: its deps, starting the operation (state check + transitional state, fenced),
// running a playbook with its events written as job tasks as they happen, and the onFailure that moves the cluster
// out of its transitional state per cluster-state.ts. Handlers run outside transactions; every cluster write goes
// through ctx.fencedTransaction so a worker that lost its lease cannot change the cluster any more.
import type { Db, Tx } from '../../infra/db/db.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import type { AnsibleEvent } from '../../infra/ansible/events.js';
import { summarizeFailure, type AnsibleRunner, type PlaybookResult } from '../../infra/ansible/runner.js';
import { PermanentJobError } from '../../jobs/run-job.js';
import type { ClaimedJob, FailureReason, JobContext, JobKind, RetryPolicy } from '../../jobs/types.js';
import { beginOperation, findCluster, findClusterSecrets, updateCluster, type ClusterRow } from '../../repositories/clusters.repository.js';
import { caKeyAad } from '../../infra/crypto/cluster-ca.js';
import { findDefaultPlaybook, type PlaybookName } from '../../repositories/playbooks.repository.js';
import { listRegionZones } from '../../repositories/regions.repository.js';
import { canRun, stateAfterFailure, TRANSITIONS, type ClusterOperation } from '../../services/clusters/cluster-state.js';
import { buildDeployment, type DeploymentSpec, type ZoneRow } from '../../services/clusters/deployment.js';
import type { SettingsReader } from '../../services/settings/settings.reader.js';

export type ClusterWorkerDeps = {
  db: Db;
  secrets: SecretBox;
  settings: Pick<SettingsReader, 'get' | 'getInt'>;
  ansible: AnsibleRunner;
  healthcheck: { scheme: 'http' | 'https'; port: number };
};

export const NO_RETRY: RetryPolicy = { maxAttempts: 1, baseDelayMs: 1_000, maxDelayMs: 1_000 };

/** Locks the cluster, checks the operation may run, puts it in the operation's transitional state. */
export const startOperation = async <P>(ctx: JobContext<P>, op: ClusterOperation): Promise<ClusterRow> => {
  const clusterId = ctx.job.clusterId;
  if (!clusterId) throw new PermanentJobError(`${op} needs a cluster`);
  return ctx.fencedTransaction(async (tx) => {
    const c = await findCluster(tx, clusterId, { forUpdate: true });
    if (!c) throw new PermanentJobError(`cluster ${clusterId} does not exist`);
    if (!canRun(op, c.status)) {
      throw new PermanentJobError(`cluster ${clusterId} is ${c.status}; ${op} runs only when it is ${TRANSITIONS[op].from.join(', ')}`);
    }
    await beginOperation(tx, clusterId, TRANSITIONS[op].during, ctx.job.createdBy);
    return { ...c, status: TRANSITIONS[op].during };
  });
};

/** Writes cluster fields, fenced by the job's lease. */
export const saveCluster = <P>(ctx: JobContext<P>, u: Parameters<typeof updateCluster>[2]) =>
  ctx.fencedTransaction((tx) => updateCluster(tx, ctx.job.clusterId!, u, ctx.job.createdBy));

const hostList = (hosts: string[]) => `[${hosts.join(', ')}]`;

/** One job task per Ansible event worth showing (spec §5.5, without dumping module results). */
export const logAnsibleEvent = async <P>(ctx: JobContext<P>, e: AnsibleEvent) => {
  switch (e.type) {
    case 'play_start':
      return void (await ctx.log(`PLAY [${e.play}]`));
    case 'task_start':
      return void (await ctx.log(`TASK [${e.task}]`));
    case 'task_ok':
      return void (await ctx.log(
        e.changed.length ? `changed: ${hostList(e.changed)}` : `ok: ${hostList(e.ok)}`,
        e.task,
        'debug',
      ));
    case 'task_failed':
      return void (await ctx.log(`fatal: [${e.host}]`, `${e.task}: ${e.message}`, 'error'));
    case 'unreachable':
      return void (await ctx.log(`unreachable: [${e.host}]`, `${e.task}: ${e.message}`, 'error'));
    case 'recap':
      return void (await ctx.log(
        'PLAY RECAP',
        Object.entries(e.stats)
          .map(([h, s]) => `${h}: ok=${s.ok} changed=${s.changed} unreachable=${s.unreachable} failed=${s.failures} skipped=${s.skipped}`)
          .join('\n'),
      ));
    case 'warning':
      return void (await ctx.log('WARNING', e.message, 'warning'));
    case 'data':
      return;
  }
};

/**
 * Runs the default version of a playbook (the promoted one, else the newest) and returns its result when it
 * succeeded; throws with the first failure otherwise. Secrets are only in `extraVars` (see the runner).
 */
export const runPlaybook = async <P>(
  ctx: JobContext<P>,
  deps: Pick<ClusterWorkerDeps, 'db' | 'ansible'>,
  name: PlaybookName,
  extraVars: Record<string, unknown>,
): Promise<PlaybookResult> => {
  const pb = await findDefaultPlaybook(deps.db, name);
  if (!pb) throw new PermanentJobError(`no ${name} playbook is configured: an admin must add a version (Admin → Playbooks)`);
  await ctx.log(`PLAYBOOK ${name}`, `version ${pb.version} (sha256 ${pb.content_sha256.slice(0, 12)})`);
  const result = await deps.ansible.run({
    label: ctx.job.jobId,
    playbookYaml: pb.content,
    extraVars,
    signal: ctx.signal,
    onEvent: (e) => logAnsibleEvent(ctx, e),
  });
  if (!result.ok) throw new Error(`${name}: ${summarizeFailure(result)}`);
  return result;
};

/** The deployment for a spec, from the regions catalogue; a region without zone rows is a permanent failure. */
/**
 * The cluster CA cp generated, decrypted for a playbook's private extra-vars file (CREATE_CLUSTER signs the first
 * nodes with it, SCALE_CLUSTER_OUT the new ones); null when the cluster has none (its playbooks bring their own CA).
 */
export const clusterCaForPlaybook = async (deps: Pick<ClusterWorkerDeps, 'db' | 'secrets'>, clusterId: string) => {
  const s = await findClusterSecrets(deps.db, clusterId);
  return s?.ca_cert && s.encrypted_ca_key ? { cert: s.ca_cert, key: deps.secrets.decrypt(s.encrypted_ca_key, caKeyAad(clusterId)) } : null;
};

export const deploymentFor = async (db: Db, spec: DeploymentSpec) => {
  const zones = new Map<string, ZoneRow[]>();
  for (const id of spec.regions) {
    const [cloud, region] = id.split(':') as [string, string];
    zones.set(id, await listRegionZones(db, cloud, region));
  }
  try {
    return buildDeployment(spec, (id) => zones.get(id) ?? []);
  } catch (err) {
    throw new PermanentJobError((err as Error).message, { cause: err });
  }
};

/** onFailure shared by cluster kinds: leave the transitional state for the state cluster-state.ts defines. */
export const leaveTransitionalState = (op: ClusterOperation) => async (tx: Tx, job: ClaimedJob, reason: FailureReason) => {
  if (!job.clusterId) return;
  const c = await findCluster(tx, job.clusterId, { forUpdate: true });
  // A job that failed its own precondition never moved the cluster: nothing to undo.
  if (!c || c.status !== TRANSITIONS[op].during) return;
  const target = stateAfterFailure(op, reason.type, job.attempts > 0, c.operation_from_status);
  await updateCluster(tx, job.clusterId, { status: target, statusReason: `${op}: ${reason.message}` }, 'system');
};

/** Common shape of a cluster kind: exclusive per cluster, never retried automatically (playbooks are not assumed
 * idempotent; reschedule is the explicit retry), cancellable (the playbook's process group is killed). */
export const clusterKind = <P>(
  op: ClusterOperation,
  k: Pick<JobKind<P>, 'payload' | 'handler'> & { timeoutMs: number },
): JobKind<P> => ({
  kind: op,
  payload: k.payload,
  exclusive: true,
  retry: NO_RETRY,
  timeoutMs: k.timeoutMs,
  cancellable: true,
  resumable: false,
  handler: k.handler,
  onFailure: leaveTransitionalState(op),
});
