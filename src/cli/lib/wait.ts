// Following a job (--wait, `jobs logs -f`): poll GET /api/jobs/{id}?after_seq=N, print each new task row once, show
// a spinner with the current task on a terminal (plain lines otherwise: no escape codes in logs), and end with an
// exit code that says how the job ended. Stopping (Ctrl-C, --timeout) never touches the job: it keeps running, and
// the message says how to follow it again.
import type { ApiClient, ApiResponse } from '../../api-client/client.js';
import { EXIT } from './errors.js';
import { UsageError } from './errors.js';
import type { OutStream } from './context.js';

export type Job = ApiResponse<'/api/jobs/{job_id}', 'get'>['job'];
export type JobTask = ApiResponse<'/api/jobs/{job_id}', 'get'>['tasks'][number];

const FINAL: Record<string, number> = { SUCCEEDED: EXIT.ok, FAILED: EXIT.failed, CANCELLED: EXIT.cancelled };

export const DEFAULT_WAIT_TIMEOUT_MS = 2 * 3600_000;

/** "90s", "30m", "2h", "1d" or plain seconds, in milliseconds. */
export const parseDuration = (flag: string, v: string): number => {
  const m = /^(\d+)\s*([smhd]?)$/.exec(v.trim());
  if (!m || Number(m[1]) <= 0) throw new UsageError(`${flag} must look like 90, 90s, 30m, 2h or 1d (got "${v}")`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'] * 1000;
};

const clock = (ts: string) => {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : d.toISOString().slice(11, 19);
};

/** One task row as a log line: "12:00:01 [warning] TASK name: detail" (detail lines indented). */
export const formatTask = (t: JobTask): string => {
  const level = t.level === 'info' ? '' : ` [${t.level}]`;
  const detail = (t.detail ?? '').trimEnd();
  const [first = '', ...rest] = detail.split('\n');
  return `${clock(t.ts)}${level} ${t.name}${first ? `: ${first}` : ''}${rest.map((l) => `\n           ${l}`).join('')}`;
};

export const describeEnd = (job: Job): string => {
  const took = job.started_at && job.finished_at ? ` in ${Math.max(0, Math.round((Date.parse(job.finished_at) - Date.parse(job.started_at)) / 1000))} s` : '';
  const why = job.status === 'FAILED' && job.error ? `: ${job.error}` : '';
  return `Job ${job.job_id} (${job.kind}${job.cluster_id ? `, cluster ${job.cluster_id}` : ''}) ${job.status}${took}${why}`;
};

const SPIN = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A one-line spinner on a terminal; nothing elsewhere. */
const createProgress = (stream: OutStream, enabled: boolean) => {
  let shown = false;
  let frame = 0;
  const started = Date.now();
  return {
    clear: () => {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
    update: (text: string) => {
      if (!enabled) return;
      const secs = Math.round((Date.now() - started) / 1000);
      const line = `${SPIN[frame++ % SPIN.length]} ${text} (${secs} s)`;
      const width = stream.columns ?? 80;
      stream.write(`\r\x1b[2K${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}`);
      shown = true;
    },
  };
};

export type FollowOptions = {
  /** Where task lines go (stdout for `jobs logs -f`, stderr for --wait so that stdout keeps the result). */
  lines: OutStream;
  /** Where the spinner and status changes go. */
  status: OutStream;
  /** Print task lines (false with --quiet). */
  showTasks: boolean;
  /** Print task rows after this sequence number only. */
  afterSeq?: number;
  timeoutMs?: number;
  pollMs?: number;
  /** Stops following (Ctrl-C); the job is left alone. */
  signal?: AbortSignal;
};

export type FollowResult = { job: Job | undefined; exitCode: number; message: string };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export const followJob = async (client: ApiClient, jobId: string, opts: FollowOptions): Promise<FollowResult> => {
  const progress = createProgress(opts.status, opts.status.isTTY === true);
  const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
  const again = `Follow it again with: cpctl jobs logs -f ${jobId}`;
  let after = opts.afterSeq ?? 0;
  let job: Job | undefined;
  let lastStatus = '';
  let current = '';
  try {
    for (;;) {
      if (opts.signal?.aborted) return { job, exitCode: EXIT.interrupted, message: `Stopped following job ${jobId}; it keeps running. ${again}` };
      let r;
      try {
        r = await client.GET('/api/jobs/{job_id}', { path: { job_id: jobId }, query: { after_seq: after }, ...(opts.signal ? { signal: opts.signal } : {}) });
      } catch (err) {
        if (opts.signal?.aborted) continue;
        throw err;
      }
      job = r.job;
      for (const t of r.tasks) {
        current = t.name;
        if (opts.showTasks) {
          progress.clear();
          opts.lines.write(`${formatTask(t)}\n`);
        }
      }
      after = Math.max(after, r.last_seq);
      if (job.status !== lastStatus && !opts.status.isTTY && opts.showTasks && FINAL[job.status] === undefined) {
        opts.status.write(`Job ${jobId} (${job.kind}) is ${job.status}\n`);
      }
      lastStatus = job.status;
      const final = FINAL[job.status];
      if (final !== undefined) {
        progress.clear();
        return { job, exitCode: final, message: describeEnd(job) };
      }
      // A full page of task rows: more are waiting, ask again at once.
      if (r.tasks.length >= 1000) continue;
      if (Date.now() >= deadline) {
        progress.clear();
        return { job, exitCode: EXIT.timedOut, message: `Gave up waiting for job ${jobId} (${job.status}); it keeps running. ${again}` };
      }
      progress.update(`${job.kind} ${job.status.toLowerCase()}${job.cancel_requested_at ? ' (cancel requested)' : ''}${current ? ` · ${current}` : ''}`);
      await sleep(Math.min(opts.pollMs ?? 1000, Math.max(0, deadline - Date.now())), opts.signal);
    }
  } finally {
    progress.clear();
  }
};

/** Runs `follow` with Ctrl-C wired to stop following (not the job); restores the default handler afterwards. */
export const withInterrupt = async <T>(follow: (signal: AbortSignal) => Promise<T>): Promise<T> => {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    return await follow(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
};

export type WaitChoice = { wait: boolean; timeoutMs: number | undefined };

/** --wait/--timeout, checked before anything starts (a bad --timeout must not leave a job behind). */
export const waitChoice = (values: { wait?: boolean | undefined; timeout?: string | undefined }): WaitChoice => {
  if (values.timeout !== undefined && !values.wait) throw new UsageError('--timeout needs --wait');
  return { wait: values.wait === true, timeoutMs: values.timeout !== undefined ? parseDuration('--timeout', values.timeout) : undefined };
};
