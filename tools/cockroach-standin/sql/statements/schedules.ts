// CREATE SCHEDULE [IF NOT EXISTS] [label] FOR BACKUP [targets] INTO 'uri' [WITH backup options] RECURRING 'cron'
//   [FULL BACKUP 'cron' | ALWAYS] [WITH SCHEDULE OPTIONS first_run = 'now', on_previous_running = …, …];
// SHOW [RUNNING | PAUSED] SCHEDULES, SHOW SCHEDULE <id>; PAUSE | RESUME | DROP SCHEDULE <id> | SCHEDULES <select>.
// Docs: src/current/v24.3/create-schedule-for-backup.md, show-schedules.md, pause-schedules.md, resume-schedules.md,
// drop-schedules.md. Schedules live in backup/schedules.ts; they fire when the node calls runDueSchedules.
import { controlSchedules, createBackupSchedule, showSchedules } from '../../backup/index.js';
import { resultOf } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import type { Cursor } from '../cursor.js';
import { SqlError } from '../engine.types.js';
import { applySplices } from '../rewrite.js';
import { unsupported } from '../unsupported.js';
import { backupTargets, boolOption, requireSimulatedStorage, storageUri, stringOption, withOptions, type OptionValue } from './backup-syntax.js';

const SCHEDULE_OPTIONS = ['first_run', 'on_execution_failure', 'on_previous_running', 'ignore_existing_backups', 'updates_cluster_last_backup_time_metric'];

const scheduleOptions = (c: Cursor): Map<string, OptionValue> => {
  const out = new Map<string, OptionValue>();
  if (!c.acceptWords('with', 'schedule', 'options')) return out;
  const paren = c.acceptPunct('(');
  do {
    const t = c.next();
    if (t.type !== 'word' || !SCHEDULE_OPTIONS.includes(t.value)) throw c.error(t);
    out.set(t.value, c.acceptPunct('=') ? c.settingValue() ?? '' : true);
  } while (c.acceptPunct(','));
  if (paren) c.expectPunct(')');
  return out;
};

const createSchedule = async (ctx: StatementContext, c: Cursor) => {
  const ifNotExists = c.acceptWords('if', 'not', 'exists');
  let label = 'BACKUP';
  if (!c.isWords('for')) label = c.roleName();
  else if (ifNotExists) throw new SqlError('42601', 'schedule label must be specified when using IF NOT EXISTS');
  c.expectWords('for', 'backup');
  const targets = await backupTargets(ctx, c);
  c.expectWords('into');
  const collection = storageUri(c);
  const opts = withOptions(c, ['revision_history', 'detached'], ['encryption_passphrase', 'kms', 'incremental_location', 'execution locality']);
  c.expectWords('recurring');
  const recurring = c.stringValue() ?? '';
  let fullBackup: string | null = null;
  if (c.acceptWords('full', 'backup')) fullBackup = c.acceptWords('always') ? 'ALWAYS' : c.stringValue();
  const so = scheduleOptions(c);
  c.end();
  await requireSimulatedStorage(ctx, collection);
  if (targets.kind === 'cluster') await ctx.requireAdminOr([], `user ${ctx.state.user} does not have BACKUP system privilege`);
  const rows = await createBackupSchedule(ctx.catalog, {
    label, ifNotExists, targets, collection, revisionHistory: boolOption(opts, 'revision_history'), recurring, fullBackup,
    firstRun: stringOption(so, 'first_run'), onPreviousRunning: stringOption(so, 'on_previous_running'),
    onExecutionFailure: stringOption(so, 'on_execution_failure'), ignoreExistingBackups: so.has('ignore_existing_backups'), owner: ctx.state.user,
  });
  return resultOf('CREATE SCHEDULE FOR BACKUP', rows);
};

