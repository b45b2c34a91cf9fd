// Backup schedules (create-schedule-for-backup.md, show-schedules.md, pause-/resume-/drop-schedules.md). A schedule
// is a row in the catalog's standin.backup_schedules (this room creates the table). CREATE SCHEDULE makes a FULL
// schedule and, unless FULL BACKUP ALWAYS, an INCREMENTAL one that starts PAUSED ("Waiting for initial backup to
// complete") and is un-paused when the first full backup succeeds (the full schedule's `unpause_on_success`).
// Nothing fires by itself: the node process calls runDueSchedules(catalog, now) from its liveness loop; several
// nodes may call it at once, so due schedules are claimed with FOR UPDATE SKIP LOCKED.
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import { redactUri } from '../catalog/external-connections.js';
import { newJobId, TERMINAL_STATUSES } from '../catalog/jobs.js';
import { quoteLiteral } from '../catalog/pg-admin.js';
import { inTransaction } from '../catalog/tx.js';
import { SqlError } from '../sql/engine.types.js';
import { jsonText, timestamptzText } from '../sql/text.js';
import { readLatest } from './chain.js';
import { nextRun, periodMs } from './cron.js';
import { startBackup } from './jobs.js';
import type { BackupSpec, BackupTargets } from './spec.js';
import { withStorage } from './storage.js';

const DDL = `CREATE TABLE IF NOT EXISTS standin.backup_schedules (
  id INT8 PRIMARY KEY, label TEXT NOT NULL, schedule_status TEXT NOT NULL, next_run TIMESTAMPTZ, state TEXT,
  recurrence TEXT NOT NULL, owner TEXT NOT NULL, created TIMESTAMPTZ NOT NULL DEFAULT now(),
  on_previous_running TEXT NOT NULL, on_execution_failure TEXT NOT NULL, backup_type TEXT NOT NULL,
  spec JSONB NOT NULL, unpause_on_success INT8, dependent_id INT8)`;

const ensured = new WeakSet<object>();
const ensureTable = async (catalog: ClusterCatalog) => {
  if (ensured.has(catalog.db)) return;
  for (let attempt = 0; ; attempt++) {
    try { await catalog.db.query(DDL); break; } catch (err) {
      if (attempt >= 5 || !['23505', '42P07'].includes((err as { code?: string }).code ?? '')) throw err;
    }
  }
  ensured.add(catalog.db);
};

type Raw = { id: string; label: string; schedule_status: 'ACTIVE' | 'PAUSED'; next_run: Date | null; state: string | null; recurrence: string;
  owner: string; created: Date; on_previous_running: string; on_execution_failure: string; backup_type: 'FULL' | 'INCREMENTAL';
  spec: BackupSpec; unpause_on_success: string | null; dependent_id: string | null };

const targetsText = (t: BackupTargets): string => {
  if (t.kind === 'cluster') return '';
  if (t.kind === 'databases') return `DATABASE ${t.names.join(', ')} `;
  return `TABLE ${t.tables.map((x) => (x.schema === 'public' ? `${x.database}.${x.table}` : `${x.database}.${x.schema}.${x.table}`)).join(', ')} `;
};

/** The statement a schedule runs, as CREATE SCHEDULE and SHOW SCHEDULES print it (secrets redacted for SHOW). */
export const backupStatement = (spec: BackupSpec, o: { redact: boolean }): string => {
  const uri = quoteLiteral(o.redact ? redactUri(spec.collection) : spec.collection);
  const into = spec.appendTo === null ? `INTO ${uri}` : `INTO LATEST IN ${uri}`;
  return `BACKUP ${targetsText(spec.targets)}${into} WITH ${spec.revisionHistory ? 'revision_history, ' : ''}detached`;
};

export type CreateScheduleInput = {
  label: string; ifNotExists: boolean; targets: BackupTargets; collection: string; revisionHistory: boolean;
  /** A cron expression, 'ALWAYS' (full backups only), or null (the default cadence). */
  recurring: string; fullBackup: string | null; firstRun: string | null;
  onPreviousRunning: string | null; onExecutionFailure: string | null; ignoreExistingBackups: boolean; owner: string;
};

