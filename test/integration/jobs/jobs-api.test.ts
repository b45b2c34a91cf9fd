// The job and schedule HTTP API through the real app and signed API-key requests: happy paths, validation, and
// authorization (roles from the route table, visibility by cluster group).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ROUTE_TABLE } from '../../../src/auth/route-table.js';
import { claimJobs } from '../../../src/repositories/jobs.repository.js';
import { appendTask } from '../../../src/repositories/job-tasks.repository.js';
import { buildTestApp } from '../../helpers/app.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { insertTestCluster } from '../../helpers/job-kinds.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';

describe('job API', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let admin: TestApiKey;
  let userA: TestApiKey;
  let viewerA: TestApiKey;
  let userB: TestApiKey;
  const ids: Record<string, string> = {};

  before(async () => {
    pg = await createMigratedPg('jobs_api');
    const built = await buildTestApp(pg.db);
    app = built.app;
    admin = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_ADMIN'] });
    userA = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_USER'], groups: ['team-a'] });
    viewerA = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_READONLY'], groups: ['team-a'] });
    userB = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_USER'], groups: ['team-b'] });
    await insertTestCluster(pg.db, 'alpha', 'team-a');
    // Jobs of a kind this app registers (RETENTION_SWEEP), linked to a cluster for visibility.
    const insert = async (clusterId: string | null, status = 'QUEUED') =>
      (await pg.db.query<{ job_id: string }>(
        `INSERT INTO jobs (kind, payload, cluster_id, status, created_by, finished_at)
         VALUES ('RETENTION_SWEEP', '{"batch_size": 5, "api_token": "t0p"}', $1, $2, 'alice', CASE WHEN $2 = 'QUEUED' THEN NULL ELSE now() END)
         RETURNING job_id`, [clusterId, status])).rows[0]!.job_id;
    ids.queued = await insert('alpha');
    ids.failed = await insert('alpha', 'FAILED');
    ids.system = await insert(null);
    ids.running = await insert('alpha');
    // Claim order is (priority DESC, run_at): the oldest run_at is claimed first.
    await pg.db.query(`UPDATE jobs SET run_at = now() - INTERVAL '1 hour' WHERE job_id = $1`, [ids.running]);
    const [claimed] = await claimJobs(pg.db, { owner: 'w', leaseMs: 60_000, kinds: ['RETENTION_SWEEP'], limit: 1 });
    assert.equal(claimed!.jobId, ids.running);
    for (const name of ['one', 'two']) await appendTask(pg.db, { jobId: ids.running, name }, claimed!.leaseOwner);
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  describe('happy', () => {
    it('lists visible jobs with redacted payloads and pages by cursor', async () => {
      const res = await signedInject(app, viewerA, { url: '/api/jobs?limit=2' });
      assert.equal(res.statusCode, 200);
      const body = res.json<{ items: { job_id: string; cluster_id: string; payload: Record<string, unknown> }[]; next_cursor: string | null }>();
      assert.equal(body.items.length, 2);
      assert.ok(body.items.every((j) => j.cluster_id === 'alpha'));
      assert.equal(body.items[0]!.payload.api_token, '[redacted]');
      assert.equal(body.items[0]!.payload.batch_size, 5);
      const next = await signedInject(app, viewerA, { url: `/api/jobs?limit=2&cursor=${body.next_cursor}` });
      const rest = next.json<{ items: { job_id: string }[]; next_cursor: string | null }>();
      const all = [...body.items, ...rest.items].map((j) => j.job_id);
      assert.equal(new Set(all).size, all.length);
      assert.equal(all.length, 3);
      assert.ok(!all.includes(ids.system!), 'jobs without a cluster are admin-only');
      assert.equal(rest.next_cursor, null);
    });

    it('GET /api/clusters/:cluster_id/jobs pages by cursor, keeping cluster_id and items (issue 11)', async () => {
      type Page = { cluster_id: string; items: { job_id: string }[]; next_cursor: string | null };
      const first = await signedInject(app, viewerA, { url: '/api/clusters/alpha/jobs?limit=2' });
      assert.equal(first.statusCode, 200, first.body);
      const p1 = first.json<Page>();
      assert.equal(p1.cluster_id, 'alpha');
      assert.equal(p1.items.length, 2);
      assert.ok(p1.next_cursor);
      const seen = p1.items.map((j) => j.job_id);
      let cursor: string | null = p1.next_cursor;
      while (cursor) {
        const page: Page = (await signedInject(app, viewerA, { url: `/api/clusters/alpha/jobs?limit=2&cursor=${cursor}` })).json<Page>();
        seen.push(...page.items.map((j) => j.job_id));
        cursor = page.next_cursor;
      }
      const all = (await signedInject(app, viewerA, { url: '/api/clusters/alpha/jobs' })).json<Page>();
      assert.equal(all.next_cursor, null);
      assert.deepEqual(seen, all.items.map((j) => j.job_id), 'the pages walk the same list, newest first, each job once');
      assert.equal((await signedInject(app, viewerA, { url: '/api/clusters/alpha/jobs?cursor=bm9wZQ' })).statusCode, 400);
      assert.equal((await signedInject(app, viewerA, { url: '/api/clusters/alpha/jobs?limit=501' })).statusCode, 400);
    });

    it('filters by status and kind', async () => {
      const res = await signedInject(app, admin, { url: '/api/jobs?status=FAILED,CANCELLED&kind=RETENTION_SWEEP' });
      assert.deepEqual(res.json<{ items: { job_id: string }[] }>().items.map((j) => j.job_id), [ids.failed]);
    });

    it('stats count visible jobs by status', async () => {
      const res = await signedInject(app, userB, { url: '/api/jobs/stats' });
      assert.deepEqual(res.json(), { total: 0, queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 });
      const a = (await signedInject(app, admin, { url: '/api/jobs/stats' })).json<{ total: number; running: number }>();
      assert.equal(a.total, 4);
      assert.equal(a.running, 1);
    });

    it('detail shows kind, attempts, lease owner, linked cluster and tasks; after_seq returns only newer rows', async () => {
      const res = await signedInject(app, viewerA, { url: `/api/jobs/${ids.running}` });
      assert.equal(res.statusCode, 200);
      const d = res.json<{ job: Record<string, unknown>; tasks: { seq: number; name: string }[]; last_seq: number }>();
      assert.equal(d.job.kind, 'RETENTION_SWEEP');
      assert.equal(d.job.attempts, 1);
      assert.equal(d.job.cluster_id, 'alpha');
      assert.match(String(d.job.lease_owner), /^w:1$/);
      assert.deepEqual(d.tasks.map((t) => t.name), ['one', 'two']);
      const newer = await signedInject(app, viewerA, { url: `/api/jobs/${ids.running}?after_seq=${d.tasks[0]!.seq}` });
      assert.deepEqual(newer.json<{ tasks: { name: string }[] }>().tasks.map((t) => t.name), ['two']);
    });

    it('reschedules a failed job (201) and cancels a queued one (202)', async () => {
      const res = await signedInject(app, userA, { method: 'POST', url: `/api/jobs/${ids.failed}/reschedule` });
      assert.equal(res.statusCode, 201);
      assert.equal(res.json<{ rescheduled_from: string }>().rescheduled_from, ids.failed);
      const c = await signedInject(app, userA, { method: 'POST', url: `/api/jobs/${ids.queued}/cancel` });
      assert.equal(c.statusCode, 202);
      assert.deepEqual(c.json(), { job_id: ids.queued, status: 'CANCELLED' });
      const r = await signedInject(app, userA, { method: 'POST', url: `/api/jobs/${ids.running}/cancel` });
      assert.deepEqual(r.json(), { job_id: ids.running, status: 'CANCEL_REQUESTED' });
    });

    it('admins list, change, pause and run schedules', async () => {
      await pg.db.query(`INSERT INTO schedules (name, kind, payload, interval_seconds) VALUES ('sweep', 'RETENTION_SWEEP', '{}', 3600)`);
      const list = await signedInject(app, admin, { url: '/api/admin/schedules' });
      assert.deepEqual(list.json<{ items: { name: string }[] }>().items.map((s) => s.name), ['sweep']);
      const patched = await signedInject(app, admin, { method: 'PATCH', url: '/api/admin/schedules/sweep', payload: { interval_seconds: 60, enabled: false } });
      assert.equal(patched.statusCode, 200);
      assert.deepEqual([patched.json<{ interval_seconds: number }>().interval_seconds, patched.json<{ enabled: boolean }>().enabled], [60, false]);
      const run = await signedInject(app, admin, { method: 'POST', url: '/api/admin/schedules/sweep/run' });
      assert.equal(run.statusCode, 202);
      const job = await pg.db.query(`SELECT 1 FROM jobs WHERE job_id = $1 AND schedule_name = 'sweep'`, [run.json<{ job_id: string }>().job_id]);
      assert.equal(job.rows.length, 1);
    });
  });

  describe('validation', () => {
    it('rejects bad filters, cursors and bodies with 400; rescheduling an active job is 409', async () => {
      assert.equal((await signedInject(app, admin, { url: '/api/jobs?status=DONE' })).statusCode, 400);
      assert.equal((await signedInject(app, admin, { url: '/api/jobs?limit=501' })).statusCode, 400);
      assert.equal((await signedInject(app, admin, { url: '/api/jobs?cursor=nope' })).statusCode, 400);
      assert.equal((await signedInject(app, admin, { url: `/api/jobs/${ids.running}?after_seq=-1` })).statusCode, 400);
      assert.equal((await signedInject(app, admin, { method: 'PATCH', url: '/api/admin/schedules/sweep', payload: {} })).statusCode, 400);
      assert.equal((await signedInject(app, admin, { method: 'PATCH', url: '/api/admin/schedules/sweep', payload: { interval_seconds: 1 } })).statusCode, 400);
      const conflict = await signedInject(app, admin, { method: 'POST', url: `/api/jobs/${ids.running}/reschedule` });
      assert.equal(conflict.statusCode, 409);
      assert.equal(conflict.json<{ error: { code: string } }>().error.code, 'CONFLICT');
      assert.equal((await signedInject(app, admin, { url: '/api/jobs/00000000-0000-0000-0000-000000000000' })).statusCode, 404);
      assert.equal((await signedInject(app, admin, { method: 'PATCH', url: '/api/admin/schedules/nope', payload: { enabled: true } })).statusCode, 404);
    });
  });

  describe('authz', () => {
    const below: Record<string, TestApiKey | undefined> = {};
    before(() => {
      below.CP_USER = viewerA;
      below.CP_ADMIN = userA;
    });
    const routes = Object.entries(ROUTE_TABLE).filter(([k]) => / \/api\/(jobs|admin\/schedules)/.test(k));
    it('every job route exists in the route table and needs a role', () => {
      assert.equal(routes.length, 8);
      assert.ok(routes.every(([, rule]) => rule.access.startsWith('CP_')));
    });
    for (const [key, rule] of routes) {
      it(`${key}: 401 without credentials, 403 one role below ${rule.access}`, async () => {
        const [method, path] = key.split(' ') as [string, string];
        const url = path.replace(':job_id', ids.failed ?? '').replace(':name', 'sweep');
        const payload = method === 'PATCH' ? { enabled: true } : undefined;
        const anon = await app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });
        assert.equal(anon.statusCode, 401);
        const lower = below[rule.access];
        if (lower) assert.equal((await signedInject(app, lower, { method: method, url, payload })).statusCode, 403);
      });
    }
    it('jobs of clusters outside the caller’s groups are 404, like missing ones', async () => {
      assert.equal((await signedInject(app, userB, { url: `/api/jobs/${ids.running}` })).statusCode, 404);
      assert.equal((await signedInject(app, userB, { method: 'POST', url: `/api/jobs/${ids.running}/cancel` })).statusCode, 404);
      assert.equal((await signedInject(app, userA, { url: `/api/jobs/${ids.system}` })).statusCode, 404);
    });
  });
});