/** `<id>` or a selection query whose first column holds ids; `WITH x AS (SHOW SCHEDULES) SELECT …` works too. */
const scheduleIds = async (ctx: StatementContext, c: Cursor): Promise<string[]> => {
  const t = c.peek();
  if (t?.type === 'number') { c.next(); c.end(); return [t.text]; }
  if (t?.type === 'string' || t?.type === 'param') { const v = c.stringValue() ?? ''; c.end(); return [v]; }
  if (!t) throw c.error();
  const start = t.start;
  const tokens = c.tokens.slice(c.position);
  // CockroachDB accepts SHOW as a CTE body; PostgreSQL needs the bracket form the virtual-table family understands.
  const splices: { start: number; end: number; text: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.text !== '(' || tokens[i + 1]?.value !== 'show') continue;
    let depth = 0;
    let k = i;
    for (; k < tokens.length; k++) {
      if (tokens[k]!.text === '(') depth++;
      else if (tokens[k]!.text === ')' && --depth === 0) break;
    }
    if (k >= tokens.length) throw c.error();
    splices.push({ start: tokens[i]!.start - start, end: tokens[k]!.end - start,
      text: `(SELECT * FROM [${c.sql.slice(tokens[i + 1]!.start, tokens[k]!.start)}])` });
    i = k;
  }
  let sql = applySplices(c.sql.slice(start), splices).trim();
  if (sql.startsWith('(') && sql.endsWith(')') && splices.length === 0) sql = sql.slice(1, -1);
  const r = await ctx.run(sql);
  return r.rows.map((row) => row[0]).filter((x): x is string => x !== null && x !== undefined);
};

const control = async (ctx: StatementContext, c: Cursor, verb: 'pause' | 'resume' | 'drop') => {
  if (!c.acceptWords('schedules')) c.expectWords('schedule');
  const ids = await scheduleIds(ctx, c);
  const n = await controlSchedules(ctx.catalog, verb, ids, { user: ctx.state.user, admin: await ctx.isAdmin() });
  return { fields: [], rows: [], command: `${verb.toUpperCase()} SCHEDULES ${n}` };
};

const show = async (ctx: StatementContext, c: Cursor) => {
  if (c.acceptWords('schedule')) {
    const t = c.next();
    const id = t.type === 'number' ? t.text : t.type === 'string' ? t.value : null;
    if (id === null) throw c.error(t);
    c.end();
    return resultOf('SHOW SCHEDULES', await showSchedules(ctx.catalog, { ids: [id] }));
  }
  const running = c.acceptWords('running');
  const paused = !running && c.acceptWords('paused');
  c.expectWords('schedules');
  if (!c.atEnd()) throw unsupported(ctx.sql);
  if (running) return resultOf('SHOW RUNNING SCHEDULES', await showSchedules(ctx.catalog, { running: true }));
  return resultOf('SHOW SCHEDULES', await showSchedules(ctx.catalog, paused ? { status: 'PAUSED' } : {}));
};

export const schedulesFamily: StatementFamily = {
  name: 'schedules',
  matches: (c) => c.isWords('create', 'schedule') || c.isWords('show', 'schedules') || c.isWords('show', 'schedule')
    || c.isWords('show', 'running', 'schedules') || c.isWords('show', 'paused', 'schedules')
    || ['pause', 'resume', 'drop'].some((v) => c.isWords(v, 'schedule') || c.isWords(v, 'schedules')),
  async run(ctx) {
    const c = ctx.cursor();
    if (c.acceptWords('create', 'schedule')) {
      // CREATE SCHEDULE FOR CHANGEFEED is not part of the backup room.
      const rest = c.tokens.slice(c.position).map((t) => t.value);
      const forAt = rest.indexOf('for');
      if (forAt < 0 || rest[forAt + 1] !== 'backup') throw unsupported(ctx.sql);
      return createSchedule(ctx, c);
    }
    if (c.acceptWords('show')) return show(ctx, c);
    const verb = c.next().value as 'pause' | 'resume' | 'drop';
    return control(ctx, c, verb);
  },
};
