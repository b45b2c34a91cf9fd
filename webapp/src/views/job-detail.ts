// Job detail (#/jobs/:id): status, duration, payload, linked cluster, and the Ansible task log streaming in by
// incremental polling (GET /api/jobs/:id?after_seq=<last seen seq>: only new task rows travel). Polls every 2 s while
// the job is queued or running, every 15 s after. Cancel (queued/running) and reschedule (failed/cancelled).
import { api, enc } from '../api';
import { json, msBetween } from '../lib/format';
import { refreshable } from '../lib/refresh';
import { router, viewBase } from '../lib/view';
import { jobCluster, jobKind } from './jobs';

export type Task = { seq: number; ts?: string; name?: string; detail?: unknown; level?: string; host?: string } & Record<string, unknown>;
type Job = Record<string, unknown> & { job_id: string; status: string };

const ACTIVE = ['QUEUED', 'RUNNING', 'CANCELLING'];
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined);

/** The job and its new tasks from either {job, tasks} or a job object that carries tasks. */
export const splitJobResponse = (v: unknown): { job: Job | undefined; tasks: Task[] } => {
  const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const job = (o.job && typeof o.job === 'object' ? o.job : o.job_id !== undefined ? o : undefined) as Job | undefined;
  const raw = Array.isArray(o.tasks) ? o.tasks : Array.isArray(job?.tasks) ? (job.tasks as unknown[]) : [];
  const tasks = (raw as Record<string, unknown>[]).map((t, i) => ({ ...t, seq: num(t.seq ?? t.task_id) ?? i })) as Task[];
  return { job, tasks };
};

export const jobDetailView = () => ({
  ...viewBase(),
  ...refreshable('job', 15),
  id: router().params.job_id ?? '',
  job: null as Job | null,
  tasks: [] as Task[],
  lastSeq: -1,
  notFound: false,
  follow: true,
  fastTimer: 0,
  now: Date.now(),

  init() {
    void this.refresh().then(() => this.schedule());
    this.startAuto();
  },
  destroy() {
    this.stopAuto();
    window.clearTimeout(this.fastTimer);
  },
  get active(): boolean {
    return ACTIVE.includes(this.job?.status ?? '');
  },
  /** While active, poll fast on top of the view's regular auto-refresh. */
  schedule() {
    window.clearTimeout(this.fastTimer);
    if (!this.active || !this.autoRefresh) return;
    this.fastTimer = window.setTimeout(() => {
      void this.refresh().then(() => this.schedule());
    }, 2000);
  },
  async load() {
    const q = this.lastSeq >= 0 ? `?after_seq=${this.lastSeq}` : '';
    let res: unknown;
    try {
      res = await api.get(`/api/jobs/${enc(this.id)}${q}`, { quiet: true });
    } catch (err) {
      if ((err as { status?: number }).status === 404) {
        this.notFound = true;
        return;
      }
      throw err;
    }
    const { job, tasks } = splitJobResponse(res);
    if (job) this.job = job;
    const fresh = tasks.filter((t) => t.seq > this.lastSeq).sort((a, b) => a.seq - b.seq);
    if (fresh.length) {
      this.tasks = [...this.tasks, ...fresh];
      this.lastSeq = fresh[fresh.length - 1]?.seq ?? this.lastSeq;
      if (this.follow) window.setTimeout(() => this.scrollToEnd(), 0);
    }
    this.now = Date.now();
  },
  scrollToEnd() {
    const el = (this as unknown as { $refs: Record<string, HTMLElement> }).$refs.taskLog;
    if (el) el.scrollTop = el.scrollHeight;
  },
  get kind(): string {
    return this.job ? jobKind(this.job) : '';
  },
  get cluster(): string {
    return this.job ? jobCluster(this.job) : '';
  },
  get started(): unknown {
    return this.job?.started_at ?? this.job?.created_at;
  },
  get durationMs(): number | undefined {
    if (!this.job) return undefined;
    const end = this.job.finished_at ?? (this.active ? new Date(this.now).toISOString() : this.job.updated_at);
    return msBetween(this.started, end);
  },
  get payloadText(): string {
    return json(this.job?.payload ?? this.job?.description, 2);
  },
  get cancelRequested(): boolean {
    return this.active && !!this.job?.cancel_requested_at;
  },
  get canCancel(): boolean {
    return ['QUEUED', 'RUNNING'].includes(this.job?.status ?? '') && !this.job?.cancel_requested_at;
  },
  get canReschedule(): boolean {
    return ['FAILED', 'CANCELLED'].includes(this.job?.status ?? '');
  },
  taskText(t: Task): string {
    return json(t.detail ?? t.task_desc ?? t.message);
  },
  taskName(t: Task): string {
    const n = t.name ?? t.task_name;
    return typeof n === 'string' ? n : '';
  },
  levelClass(t: Task): string {
    return `task-row level-${typeof t.level === 'string' ? t.level.toLowerCase() : 'info'}`;
  },
  async cancel() {
    await this.act(() => api.post(`/api/jobs/${enc(this.id)}/cancel`), `Cancelling job ${this.id}.`);
    void this.refresh();
  },
  async reschedule() {
    const res = await this.act(() => api.post(`/api/jobs/${enc(this.id)}/reschedule`), `Job ${this.id} rescheduled.`);
    if (res.ok) this.close('rescheduleDialog');
  },
});
