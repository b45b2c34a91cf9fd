// Backup schedules: CREATE SCHEDULE FOR BACKUP, SHOW SCHEDULES, PAUSE/RESUME/DROP SCHEDULE(S), and runDueSchedules,
// which the node process calls from its liveness loop (called directly here). Doc pages in the test names.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { COLUMNS, type ShapeKey } from '../sql/columns.js';
import type { SqlSession } from '../sql/engine.types.js';
import { names, objects, rejects, run, startCluster, type TestCluster } from '../sql/test-kit.js';
import { runDueSchedules } from './index.js';
import { startTestS3, type TestS3 } from './test-s3.js';

const cols = (key: ShapeKey) => COLUMNS[key].columns.map(([n]) => n);

describe('backup room: schedules', () => {
  let s3: TestS3;
  let c: TestCluster;
  let root: SqlSession;
  let uri = '';
  let n = 0;
  before(async () => { s3 = await startTestS3(); });
  after(async () => { await s3.close(); });
  beforeEach(async () => {
    c = await startCluster();
    root = await c.session();
    await run(root, 'CREATE DATABASE movr');
    const m = await c.session('root', 'movr');
    await run(m, 'CREATE TABLE rides (id int PRIMARY KEY, city text)');
    await run(m, `INSERT INTO rides VALUES (1, 'rome'), (2, 'oslo')`);
    uri = s3.uri(`schedules-${++n}-${c.key}`);
  });
  afterEach(async () => { await c.close(); });

  it('CREATE SCHEDULE … RECURRING @hourly: two rows, incremental PAUSED + full ACTIVE @daily (create-schedule-for-backup.md)', async () => {
    const r = await run(root, `CREATE SCHEDULE hourly FOR BACKUP DATABASE movr INTO '${uri}' WITH revision_history RECURRING '@hourly'`);
    assert.deepEqual(names(r), cols('CREATE SCHEDULE FOR BACKUP'));
    const [inc, full] = objects(r);
    assert.deepEqual([inc!.label, inc!.status, inc!.first_run, inc!.schedule], ['hourly', 'PAUSED: Waiting for initial backup to complete', null, '@hourly']);
    assert.equal(inc!.backup_stmt, `BACKUP DATABASE movr INTO LATEST IN '${uri}' WITH revision_history, detached`);
    assert.deepEqual([full!.status, full!.schedule], ['ACTIVE', '@daily']);
    assert.equal(full!.backup_stmt, `BACKUP DATABASE movr INTO '${uri}' WITH revision_history, detached`);
    assert.ok(full!.first_run);
    const always = await run(root, `CREATE SCHEDULE nightly FOR BACKUP INTO '${s3.uri(`always-${c.key}`)}' RECURRING '@daily' FULL BACKUP ALWAYS`);
    assert.deepEqual(objects(always).map((x) => [x.status, x.schedule]), [['ACTIVE', '@daily']]);
    const weekly = await run(root, `CREATE SCHEDULE d FOR BACKUP INTO '${s3.uri(`weekly-${c.key}`)}' RECURRING '1 0 * * *'`);
    assert.deepEqual(objects(weekly).map((x) => x.schedule), ['1 0 * * *', '@weekly']);
    assert.equal((await run(root, `CREATE SCHEDULE IF NOT EXISTS hourly FOR BACKUP INTO '${uri}' RECURRING '@hourly'`)).rows.length, 0);
    await rejects(run(root, `CREATE SCHEDULE bad FOR BACKUP INTO '${uri}' RECURRING 'every day'`), '22023', /cron/);
  });

  it('SHOW SCHEDULES: documented columns, WAIT / RETRY_SCHED defaults, redacted command JSON (show-schedules.md)', async () => {
    await run(root, `CREATE SCHEDULE hourly FOR BACKUP DATABASE movr INTO '${uri}' RECURRING '@hourly'`);
    const r = await run(root, 'SHOW SCHEDULES');
    assert.deepEqual(names(r), cols('SHOW SCHEDULES'));
    const rows = objects(r);
    assert.equal(rows.length, 2);
    const inc = rows.find((x) => x.schedule_status === 'PAUSED')!;
    const full = rows.find((x) => x.schedule_status === 'ACTIVE')!;
    assert.deepEqual([inc.state, inc.next_run, inc.recurrence, inc.jobsrunning, inc.owner], ['Waiting for initial backup to complete', null, '@hourly', '0', 'root']);
    assert.deepEqual([full.on_previous_running, full.on_execution_failure], ['WAIT', 'RETRY_SCHED']);
    const command = JSON.parse(inc.command!) as { backup_statement: string; backup_type?: number };
    assert.equal(command.backup_type, 1);
    assert.match(command.backup_statement, /AWS_SECRET_ACCESS_KEY=redacted/);
    assert.equal((JSON.parse(full.command!) as { unpause_on_success?: number }).unpause_on_success, Number(inc.id));
    assert.deepEqual(objects(await run(root, `SHOW SCHEDULE ${full.id}`)).map((x) => x.id), [full.id]);
    assert.deepEqual(objects(await run(root, 'SHOW PAUSED SCHEDULES')).map((x) => x.id), [inc.id]);
    const running = await run(root, 'SHOW RUNNING SCHEDULES');
    assert.deepEqual(names(running), cols('SHOW RUNNING SCHEDULES'));
    assert.match(objects(running)[0]!.command!, /^BACKUP DATABASE movr INTO 's3:/);
  });

  it('first_run = now fires at once through runDueSchedules; the full backup un-pauses the incremental schedule, which then appends (manage-a-backup-schedule.md)', async () => {
    await run(root, `CREATE SCHEDULE s FOR BACKUP DATABASE movr INTO '${uri}' RECURRING '@hourly' WITH SCHEDULE OPTIONS first_run = 'now'`);
    const started = await runDueSchedules(c.catalog, new Date());
    assert.equal(started.length, 1);
    const job = objects(await run(root, `SHOW JOB WHEN COMPLETE ${started[0]!.jobId}`))[0]!;
    assert.deepEqual([job.job_type, job.status, job.user_name], ['BACKUP', 'succeeded', 'root']);
    assert.equal((await run(root, `SHOW BACKUPS IN '${uri}'`)).rows.length, 1);
    const sched = objects(await run(root, 'SHOW SCHEDULES'));
    const inc = sched.find((x) => x.recurrence === '@hourly')!;
    const full = sched.find((x) => x.recurrence === '@daily')!;
    assert.deepEqual([inc.schedule_status, inc.state], ['ACTIVE', null]);
    assert.ok(inc.next_run);
    assert.ok(new Date(full.next_run!.replace(' ', 'T')) > new Date());
    assert.equal((JSON.parse(full.command!) as { unpause_on_success?: number }).unpause_on_success, undefined);
    assert.deepEqual(await runDueSchedules(c.catalog, new Date()), []); // nothing due now

    await run(await c.session('root', 'movr'), `INSERT INTO rides VALUES (3, 'lima')`);
    const at = new Date(Date.now() + 2 * 3600_000);
    const fullDue = new Date(full.next_run!.replace(' ', 'T')) <= at; // @daily may fall within the next two hours
    const later = await runDueSchedules(c.catalog, at);
    assert.deepEqual(later.map((x) => x.scheduleId).sort(), (fullDue ? [full.id, inc.id] : [inc.id]).sort());
    for (const x of later) assert.equal(objects(await run(root, `SHOW JOB WHEN COMPLETE ${x.jobId}`))[0]!.status, 'succeeded');
    assert.equal((await run(root, `SHOW BACKUPS IN '${uri}'`)).rows.length, fullDue ? 2 : 1);
    if (!fullDue) {
      const layers = objects(await run(root, `SHOW BACKUP FROM LATEST IN '${uri}'`)).filter((x) => x.object_name === 'rides');
      assert.deepEqual(layers.map((x) => [x.backup_type, x.rows]), [['full', '2'], ['incremental', '3']]);
    }
  });

  it('PAUSE / RESUME / DROP SCHEDULE(S): command tags, next_run cleared and recomputed, DROP takes the incremental along (pause-schedules.md, resume-schedules.md, drop-schedules.md)', async () => {
    await run(root, `CREATE SCHEDULE s FOR BACKUP DATABASE movr INTO '${uri}' RECURRING '@hourly' WITH SCHEDULE OPTIONS first_run = 'now'`);
    const full = objects(await run(root, 'SHOW SCHEDULES')).find((x) => x.schedule_status === 'ACTIVE')!;
    const paused = await run(root, `PAUSE SCHEDULE ${full.id}`);
    assert.equal(paused.command, 'PAUSE SCHEDULES 1');
    const p = objects(await run(root, `SHOW SCHEDULE ${full.id}`))[0]!;
    assert.deepEqual([p.schedule_status, p.next_run], ['PAUSED', null]);
    assert.deepEqual(await runDueSchedules(c.catalog, new Date(Date.now() + 86_400_000 * 3)), []);
    assert.equal((await run(root, `RESUME SCHEDULES WITH x AS (SHOW SCHEDULES) SELECT id FROM x WHERE label = 's'`)).command, 'RESUME SCHEDULES 2');
    const resumed = objects(await run(root, `SHOW SCHEDULE ${full.id}`))[0]!;
    assert.equal(resumed.schedule_status, 'ACTIVE');
    assert.ok(resumed.next_run);
    assert.equal((await run(root, `DROP SCHEDULE ${full.id}`)).command, 'DROP SCHEDULES 1');
    assert.deepEqual((await run(root, 'SHOW SCHEDULES')).rows, []);
  });

  it('a schedule over a collection that already has backups needs ignore_existing_backups; bad credentials fail at CREATE (create-schedule-for-backup.md)', async () => {
    await run(root, `BACKUP DATABASE movr INTO '${uri}'`);
    await rejects(run(root, `CREATE SCHEDULE s FOR BACKUP DATABASE movr INTO '${uri}' RECURRING '@daily'`), 'XXUUU', /ignore_existing_backups/);
    const r = await run(root, `CREATE SCHEDULE s FOR BACKUP DATABASE movr INTO '${uri}' RECURRING '@daily' WITH SCHEDULE OPTIONS ignore_existing_backups`);
    assert.equal(r.rows.length, 2);
    await rejects(run(root, `CREATE SCHEDULE t FOR BACKUP DATABASE movr INTO '${s3.uri('x', { key: 'WRONG' })}' RECURRING '@daily'`), '58030', /InvalidAccessKeyId/);
  });
});
