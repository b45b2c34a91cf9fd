// SQL of the task log. A task's seq is handed out from jobs.task_seq by the same statement that inserts it (a
// data-modifying CTE, which PostgreSQL, PGlite and CockroachDB all run), so seqs are per job, gap-free in practice
// and never collide — failure rows included.
import type { Queryable } from '../infra/db/db.js';
import type { TaskLevel } from '../jobs/types.js';

export const MAX_TASK_DETAIL_CHARS = 64 * 1024;

/** Keeps the head of a long detail and says how much was cut, so a reader knows the output is incomplete. */
export const truncateDetail = (detail: string | null | undefined): string | null => {
  if (detail === null || detail === undefined) return null;
  if (detail.length <= MAX_TASK_DETAIL_CHARS) return detail;
  const cut = detail.length - MAX_TASK_DETAIL_CHARS;
  return `${detail.slice(0, MAX_TASK_DETAIL_CHARS)}\n… [truncated: ${cut} more characters]`;
};

export type NewTask = { jobId: string; name: string; detail?: string | null; level?: TaskLevel };

/**
 * Appends a task. With `owner`, the write is fenced: it lands only while that worker holds the job's lease, and
 * null is returned otherwise. Without `owner` (reaper, cancel, system notes) it is appended unconditionally.
 */
export const appendTask = async (q: Queryable, task: NewTask, owner?: string): Promise<number | null> => {
  const fence = owner === undefined ? '' : `AND lease_owner = $5 AND status = 'RUNNING'`;
  const params: unknown[] = [task.jobId, task.level ?? 'info', task.name, truncateDetail(task.detail)];
  if (owner !== undefined) params.push(owner);
  const { rows } = await q.query<{ seq: number }>(
    `WITH s AS (
       UPDATE jobs SET task_seq = task_seq + 1 WHERE job_id = $1 ${fence} RETURNING job_id, task_seq)
     INSERT INTO job_tasks (job_id, seq, level, name, detail)
     SELECT job_id, task_seq, $2, $3, $4 FROM s
     RETURNING seq`,
    params,
  );
  return rows[0] ? Number(rows[0].seq) : null;
};

export type TaskRow = { seq: number; ts: Date; level: TaskLevel; name: string; detail: string | null };

export const listTasks = async (q: Queryable, jobId: string, afterSeq: number, limit: number): Promise<TaskRow[]> => {
  const { rows } = await q.query<TaskRow>(
    `SELECT seq, ts, level, name, detail FROM job_tasks WHERE job_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [jobId, afterSeq, limit],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
};
