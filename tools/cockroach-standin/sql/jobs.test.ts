// Jobs: src/current/v24.3/show-jobs.md, cancel-job.md, pause-job.md, resume-job.md; job API in catalog/jobs.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COLUMNS } from './columns.js';
import { names, objects, rejects, run, startCluster, type TestCluster } from './test-kit.js';

describe('jobs', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(); });
  after(async () => { await c.close(); });

  it('SHOW JOBS / SHOW JOB <id> columns; ids are large INT8s', async () => {
    const job = await c.catalog.jobs.createJob({ jobType: 'BACKUP', description: `BACKUP INTO 's3://b'`, userName: 'root', coordinatorId: 1 });
    assert.ok(BigInt(job.jobId) > 2n ** 50n);
    const s = await c.session();
    const r = await run(s, 'SHOW JOBS');
    assert.deepEqual(names(r), COLUMNS['SHOW JOBS'].columns.map(([n]) => n));
    assert.equal(r.fields[0]!.typeOid, 20);
    const one = await run(s, `SHOW JOB ${job.jobId}`);
    assert.deepEqual(names(one), COLUMNS['SHOW JOB <id>'].columns.map(([n]) => n));
    assert.deepEqual([objects(one)[0]!.status, objects(one)[0]!.fraction_completed], ['running', '0']);
    await c.catalog.jobs.updateProgress(job.jobId, 0.5);
    assert.equal(objects(await run(s, 'SHOW JOB $1', [job.jobId]))[0]!.fraction_completed, '0.5');
    const filtered = await run(s, `SELECT job_id, status FROM [SHOW JOBS] WHERE job_type = 'BACKUP'`);
    assert.deepEqual(filtered.rows, [[job.jobId, 'running']]);
  });

  it('SHOW JOBS WHEN COMPLETE blocks until the job is terminal', async () => {
    const job = await c.catalog.jobs.createJob({ jobType: 'RESTORE', description: 'RESTORE x', userName: 'root', coordinatorId: 1 });
    const s = await c.session();
    setTimeout(() => { void c.catalog.jobs.finishJob(job.jobId, { status: 'succeeded' }); }, 300);
    const t0 = Date.now();
    const r = await run(s, `SHOW JOBS WHEN COMPLETE (SELECT job_id FROM [SHOW JOBS] WHERE job_type = 'RESTORE')`);
    assert.ok(Date.now() - t0 >= 250);
    assert.deepEqual([objects(r)[0]!.status, objects(r)[0]!.fraction_completed], ['succeeded', '1']);
  });

  it('CANCEL JOB: runner-less jobs cancel at once, run jobs see cancel-requested; terminal jobs refuse', async () => {
    const s = await c.session();
    const orphan = await c.catalog.jobs.createJob({ jobType: 'IMPORT', description: 'IMPORT', userName: 'root' });
    assert.equal((await run(s, `CANCEL JOB ${orphan.jobId}`)).command, 'CANCEL JOBS 1');
    assert.equal((await c.catalog.jobs.get(orphan.jobId))!.status, 'canceled');
    const owned = await c.catalog.jobs.createJob({ jobType: 'BACKUP', description: 'BACKUP', userName: 'root', coordinatorId: 1 });
    await run(s, 'CANCEL JOB $1', [owned.jobId]);
    assert.equal(await c.catalog.jobs.observeControl(owned.jobId), 'cancel');
    await c.catalog.jobs.markCanceled(owned.jobId);
    await run(s, `CANCEL JOB ${owned.jobId}`); // already canceled: a no-op, as in CockroachDB
    const done = await c.catalog.jobs.createJob({ jobType: 'BACKUP', description: 'BACKUP', userName: 'root' });
    await c.catalog.jobs.finishJob(done.jobId, { status: 'succeeded' });
    await rejects(run(s, `CANCEL JOB ${done.jobId}`), 'XXUUU', /job with status succeeded cannot be requested to be canceled/);
    await rejects(run(s, 'CANCEL JOB 42'), '42704', /job with ID 42 does not exist/);
  });

  it('PAUSE and RESUME', async () => {
    const s = await c.session();
    const job = await c.catalog.jobs.createJob({ jobType: 'BACKUP', description: 'BACKUP', userName: 'root' });
    await run(s, `PAUSE JOB ${job.jobId}`);
    assert.equal((await c.catalog.jobs.get(job.jobId))!.status, 'paused');
    await run(s, `RESUME JOB ${job.jobId}`);
    assert.equal((await c.catalog.jobs.get(job.jobId))!.status, 'running');
    await c.catalog.jobs.finishJob(job.jobId, { status: 'failed', error: 'boom' });
    await rejects(run(s, `PAUSE JOB ${job.jobId}`), 'XXUUU');
    await rejects(run(s, `RESUME JOB ${job.jobId}`), 'XXUUU');
    assert.equal(objects(await run(s, `SHOW JOB ${job.jobId}`))[0]!.execution_errors, '{boom}');
  });

  it('non-admins see only their own jobs', async () => {
    const s = await c.session();
    await run(s, 'CREATE USER worker');
    await c.catalog.jobs.createJob({ jobType: 'IMPORT', description: 'mine', userName: 'worker' });
    const rows = objects(await run(await c.session('worker'), 'SHOW JOBS'));
    assert.deepEqual(rows.map((r) => r.description), ['mine']);
  });
});
