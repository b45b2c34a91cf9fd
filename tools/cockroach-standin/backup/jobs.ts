// Starting BACKUP and RESTORE jobs: blocking (the statement waits and returns job_id, status, fraction_completed,
// rows, index_entries, bytes) or DETACHED (job_id at once; the job runs on in this process). job_type and states as
// in src/current/v24.3/show-jobs.md.
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import { planBackupTargets, runBackup } from './backup-run.js';
import { runAsJob } from './job-runner.js';
import { runRestore } from './restore-run.js';
import type { BackupSpec, BulkResult, RestoreSpec } from './spec.js';

export type JobEnv = { catalog: ClusterCatalog; nodeId: number | null; buildTag: string; user: string };
export type Started = { jobId: string; result: Promise<BulkResult> | null };

export const startBackup = async (env: JobEnv, spec: BackupSpec, o: { description: string; detached: boolean; payload?: Record<string, unknown>;
  onDone?: (outcome: { ok: true } | { ok: false; error: string }) => Promise<void> }): Promise<Started> => {
  await planBackupTargets(env.catalog, spec);
  const job = await env.catalog.jobs.createJob({ jobType: 'BACKUP', description: o.description, userName: env.user,
    coordinatorId: env.nodeId ?? 1, payload: { ...o.payload, spec } });
  const work = async () => {
    try {
      const r = await runAsJob(env.catalog, job.jobId, (ctl) => runBackup({ catalog: env.catalog, buildTag: env.buildTag }, spec, ctl));
      await o.onDone?.({ ok: true });
      return r;
    } catch (err) {
      await o.onDone?.({ ok: false, error: err instanceof Error ? err.message : String(err) }).catch(() => undefined);
      throw err;
    }
  };
  if (o.detached) {
    void work().catch(() => undefined);
    return { jobId: job.jobId, result: null };
  }
  return { jobId: job.jobId, result: work() };
};

export const startRestore = async (env: JobEnv, spec: RestoreSpec, o: { description: string; detached: boolean }): Promise<Started> => {
  const job = await env.catalog.jobs.createJob({ jobType: 'RESTORE', description: o.description, userName: env.user,
    coordinatorId: env.nodeId ?? 1, payload: { spec } });
  const work = () => runAsJob(env.catalog, job.jobId, (ctl) => runRestore({ catalog: env.catalog, user: env.user }, spec, ctl));
  if (o.detached) {
    void work().catch(() => undefined);
    return { jobId: job.jobId, result: null };
  }
  return { jobId: job.jobId, result: work() };
};
