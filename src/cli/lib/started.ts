// What every job-starting command does after cp accepted it: print the job (and how to follow it), or with --wait
// follow it to its end and exit with the code that says how it ended.
import type { Context } from './context.js';
import { EXIT } from './errors.js';
import { printResult, serialise } from './output.js';
import { followJob, withInterrupt, type WaitChoice } from './wait.js';

export const pollMs = (ctx: Context) => Number(ctx.env.CPCTL_POLL_MS) || 1000;

export const afterJobStarted = async (ctx: Context, started: { job_id: string }, what: string, choice: WaitChoice): Promise<number> => {
  const id = started.job_id;
  if (!choice.wait) {
    printResult(ctx, started, `${what}: job ${id}.\nFollow it with: cpctl jobs logs -f ${id}`, id);
    return EXIT.ok;
  }
  ctx.note(`${what}: job ${id}. Following it (Ctrl-C stops following; the job keeps running).`);
  const client = await ctx.client();
  const r = await withInterrupt((signal) =>
    followJob(client, id, { lines: ctx.stderr, status: ctx.stderr, showTasks: !ctx.quiet, signal, pollMs: pollMs(ctx), ...(choice.timeoutMs ? { timeoutMs: choice.timeoutMs } : {}) }),
  );
  if (ctx.quiet) {
    ctx.out(id);
    if (r.exitCode !== EXIT.ok) ctx.stderr.write(`${r.message}\n`);
  } else if (ctx.format !== 'table' && r.job) {
    ctx.out(serialise(ctx, r.job));
    if (r.exitCode !== EXIT.ok) ctx.stderr.write(`${r.message}\n`);
  } else {
    ctx.out(r.message);
  }
  return r.exitCode;
};