const WAIT: Record<string, string> = { wait: 'WAIT', start: 'NO_WAIT', skip: 'SKIP' };
const FAILURE: Record<string, string> = { reschedule: 'RETRY_SCHED', retry: 'RETRY_SOON', pause: 'PAUSE_SCHED' };

/** CREATE SCHEDULE FOR BACKUP: rows in the documented column order (incremental first, then full). */
export const createBackupSchedule = async (catalog: ClusterCatalog, i: CreateScheduleInput, now = new Date()): Promise<(string | null)[][]> => {
  await ensureTable(catalog);
  if (i.ifNotExists && (await catalog.db.query('SELECT 1 FROM standin.backup_schedules WHERE label = $1', [i.label])).rowCount) return [];
  const onPrev = WAIT[(i.onPreviousRunning ?? 'wait').toLowerCase()];
  const onFail = FAILURE[(i.onExecutionFailure ?? 'reschedule').toLowerCase()];
  if (!onPrev) throw new SqlError('22023', `on_previous_running option value must be one of [start skip wait], found ${i.onPreviousRunning}`);
  if (!onFail) throw new SqlError('22023', `on_execution_failure option value must be one of [pause reschedule retry], found ${i.onExecutionFailure}`);
  nextRun(i.recurring, now);
  let fullCron: string | null = i.fullBackup === 'ALWAYS' ? null : i.fullBackup;
  if (i.fullBackup === null) {
    const p = periodMs(i.recurring, now);
    fullCron = p <= 3600_000 ? '@daily' : p <= 86_400_000 ? '@weekly' : null;
  }
  if (fullCron !== null) nextRun(fullCron, now);
  if (!i.ignoreExistingBackups) {
    const exists = await withStorage(catalog, i.collection, async (s) => readLatest(s).then(() => true, (err: unknown) => {
      if ((err as { code?: string }).code === '58P01') return false;
      throw err;
    }));
    if (exists) {
      throw new SqlError('XXUUU', `backups already created in ${redactUri(i.collection)}; to ignore existing backups, the schedule can be created with the 'ignore_existing_backups' option`);
    }
  }
  let firstRun = i.firstRun === null ? null : i.firstRun.toLowerCase() === 'now' ? now : new Date(i.firstRun);
  if (firstRun && Number.isNaN(firstRun.getTime())) throw new SqlError('22007', `parsing as type timestamp: could not parse "${i.firstRun}"`);
  const fullSpec: BackupSpec = { targets: i.targets, collection: i.collection, appendTo: null, asOf: null, revisionHistory: i.revisionHistory };
  const incSpec: BackupSpec = { ...fullSpec, appendTo: 'LATEST' };
  const fullId = newJobId().toString();
  const incId = fullCron === null ? null : (BigInt(fullId) - 1n).toString();
  firstRun ??= nextRun(fullCron ?? i.recurring, now);
  const insert = (id: string, o: { status: string; nextRun: Date | null; state: string | null; recurrence: string; type: string; spec: BackupSpec;
    unpause: string | null; dependent: string | null; onPrev: string }) =>
    catalog.db.query(`INSERT INTO standin.backup_schedules (id, label, schedule_status, next_run, state, recurrence, owner, created,
       on_previous_running, on_execution_failure, backup_type, spec, unpause_on_success, dependent_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
    [id, i.label, o.status, o.nextRun, o.state, o.recurrence, i.owner, now, o.onPrev, onFail, o.type, JSON.stringify(o.spec), o.unpause, o.dependent]);
  const rows: (string | null)[][] = [];
  await insert(fullId, { status: 'ACTIVE', nextRun: firstRun, state: null, recurrence: fullCron ?? i.recurring, type: 'FULL', spec: fullSpec,
    unpause: incId, dependent: incId, onPrev });
  if (incId) {
    // Incremental schedules always wait for the previous run (create-schedule-for-backup.md "Incremental backup schedules").
    await insert(incId, { status: 'PAUSED', nextRun: null, state: 'Waiting for initial backup to complete', recurrence: i.recurring,
      type: 'INCREMENTAL', spec: incSpec, unpause: null, dependent: fullId, onPrev: 'WAIT' });
    rows.push([incId, i.label, 'PAUSED: Waiting for initial backup to complete', null, i.recurring, backupStatement(incSpec, { redact: false })]);
  }
  rows.push([fullId, i.label, 'ACTIVE', timestamptzText(firstRun), fullCron ?? i.recurring, backupStatement(fullSpec, { redact: false })]);
  return rows;
};

export type ScheduleFilter = { ids?: string[]; status?: 'ACTIVE' | 'PAUSED'; running?: boolean };

const runningCounts = async (catalog: ClusterCatalog): Promise<Map<string, number>> => {
  const r = await catalog.db.query<{ id: string; n: string }>(
    `SELECT payload->>'schedule_id' AS id, count(*) AS n FROM standin.jobs
      WHERE payload ? 'schedule_id' AND NOT (status = ANY($1::text[])) GROUP BY 1`, [TERMINAL_STATUSES]);
  return new Map(r.rows.map((x) => [x.id, Number(x.n)]));
};

/** SHOW [RUNNING | PAUSED] SCHEDULES, SHOW SCHEDULE <id>: rows in the documented order, sorted by creation time. */
export const showSchedules = async (catalog: ClusterCatalog, f: ScheduleFilter = {}): Promise<(string | null)[][]> => {
  await ensureTable(catalog);
  const r = await catalog.db.query<Raw>(`SELECT * FROM standin.backup_schedules
     WHERE ($1::int8[] IS NULL OR id = ANY($1::int8[])) AND ($2::text IS NULL OR schedule_status = $2) ORDER BY created, id`,
  [f.ids ?? null, f.status ?? null]);
  const running = await runningCounts(catalog);
  // SHOW RUNNING SCHEDULES lists the active ones (show-schedules.md "Show running schedules").
  return r.rows.filter((s) => !f.running || s.schedule_status === 'ACTIVE').map((s) => {
    const stmt = backupStatement(s.spec, { redact: true });
    const command: Record<string, unknown> = { backup_statement: stmt };
    if (s.backup_type === 'INCREMENTAL') command.backup_type = 1;
    if (s.unpause_on_success) command.unpause_on_success = Number(s.unpause_on_success);
    return [String(s.id), s.label, s.schedule_status, timestamptzText(s.next_run), s.state, s.recurrence, String(running.get(String(s.id)) ?? 0),
      s.owner, timestamptzText(s.created), s.on_previous_running, s.on_execution_failure, f.running ? stmt : jsonText(command)];
  });
};

const visibleIds = async (catalog: ClusterCatalog, ids: string[], user: string, admin: boolean): Promise<Raw[]> => {
  await ensureTable(catalog);
  const r = await catalog.db.query<Raw>('SELECT * FROM standin.backup_schedules WHERE id = ANY($1::int8[])', [ids.filter((x) => /^\d+$/.test(x))]);
  for (const s of r.rows) {
    if (!admin && s.owner !== user) throw new SqlError('42501', `only the owner of schedule ${s.id} or an admin may modify it`);
  }
  return r.rows;
};

/** PAUSE / RESUME / DROP SCHEDULE(S): how many schedules it touched (the command tag's count). */
export const controlSchedules = async (catalog: ClusterCatalog, verb: 'pause' | 'resume' | 'drop', ids: string[], who: { user: string; admin: boolean },
  now = new Date()): Promise<number> => {
  const found = await visibleIds(catalog, ids, who.user, who.admin);
  for (const s of found) {
    if (verb === 'pause') {
      await catalog.db.query(`UPDATE standin.backup_schedules SET schedule_status = 'PAUSED', next_run = NULL WHERE id = $1`, [s.id]);
    } else if (verb === 'resume') {
      await catalog.db.query(`UPDATE standin.backup_schedules SET schedule_status = 'ACTIVE', state = NULL, next_run = $2 WHERE id = $1`,
        [s.id, nextRun(s.recurrence, now)]);
    } else {
      // Dropping a full backup schedule drops its incremental schedule too (drop-schedules.md).
      await catalog.db.query('DELETE FROM standin.backup_schedules WHERE id = $1', [s.id]);
      if (s.backup_type === 'FULL' && s.dependent_id) await catalog.db.query('DELETE FROM standin.backup_schedules WHERE id = $1', [s.dependent_id]);
    }
  }
  return found.length;
};

const afterRun = async (catalog: ClusterCatalog, s: Raw, outcome: { ok: true } | { ok: false; error: string }) => {
  if (outcome.ok) {
    await catalog.db.query('UPDATE standin.backup_schedules SET state = NULL, unpause_on_success = NULL WHERE id = $1', [s.id]);
    if (s.unpause_on_success) {
      const dep = (await catalog.db.query<Raw>('SELECT * FROM standin.backup_schedules WHERE id = $1', [s.unpause_on_success])).rows[0];
      if (dep) {
        await catalog.db.query(`UPDATE standin.backup_schedules SET schedule_status = 'ACTIVE', state = NULL, next_run = $2 WHERE id = $1`,
          [dep.id, nextRun(dep.recurrence, new Date())]);
      }
    }
    return;
  }
  if (s.on_execution_failure === 'PAUSE_SCHED') {
    await catalog.db.query(`UPDATE standin.backup_schedules SET state = $2, schedule_status = 'PAUSED', next_run = NULL WHERE id = $1`, [s.id, outcome.error]);
  } else if (s.on_execution_failure === 'RETRY_SOON') {
    await catalog.db.query(`UPDATE standin.backup_schedules SET state = $2, next_run = now() + interval '1 minute' WHERE id = $1`, [s.id, outcome.error]);
  } else {
    await catalog.db.query('UPDATE standin.backup_schedules SET state = $2 WHERE id = $1', [s.id, outcome.error]);
  }
};

/**
 * Starts the backup of every ACTIVE schedule whose next_run is due at `now` (first_run = 'now' → due at once) as a
 * BACKUP job owned by the schedule's owner, and moves next_run to the schedule's next cron time. on_previous_running:
 * WAIT leaves a schedule due until its previous job is done, SKIP moves on without running, NO_WAIT runs anyway.
 * Returns the jobs it started; they run on in this process (SHOW JOB / SHOW JOBS WHEN COMPLETE see them).
 */
export const runDueSchedules = async (catalog: ClusterCatalog, now: Date = new Date(), o: { nodeId?: number } = {}):
Promise<{ scheduleId: string; jobId: string }[]> => {
  await ensureTable(catalog);
  const running = await runningCounts(catalog);
  const claimed = await inTransaction(catalog.db, async (tx) => {
    const due = (await tx.query<Raw>(`SELECT * FROM standin.backup_schedules WHERE schedule_status = 'ACTIVE' AND next_run <= $1
       ORDER BY next_run FOR UPDATE SKIP LOCKED`, [now])).rows;
    const out: { s: Raw; at: Date }[] = [];
    for (const s of due) {
      const busy = (running.get(String(s.id)) ?? 0) > 0;
      if (busy && s.on_previous_running === 'WAIT') continue;
      await tx.query('UPDATE standin.backup_schedules SET next_run = $2 WHERE id = $1', [s.id, nextRun(s.recurrence, now)]);
      if (busy && s.on_previous_running === 'SKIP') continue;
      out.push({ s, at: s.next_run! });
    }
    return out;
  });
  const nodes = await catalog.listNodes();
  const node = nodes.find((n) => n.nodeId === o.nodeId) ?? nodes.find((n) => n.isLive) ?? nodes[0];
  const started: { scheduleId: string; jobId: string }[] = [];
  for (const { s, at } of claimed) {
    const spec: BackupSpec = { ...s.spec, asOf: (at > now ? now : at).toISOString() };
    try {
      const job = await startBackup({ catalog, nodeId: node?.nodeId ?? null, buildTag: node?.buildTag ?? 'v24.1.0', user: s.owner }, spec, {
        description: backupStatement(s.spec, { redact: true }), detached: true, payload: { schedule_id: String(s.id) },
        onDone: (outcome) => afterRun(catalog, s, outcome),
      });
      started.push({ scheduleId: String(s.id), jobId: job.jobId });
    } catch (err) {
      await afterRun(catalog, s, { ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return started;
};
