// SHOW JOBS, SHOW JOB <id>, SHOW JOB[S] WHEN COMPLETE <id|(SELECT …)>, SHOW JOBS (SELECT …), CANCEL/PAUSE/RESUME JOB[S].
// Docs: src/current/v24.3/show-jobs.md (+ releases/v24.1/v24.1.0-beta.1.md: statement/trace_id/execution_errors only
// for specific job ids), cancel-job.md, pause-job.md, resume-job.md. State transitions live in catalog/jobs.ts.
// Admins and CONTROLJOB holders see and control every job; other users only their own.
import type { JobRow } from '../../catalog/jobs.js';
import { resultOf } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import type { Cursor } from '../cursor.js';
import { SqlError } from '../engine.types.js';
import { arrayText, timestamptzText } from '../text.js';

const summary = (j: JobRow) => [j.jobId, j.jobType, j.description.slice(0, 100), j.userName, j.status, j.runningStatus,
  timestamptzText(j.created), timestamptzText(j.started), timestamptzText(j.finished), timestamptzText(j.modified),
  String(j.fractionCompleted), j.error, j.coordinatorId === null ? null : String(j.coordinatorId)];

export const jobDetailRow = (j: JobRow): (string | null)[] => {
  const s = summary(j);
  s[2] = j.description;
  return [...s.slice(0, 3), j.statement, ...s.slice(3), j.traceId, arrayText(j.executionErrors)];
};

/** `<id>`, `'<id>'`, `$1`, or `(SELECT …)` / `SELECT …` whose first column holds ids. */
const jobIds = async (ctx: StatementContext, c: Cursor): Promise<{ ids: string[]; many: boolean }> => {
  const t = c.peek();
  if (t?.type === 'number') { c.next(); return { ids: [t.text], many: false }; }
  if (t?.type === 'string' || t?.type === 'param') return { ids: [c.stringValue() ?? ''], many: false };
  if (!t) throw c.error();
  let sql = c.rest().trim();
  if (sql.startsWith('(') && sql.endsWith(')')) sql = sql.slice(1, -1);
  while (!c.atEnd()) c.next();
  const r = await ctx.run(sql);
  return { ids: r.rows.map((row) => row[0]).filter((x): x is string => x !== null && x !== undefined), many: true };
};

const seesAll = async (ctx: StatementContext) => (await ctx.isAdmin()) || (await ctx.catalog.roles.hasOption(ctx.state.user, 'CONTROLJOB'));

const visible = async (ctx: StatementContext, jobs: JobRow[]) => ((await seesAll(ctx)) ? jobs : jobs.filter((j) => j.userName === ctx.state.user));

const show = async (ctx: StatementContext, c: Cursor) => {
  const plural = c.acceptWords('jobs') || (c.expectWords('job'), false);
  const whenComplete = c.acceptWords('when', 'complete');
  if (plural && !whenComplete && c.atEnd()) {
    return resultOf('SHOW JOBS', (await visible(ctx, await ctx.catalog.jobs.list())).map(summary));
  }
  const { ids } = await jobIds(ctx, c);
  c.end();
  const rows: JobRow[] = [];
  for (const id of ids) {
    const job = whenComplete ? await ctx.catalog.jobs.waitForTerminal(id) : await ctx.catalog.jobs.get(id);
    if (job) rows.push(job);
  }
  return resultOf('SHOW JOB <id>', (await visible(ctx, rows)).map(jobDetailRow));
};

const control = async (ctx: StatementContext, c: Cursor, verb: 'cancel' | 'pause' | 'resume') => {
  if (!c.acceptWords('jobs')) c.expectWords('job');
  const { ids } = await jobIds(ctx, c);
  if (verb === 'pause' && c.acceptWords('with', 'reason')) { c.expectPunct('='); c.stringValue(); }
  c.end();
  const all = await seesAll(ctx);
  for (const id of ids) {
    const job = await ctx.catalog.jobs.get(id);
    if (job && !all && job.userName !== ctx.state.user) throw new SqlError('42501', `user ${ctx.state.user} does not have privileges for job ${id}`);
    if (verb === 'cancel') await ctx.catalog.jobs.requestCancel(id);
    else if (verb === 'pause') await ctx.catalog.jobs.requestPause(id);
    else await ctx.catalog.jobs.resume(id);
  }
  return { fields: [], rows: [], command: `${verb.toUpperCase()} JOBS ${ids.length}` };
};

export const jobsFamily: StatementFamily = {
  name: 'jobs',
  matches: (c) => c.isWords('show', 'jobs') || c.isWords('show', 'job')
    || ['cancel', 'pause', 'resume'].some((v) => c.isWords(v, 'job') || c.isWords(v, 'jobs')),
  async run(ctx) {
    const c = ctx.cursor();
    const verb = c.next().value;
    if (verb === 'show') return show(ctx, c);
    return control(ctx, c, verb as 'cancel' | 'pause' | 'resume');
  },
};
