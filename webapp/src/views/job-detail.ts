// Job detail (#/jobs/:id): status, duration, payload, linked cluster, and the Ansible task log streaming in by
// incremental polling (GET /api/jobs/:id?after_seq=<last seen seq>: only new task rows travel). Polls every 2 s while
// the job is queued or running, every 15 s after. Cancel (queued/running) and reschedule (failed/cancelled).
import { api, type ApiResponse } from '../api';
import { json, msBetween } from '../lib/format';
import { refreshable } from '../lib/refresh';
import { router, viewBase } from '../lib/view';
import { jobCluster, jobKind } from './jobs';

type JobAnswer = ApiResponse<'/api/jobs/{job_id}', 'get'>;
export type Task = JobAnswer['tasks'][number];
type Job = JobAnswer['job'];

const ACTIVE = ['QUEUED', 'RUNNING'];

export const jobDetailView = () => ({
  ...viewBase(),
  ...refreshable('job', 15),
  id: router().params.job_id ?? '',
  job: null as Job | null,
  tasks: [] as Task[],
  lastSeq: 0,
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
    let res: JobAnswer;
    try {
      res = await api.GET('/api/jobs/{job_id}', { path: { job_id: this.id }, query: { after_seq: this.lastSeq }, quiet: true });
    } catch (err) {
      if ((err as { status?: number }).status === 404) {
        this.notFound = true;
        return;
      }
      throw err;
    }
    this.job = res.job;
    // Task rows after after_seq, oldest first: append them once.
    const fresh = res.tasks.filter((t) => t.seq > this.lastSeq);
    if (fresh.length) {
      this.tasks = [...this.tasks, ...fresh];
      if (this.follow) window.setTimeout(() => this.scrollToEnd(), 0);
    }
    this.lastSeq = Math.max(this.lastSeq, res.last_seq);
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
  get started(): string | undefined {
    return this.job?.started_at ?? this.job?.created_at;
  },
  get durationMs(): number | undefined {
    if (!this.job) return undefined;
    const end = this.job.finished_at ?? (this.active ? new Date(this.now).toISOString() : this.job.updated_at);
    return msBetween(this.started, end);
  },
  get payloadText(): string {
    return json(this.job?.payload, 2);
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
    return t.detail ?? '';
  },
  taskName(t: Task): string {
    return t.name;
  },
  levelClass(t: Task): string {
    return `task-row level-${t.level}`;
  },
  async cancel() {
    await this.act(() => api.POST('/api/jobs/{job_id}/cancel', { path: { job_id: this.id } }), `Cancelling job ${this.id}.`);
    void this.refresh();
  },
  async reschedule() {
    const res = await this.act(() => api.POST('/api/jobs/{job_id}/reschedule', { path: { job_id: this.id } }), `Job ${this.id} rescheduled.`);
    if (res.ok) this.close('rescheduleDialog');
  },
});
