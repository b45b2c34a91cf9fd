// cpctl jobs …: the job queue as the API shows it (/api/jobs): list, details, task logs (followed with -f), cancel
// and reschedule.
import type { ApiResponse } from '../../api-client/client.js';
import { defineCommand, WAIT_OPTIONS, type Command } from '../lib/command.js';
import { EXIT, UsageError } from '../lib/errors.js';
import { positiveInt } from '../lib/input.js';
import { printList, printObject, printResult, serialise, when, type Column } from '../lib/output.js';
import { afterJobStarted, pollMs } from '../lib/started.js';
import { followJob, formatTask, parseDuration, waitChoice, withInterrupt } from '../lib/wait.js';

type JobRow = ApiResponse<'/api/jobs', 'get'>['items'][number];

const COLUMNS: Column<JobRow>[] = [
  { header: 'JOB', value: (j) => j.job_id },
  { header: 'KIND', value: (j) => j.kind },
  { header: 'STATUS', value: (j) => j.status },
  { header: 'CLUSTER', value: (j) => j.cluster_id },
  { header: 'CREATED', value: (j) => when(j.created_at) },
  { header: 'BY', value: (j) => j.created_by },
  { header: 'ERROR', value: (j) => j.error },
];

const JOB = '<job_id>';

export const jobCommands: Command[] = [
  defineCommand({
    path: ['jobs', 'list'],
    summary: 'List jobs (newest first) of the clusters you can see.',
    options: {
      status: { type: 'string', placeholder: 'STATUS', choices: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'], description: 'Only jobs in this status' },
      kind: { type: 'string', placeholder: 'KIND', description: 'Only jobs of this kind, e.g. CREATE_CLUSTER' },
      cluster: { type: 'string', placeholder: 'NAME', description: 'Only jobs of this cluster' },
      'created-by': { type: 'string', placeholder: 'ACTOR', description: 'Only jobs enqueued by this actor' },
      since: { type: 'string', placeholder: 'TIME', description: 'Created at or after this ISO-8601 time' },
      limit: { type: 'string', placeholder: 'N', description: 'At most N jobs (default 50)' },
    },
    examples: ['cpctl jobs list --status RUNNING', 'cpctl jobs list --cluster orders-prod --limit 10 -o json'],
    run: async (ctx, { values }) => {
      const limit = values.limit ? positiveInt('--limit', values.limit) : 50;
      const client = await ctx.client();
      const rows: JobRow[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.GET('/api/jobs', {
          query: {
            ...(values.status ? { status: values.status } : {}),
            ...(values.kind ? { kind: values.kind } : {}),
            ...(values.cluster ? { cluster_id: values.cluster } : {}),
            ...(values['created-by'] ? { created_by: values['created-by'] } : {}),
            ...(values.since ? { created_after: values.since } : {}),
            limit: Math.min(500, limit - rows.length),
            ...(cursor ? { cursor } : {}),
          },
        });
        rows.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && rows.length < limit);
      printList(ctx, rows, { columns: COLUMNS, id: (j) => j.job_id, empty: 'No jobs.' });
    },
  }),
  defineCommand({
    path: ['jobs', 'get'],
    summary: 'Show one job: kind, status, attempts, times, payload and result (secrets redacted).',
    args: JOB,
    arity: [1, 1],
    examples: ['cpctl jobs get 0193c7a2-…', 'cpctl jobs get 0193c7a2-… -o json | jq .job.status'],
    run: async (ctx, { args }) => {
      const r = await (await ctx.client()).GET('/api/jobs/{job_id}', { path: { job_id: args[0]! } });
      if (ctx.format !== 'table' && !ctx.quiet) return ctx.out(serialise(ctx, r));
      printObject(ctx, r.job, {
        id: (j) => j.job_id,
        fields: [
          ['job', (j) => j.job_id],
          ['kind', (j) => j.kind],
          ['status', (j) => (j.cancel_requested_at && j.status === 'RUNNING' ? 'RUNNING (cancel requested)' : j.status)],
          ['cluster', (j) => j.cluster_id],
          ['attempts', (j) => `${j.attempts} of ${j.max_attempts}`],
          ['created', (j) => `${when(j.created_at)} by ${j.created_by}`],
          ['started', (j) => when(j.started_at ?? undefined)],
          ['finished', (j) => when(j.finished_at ?? undefined)],
          ['error', (j) => j.error],
          ['schedule', (j) => j.schedule_name],
          ['rescheduled from', (j) => j.rescheduled_from],
          ['payload', (j) => j.payload],
          ['result', (j) => j.result],
          ['task rows', () => r.last_seq],
        ],
      });
    },
  }),
  defineCommand({
    path: ['jobs', 'logs'],
    summary: 'Print the task lines of a job (Ansible tasks, steps); -f follows a running job until it ends.',
    args: JOB,
    arity: [1, 1],
    options: {
      follow: { type: 'boolean', short: 'f', description: 'Keep printing new lines until the job ends; exit code 0 succeeded, 1 failed, 3 cancelled, 4 timed out' },
      after: { type: 'string', placeholder: 'SEQ', description: 'Only lines after this sequence number' },
      timeout: { type: 'string', placeholder: 'DURATION', description: 'With -f: give up after this long (default 2h); the job keeps running' },
    },
    details: 'Lines go to stdout, the spinner and status changes to stderr (only on a terminal), so "cpctl jobs logs -f ID > job.log" keeps a clean log.',
    examples: ['cpctl jobs logs 0193c7a2-…', 'cpctl jobs logs -f 0193c7a2-…'],
    run: async (ctx, { values, args }) => {
      const id = args[0]!;
      const after = values.after ? Number(values.after) : 0;
      if (!Number.isInteger(after) || after < 0) throw new UsageError(`--after must be a sequence number (got "${values.after}")`);
      if (values.timeout && !values.follow) throw new UsageError('--timeout needs --follow');
      const timeoutMs = values.timeout ? parseDuration('--timeout', values.timeout) : undefined;
      const client = await ctx.client();
      if (!values.follow) {
        let seq = after;
        const tasks = [];
        for (;;) {
          const r = await client.GET('/api/jobs/{job_id}', { path: { job_id: id }, query: { after_seq: seq } });
          tasks.push(...r.tasks);
          if (r.tasks.length < 1000 || r.last_seq <= seq) break;
          seq = r.last_seq;
        }
        if (ctx.format !== 'table') return ctx.out(serialise(ctx, tasks));
        for (const t of tasks) ctx.out(formatTask(t));
        return;
      }
      const r = await withInterrupt((signal) =>
        followJob(client, id, { lines: ctx.stdout, status: ctx.stderr, showTasks: true, afterSeq: after, signal, pollMs: pollMs(ctx), ...(timeoutMs ? { timeoutMs } : {}) }),
      );
      ctx.stderr.write(`${r.message}\n`);
      return r.exitCode;
    },
  }),
  defineCommand({
    path: ['jobs', 'cancel'],
    summary: 'Cancel a queued or running job (a running job stops at its next safe point; the cluster returns to its status before).',
    args: JOB,
    arity: [1, 1],
    options: { wait: WAIT_OPTIONS.wait, timeout: WAIT_OPTIONS.timeout },
    examples: ['cpctl jobs cancel 0193c7a2-…', 'cpctl jobs cancel 0193c7a2-… --wait'],
    run: async (ctx, { values, args }) => {
      const choice = waitChoice(values);
      const r = await (await ctx.client()).POST('/api/jobs/{job_id}/cancel', { path: { job_id: args[0]! } });
      if (!choice.wait) return printResult(ctx, r, r.status === 'CANCELLED' ? `Job ${r.job_id} cancelled.` : `Cancel of job ${r.job_id} requested; it stops at its next safe point.`, r.job_id);
      return afterJobStarted(ctx, r, `Cancelling job ${r.job_id}`, choice);
    },
  }),
  defineCommand({
    path: ['jobs', 'reschedule'],
    summary: 'Run a failed or cancelled job again (a new job with the same payload).',
    args: JOB,
    arity: [1, 1],
    options: { ...WAIT_OPTIONS },
    examples: ['cpctl jobs reschedule 0193c7a2-… --wait'],
    run: async (ctx, { values, args }) => {
      const choice = waitChoice(values);
      const r = await (await ctx.client()).POST('/api/jobs/{job_id}/reschedule', { path: { job_id: args[0]! } });
      return afterJobStarted(ctx, r, `Rescheduled ${r.rescheduled_from} as ${r.kind}`, choice);
    },
  }),
  defineCommand({
    path: ['jobs', 'stats'],
    summary: 'Counts of jobs by status.',
    examples: ['cpctl jobs stats'],
    run: async (ctx) => {
      const s = await (await ctx.client()).GET('/api/jobs/stats');
      printObject(ctx, s, { id: () => '' });
      return EXIT.ok;
    },
  }),
];
