// The job and schedule services on real PostgreSQL: visibility, filters and keyset pagination, stats, detail with
// incremental tasks, secret redaction, reschedule and its audit event, schedule administration, and the retention
// sweeper deleting exactly what is past its retention.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { INTERNAL_SCHEDULES } from '../../../src/app/job-kinds.js';
import { createLogger } from '../../../src/infra/logging/logger.js';
import { createJobQueue } from '../../../src/jobs/queue.js';
import { createJobRegistry } from '../../../src/jobs/registry.js';
import { createScheduler, registerSchedules } from '../../../src/jobs/scheduler.js';
import type { JobKind } from '../../../src/jobs/types.js';
import { createWakeSignal } from '../../../src/jobs/wake.js';
import { createWorker } from '../../../src/jobs/worker.js';
import { claimJobs } from '../../../src/repositories/jobs.repository.js';
import { appendTask } from '../../../src/repositories/job-tasks.repository.js';
import { createJobService } from '../../../src/services/jobs/jobs.service.js';
import { createScheduleService } from '../../../src/services/jobs/schedules.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/shared/errors.js';
import { createRetentionSweepKind } from '../../../src/workers/local/retention-sweep.handler.js';
import { createSettingsReader } from '../../../src/services/settings/settings.reader.js';
import { createKeyring, createSecretBox } from '../../../src/infra/crypto/secrets.js';
import { randomBytes } from 'node:crypto';
import { insertTestCluster, noopKind } from '../../helpers/job-kinds.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { testContext } from '../../helpers/context.js';
import { waitFor } from '../../helpers/wait.js';

const stub = (kind: string): JobKind<Record<string, unknown>> => ({
  kind, payload: z.record(z.string(), z.unknown()), exclusive: true, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  timeoutMs: 1_000, cancellable: false, resumable: false, handler: async () => undefined,
});

const admin = testContext('root', { isAdmin: true });
const alice = testContext('alice', { groups: ['team-a'], requestId: 'req-1' });
const bob = testContext('bob', { groups: ['team-b'] });

