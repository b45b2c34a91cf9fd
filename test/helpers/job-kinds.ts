// Job kinds that exist only under test. Each handler records its runs in `test_runs` through the job context's
// fenced transaction, so a run that lost its lease cannot even record itself.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Db } from '../../src/infra/db/db.js';
import { createJobRegistry } from '../../src/jobs/registry.js';
import { PermanentJobError } from '../../src/jobs/run-job.js';
import type { AnyJobKind, JobContext, JobKind } from '../../src/jobs/types.js';

export const createTestRunsTable = async (db: Db) => {
  await db.query(`CREATE TABLE IF NOT EXISTS test_runs (
    job_id UUID NOT NULL, attempt INT8 NOT NULL, lease_owner TEXT NOT NULL, info TEXT,
    started_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), finished_at TIMESTAMPTZ)`);
};

const recordRun = <P>(ctx: JobContext<P>, info: string | null = null) =>
  ctx.fencedTransaction((tx) =>
    tx.query(`INSERT INTO test_runs (job_id, attempt, lease_owner, info) VALUES ($1, $2, $3, $4)`, [
      ctx.job.jobId, ctx.job.attempts, ctx.job.leaseOwner, info,
    ]),
  );

const markFinished = <P>(ctx: JobContext<P>) =>
  ctx.fencedTransaction((tx) =>
    tx.query(`UPDATE test_runs SET finished_at = clock_timestamp() WHERE job_id = $1 AND attempt = $2`, [ctx.job.jobId, ctx.job.attempts]),
  );

const fast = { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 };

export const noopKind: JobKind<{ n?: number | undefined }> = {
  kind: 'TEST_NOOP',
  payload: z.object({ n: z.number().int().optional() }),
  exclusive: false, retry: fast, timeoutMs: 60_000, cancellable: true, resumable: true,
  handler: async (ctx) => {
    await recordRun(ctx);
    return { ok: true };
  },
};

/** Sleeps `ms` on the first attempt and `then_ms` (default `ms`) on later ones. */
const sleepPayload = z.object({ ms: z.number().int().min(0), then_ms: z.number().int().min(0).optional() });
const sleepHandler = async (ctx: JobContext<z.infer<typeof sleepPayload>>) => {
  await recordRun(ctx, String(process.pid));
  const ms = ctx.job.attempts > 1 ? (ctx.payload.then_ms ?? ctx.payload.ms) : ctx.payload.ms;
  await sleep(ms, undefined, { signal: ctx.signal });
  await markFinished(ctx);
  await ctx.log('slept', `${ms} ms`);
  return { slept: ms };
};

export const sleepResumableKind: JobKind<z.infer<typeof sleepPayload>> = {
  kind: 'TEST_SLEEP_RESUMABLE', payload: sleepPayload, exclusive: false,
  retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 }, timeoutMs: 60_000, cancellable: true, resumable: true,
  handler: sleepHandler,
};

/** Non-resumable, with onFailure that moves the linked cluster out of CREATING, like CREATE_CLUSTER will. */
export const sleepOnceKind: JobKind<z.infer<typeof sleepPayload>> = {
  kind: 'TEST_SLEEP_ONCE', payload: sleepPayload, exclusive: true,
  retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 }, timeoutMs: 60_000, cancellable: true, resumable: false,
  handler: sleepHandler,
  onFailure: async (tx, job, reason) => {
    await tx.query(`UPDATE clusters SET status = 'CREATE_FAILED', status_reason = $2 WHERE cluster_id = $1 AND status = 'CREATING'`, [
      job.clusterId, reason.message,
    ]);
  },
};

export const flakyKind: JobKind<{ succeed_on_attempt: number; permanent?: boolean | undefined }> = {
  kind: 'TEST_FLAKY',
  payload: z.object({ succeed_on_attempt: z.number().int().min(1), permanent: z.boolean().optional() }),
  exclusive: false, retry: { maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 3_000 }, timeoutMs: 60_000,
  cancellable: true, resumable: true,
  handler: async (ctx) => {
    await recordRun(ctx);
    if (ctx.payload.permanent) throw new PermanentJobError('bad input, retrying cannot help');
    if (ctx.job.attempts < ctx.payload.succeed_on_attempt) throw new Error(`flaky failure on attempt ${ctx.job.attempts}`);
    return { attempt: ctx.job.attempts };
  },
};

/** Spawns a long-running child in its own process group; cancel must kill it. */
export const childProcessKind: JobKind<Record<string, never>> = {
  kind: 'TEST_CHILD',
  payload: z.object({}).strict(),
  exclusive: false, retry: fast, timeoutMs: 60_000, cancellable: true, resumable: false,
  handler: async (ctx) => {
    const child = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    ctx.killOnAbort(child, 1_000);
    await recordRun(ctx, String(child.pid));
    await new Promise((resolve) => child.once('exit', resolve));
    throw new Error('child exited');
  },
};

export const TEST_KINDS: readonly AnyJobKind[] = [noopKind, sleepResumableKind, sleepOnceKind, flakyKind, childProcessKind];

export const createTestRegistry = () => createJobRegistry(TEST_KINDS);

export const insertTestCluster = async (db: Db, clusterId: string, grp = 'team-a', status = 'CREATING') => {
  await db.query(
    `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, created_by, updated_by)
     VALUES ($1, $2, $3, 'v24.1.0', 3, 2, 10, 'test', 'test')`,
    [clusterId, grp, status],
  );
};