describe('job and schedule services', () => {
  let pg: TestPg;
  const settings = { getInt: (key: string) => createSettingsReader({ db: pg.db, secrets, ttlMs: 0 }).getInt(key) };
  const secrets = createSecretBox(createKeyring({ id: 1, key: randomBytes(32).toString('base64') }));
  const registry = createJobRegistry([noopKind, createRetentionSweepKind({ settings }), stub('CREATE_CLUSTER'), stub('RECREATE_CLUSTER')]);
  const wake = createWakeSignal();
  let queue: ReturnType<typeof createJobQueue>;
  let jobs: ReturnType<typeof createJobService>;
  let schedules: ReturnType<typeof createScheduleService>;
  const ids: Record<string, string> = {};

  before(async () => {
    pg = await createMigratedPg('jobs_service');
    queue = createJobQueue({ db: pg.db, registry, wake });
    jobs = createJobService({ db: pg.db, queue, registry });
    schedules = createScheduleService({ db: pg.db, queue });
    await insertTestCluster(pg.db, 'alpha', 'team-a');
    await insertTestCluster(pg.db, 'beta', 'team-b');
    await queue.transaction(async (tx) => {
      ids.create = (await queue.enqueue(tx, { kind: 'CREATE_CLUSTER', payload: { name: 'alpha', admin_password: 'hunter2', nested: { s3_secret_key: 'x', size: 3 } }, clusterId: 'alpha', createdBy: 'alice' })).jobId;
      ids.beta = (await queue.enqueue(tx, { kind: 'TEST_NOOP', payload: {}, clusterId: 'beta', createdBy: 'bob' })).jobId;
      ids.system = (await queue.enqueue(tx, { kind: 'TEST_NOOP', payload: {}, createdBy: 'system' })).jobId;
      for (let n = 0; n < 7; n++) await queue.enqueue(tx, { kind: 'TEST_NOOP', payload: { n }, clusterId: 'alpha', createdBy: 'alice' });
    });
  });
  after(() => pg.close());

  it('non-admins see only jobs of their groups’ clusters; jobs without a cluster are admin-only', async () => {
    const seen = (await jobs.list(alice, { limit: 500 })).items;
    assert.equal(seen.length, 8);
    assert.ok(seen.every((j) => j.cluster_id === 'alpha'));
    assert.deepEqual((await jobs.list(bob, {})).items.map((j) => j.job_id), [ids.beta]);
    assert.equal((await jobs.list(admin, { limit: 500 })).items.length, 10);
    await assert.rejects(jobs.get(bob, ids.create!), NotFoundError);
    await assert.rejects(jobs.get(alice, ids.system!), NotFoundError);
    await assert.rejects(jobs.get(admin, 'not-a-uuid'), NotFoundError);
    assert.deepEqual(await jobs.stats(alice), { total: 8, queued: 8, running: 0, succeeded: 0, failed: 0, cancelled: 0 });
  });

  it('pages with a cursor through every job once, newest first, and filters', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await jobs.list(admin, { limit: 3, ...(cursor ? { cursor } : {}) });
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map((j) => j.job_id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    assert.equal(seen.length, 10);
    assert.equal(new Set(seen).size, 10);
    assert.deepEqual((await jobs.list(admin, { kinds: ['CREATE_CLUSTER'] })).items.map((j) => j.job_id), [ids.create]);
    assert.equal((await jobs.list(admin, { createdBy: 'bob' })).items.length, 1);
    assert.equal((await jobs.list(admin, { clusterId: 'alpha', statuses: ['QUEUED'] })).items.length, 8);
    assert.equal((await jobs.list(admin, { createdAfter: new Date(Date.now() + 60_000) })).items.length, 0);
    await assert.rejects(jobs.list(admin, { cursor: 'garbage' }), ValidationError);
  });

  it('redacts secret-looking payload keys in every response', async () => {
    const { job } = await jobs.get(alice, ids.create!);
    assert.deepEqual(job.payload, { name: 'alpha', admin_password: '[redacted]', nested: { s3_secret_key: '[redacted]', size: 3 } });
    const listed = (await jobs.list(alice, { kinds: ['CREATE_CLUSTER'] })).items[0]!;
    assert.equal((listed.payload as { admin_password: string }).admin_password, '[redacted]');
  });

  it('detail returns only task rows after after_seq, for incremental polling', async () => {
    const [claimed] = await claimJobs(pg.db, { owner: 'w', leaseMs: 60_000, kinds: ['CREATE_CLUSTER'], limit: 1 });
    for (const name of ['one', 'two', 'three']) await appendTask(pg.db, { jobId: ids.create!, name }, claimed!.leaseOwner);
    const all = await jobs.get(alice, ids.create!);
    assert.equal(all.job.status, 'RUNNING');
    assert.equal(all.job.lease_owner, claimed!.leaseOwner);
    assert.deepEqual(all.tasks.map((t) => t.name), ['one', 'two', 'three']);
    const newer = await jobs.get(alice, ids.create!, all.tasks[1]!.seq);
    assert.deepEqual(newer.tasks.map((t) => t.name), ['three']);
    assert.equal(newer.last_seq, all.last_seq);
    assert.deepEqual((await jobs.get(alice, ids.create!, all.last_seq)).tasks, []);
  });

  it('reschedules only FAILED/CANCELLED jobs, as a new linked job (CREATE → RECREATE), with an audit event', async () => {
    await assert.rejects(jobs.reschedule(alice, ids.create!), ConflictError);
    await pg.db.query(`UPDATE jobs SET status = 'FAILED', finished_at = now() WHERE job_id = $1`, [ids.create]);
    const res = await jobs.reschedule(alice, ids.create!);
    assert.equal(res.kind, 'RECREATE_CLUSTER');
    const { job } = await jobs.get(alice, res.job_id);
    assert.equal(job.rescheduled_from, ids.create);
    assert.equal(job.created_by, 'alice');
    assert.equal(job.cluster_id, 'alpha');
    const stored = await pg.db.query<{ payload: { admin_password: string } }>(`SELECT payload FROM jobs WHERE job_id = $1`, [res.job_id]);
    assert.equal(stored.rows[0]!.payload.admin_password, 'hunter2', 'the real payload is carried over, not the redacted view');
    const ev = await pg.db.query<{ actor: string; request_id: string; details: { new_job_id: string } }>(
      `SELECT actor, request_id, details FROM event_log WHERE action = 'JOB_RESCHEDULE_REQUESTED' AND target_id = $1`, [ids.create]);
    assert.deepEqual(ev.rows.map((r) => [r.actor, r.request_id, r.details.new_job_id]), [['alice', 'req-1', res.job_id]]);
    await assert.rejects(jobs.reschedule(bob, ids.create!), NotFoundError);
    await assert.rejects(jobs.cancel(alice, res.job_id), /cannot be cancelled/);
  });

  it('internal schedules keep admin changes across restarts; pause stops firing; run now enqueues at once', async () => {
    await registerSchedules(pg.db, INTERNAL_SCHEDULES);
    const sweeper = (await schedules.list()).find((s) => s.name === 'retention-sweeper')!;
    assert.equal(sweeper.kind, 'RETENTION_SWEEP');
    await schedules.update(admin, 'retention-sweeper', { intervalSeconds: 600 });
    await schedules.update(admin, 'retention-sweeper', { enabled: false });
    await registerSchedules(pg.db, INTERNAL_SCHEDULES); // a restart
    const after = (await schedules.list()).find((s) => s.name === 'retention-sweeper')!;
    assert.equal(after.interval_seconds, 600);
    assert.equal(after.enabled, false);
    await assert.rejects(schedules.update(admin, 'retention-sweeper', { intervalSeconds: 1 }), ValidationError);
    await assert.rejects(schedules.update(admin, 'nope', { enabled: true }), NotFoundError);

    const scheduler = createScheduler({ db: pg.db, queue, logger: createLogger('silent') }, { pollMs: 1_000 });
    await pg.db.query(`UPDATE schedules SET next_run_at = now() - INTERVAL '1 hour' WHERE name = 'retention-sweeper'`);
    assert.equal(await scheduler.tick(), 0, 'a paused schedule does not fire');
    await schedules.update(admin, 'retention-sweeper', { enabled: true });
    await pg.db.query(`UPDATE schedules SET next_run_at = now() - INTERVAL '1 hour' WHERE name = 'retention-sweeper'`);
    assert.equal(await scheduler.tick(), 1);
    assert.equal(await scheduler.tick(), 0, 'once per period');
    const fromTick = (await pg.db.query<{ job_id: string }>(`SELECT job_id FROM jobs WHERE schedule_name = 'retention-sweeper'`)).rows[0]!.job_id;
    await assert.rejects(schedules.runNow(admin, 'retention-sweeper'), (e: Error) => e instanceof ConflictError && e.message.includes(fromTick),
      'no manual run while the schedule’s job is queued');
    await pg.db.query(`UPDATE jobs SET status = 'SUCCEEDED', finished_at = now() WHERE job_id = $1`, [fromTick]);
    const { job_id } = await schedules.runNow(admin, 'retention-sweeper');
    const fired = await pg.db.query(`SELECT job_id FROM jobs WHERE schedule_name = 'retention-sweeper'`);
    assert.equal(fired.rows.length, 2);
    assert.ok(fired.rows.some((r) => r.job_id === job_id));
    const audit = await pg.db.query<{ action: string }>(`SELECT action FROM event_log WHERE target_type = 'schedule' ORDER BY ts`);
    assert.deepEqual(audit.rows.map((r) => r.action), ['SCHEDULE_UPDATED', 'SCHEDULE_UPDATED', 'SCHEDULE_UPDATED', 'SCHEDULE_RUN_REQUESTED']);
  });

  it('a FAILED job is rescheduled once: 10 concurrent requests make 1 job, the others get 409 naming it (issue 11)', async () => {
    const failed = await queue.transaction(async (tx) => (await queue.enqueue(tx, { kind: 'TEST_NOOP', payload: { once: true }, clusterId: 'alpha', createdBy: 'alice' })).jobId);
    await pg.db.query(`UPDATE jobs SET status = 'FAILED', finished_at = now() WHERE job_id = $1`, [failed]);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => jobs.reschedule(alice, failed)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 1, JSON.stringify(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))));
    const rerun = ok[0]!.value.job_id;
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.ok(r.reason instanceof ConflictError, String(r.reason));
        assert.match(r.reason.message, new RegExp(`already rescheduled as job ${rerun}`));
      }
    }
    const rows = await pg.db.query(`SELECT job_id FROM jobs WHERE rescheduled_from = $1`, [failed]);
    assert.equal(rows.rows.length, 1);
    await assert.rejects(jobs.reschedule(alice, failed), /already rescheduled/, 'and later ones too');
  });

  it('a schedule’s manual run: 10 concurrent requests start 1 job, the others get 409 (issue 11)', async () => {
    await pg.db.query(`INSERT INTO schedules (name, kind, payload, interval_seconds) VALUES ('burst', 'TEST_NOOP', '{}', 3600)`);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => schedules.runNow(admin, 'burst')));
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 1, JSON.stringify(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))));
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof ConflictError, String(r.reason));
    const rows = await pg.db.query(`SELECT job_id FROM jobs WHERE schedule_name = 'burst'`);
    assert.equal(rows.rows.length, 1);
  });

  it('the retention sweep deletes exactly what is past retention', async () => {
    await pg.db.query(`UPDATE settings SET value = '7' WHERE key = 'retention.jobs_days'`);
    await pg.db.query(`DELETE FROM jobs`);
    await pg.db.query(`DELETE FROM event_log`);
    const old = `now() - INTERVAL '400 days'`;
    await pg.db.query(`INSERT INTO jobs (kind, status, created_by, finished_at) VALUES
      ('TEST_NOOP', 'SUCCEEDED', 'x', now() - INTERVAL '8 days'), ('TEST_NOOP', 'FAILED', 'x', now() - INTERVAL '6 days'),
      ('TEST_NOOP', 'QUEUED', 'x', NULL)`);
    await pg.db.query(`INSERT INTO event_log (actor, action, ts) VALUES ('x', 'OLD', ${old}), ('x', 'NEW', now())`);
    await pg.db.query(`INSERT INTO alerts (fingerprint, status, alert_type, starts_at, ends_at) VALUES
      ('a1', 'resolved', 't', ${old}, ${old}), ('a2', 'firing', 't', ${old}, NULL), ('a3', 'resolved', 't', now(), now())`);
    await pg.db.query(`INSERT INTO sessions (session_hash, subject, username, csrf_token_hash, session_expires_at) VALUES
      ('s1', 'u', 'u', 'c', now() - INTERVAL '1 second'), ('s2', 'u', 'u', 'c', now() + INTERVAL '1 hour')`);
    await pg.db.query(`INSERT INTO api_key_signatures (access_key, signature, expires_at) VALUES ('k', 'old', now() - INTERVAL '1 minute'), ('k', 'new', now() + INTERVAL '1 minute')`);
    await insertTestCluster(pg.db, 'gone', 'team-a', 'DELETED');
    await pg.db.query(`UPDATE clusters SET deleted_at = now() - INTERVAL '100 days' WHERE cluster_id = 'gone'`);

    const worker = createWorker({ db: pg.db, registry, wake, logger: createLogger('silent') },
      { concurrency: 1, pollMs: 100, leaseMs: 10_000, shutdownTimeoutMs: 5_000, kinds: ['RETENTION_SWEEP'] });
    worker.start();
    try {
      const sweep = await queue.transaction((tx) => queue.enqueue(tx, { kind: 'RETENTION_SWEEP', payload: { batch_size: 1 }, createdBy: 'test' }));
      const done = await waitFor(
        async () => (await pg.db.query<{ status: string; result: { deleted: Record<string, number> } }>(`SELECT status, result FROM jobs WHERE job_id = $1`, [sweep.jobId])).rows[0]!,
        (j) => j.status === 'SUCCEEDED', 'the sweep to finish');
      assert.deepEqual(done.result.deleted, { jobs: 1, events: 1, alerts: 1, deleted_clusters: 1, sessions: 1, oidc_login_attempts: 0, api_key_signatures: 1 });
    } finally {
      await worker.stop();
    }
    const left = async (sql: string) => (await pg.db.query<{ k: string }>(sql)).rows.map((r) => r.k).sort();
    assert.deepEqual(await left(`SELECT status AS k FROM jobs WHERE kind = 'TEST_NOOP'`), ['FAILED', 'QUEUED']);
    assert.deepEqual(await left(`SELECT action AS k FROM event_log WHERE action IN ('OLD', 'NEW')`), ['NEW']);
    assert.deepEqual(await left(`SELECT fingerprint AS k FROM alerts`), ['a2', 'a3']);
    assert.deepEqual(await left(`SELECT session_hash AS k FROM sessions`), ['s2']);
    assert.deepEqual(await left(`SELECT signature AS k FROM api_key_signatures`), ['new']);
    assert.deepEqual(await left(`SELECT cluster_id AS k FROM clusters WHERE cluster_id = 'gone'`), []);
  });
});
