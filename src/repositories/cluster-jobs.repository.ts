// SQL for the jobs of one cluster (the cluster page's history) — read-only; the queue owns job writes.
import type { Queryable } from '../infra/db/db.js';

export type ClusterJobRow = {
  job_id: string;
  kind: string;
  status: string;
  payload: unknown;
  result: unknown;
  error: string | null;
  attempts: number;
  created_at: Date;
  created_by: string;
  started_at: Date | null;
  finished_at: Date | null;
  cancel_requested_at: Date | null;
  last_seq: number;
};

const COLUMNS = `job_id, kind, status, payload, result, error, attempts, created_at, created_by, started_at, finished_at,
  cancel_requested_at, task_seq AS last_seq`;

const norm = (r: ClusterJobRow): ClusterJobRow => ({ ...r, attempts: Number(r.attempts), last_seq: Number(r.last_seq) });

export const listClusterJobs = async (q: Queryable, clusterId: string, limit: number): Promise<ClusterJobRow[]> =>
  (
    await q.query<ClusterJobRow>(
      `SELECT ${COLUMNS} FROM jobs WHERE cluster_id = $1 ORDER BY created_at DESC, job_id DESC LIMIT $2`,
      [clusterId, limit],
    )
  ).rows.map(norm);

export const findClusterJob = async (q: Queryable, clusterId: string, jobId: string): Promise<ClusterJobRow | undefined> => {
  const r = (await q.query<ClusterJobRow>(`SELECT ${COLUMNS} FROM jobs WHERE cluster_id = $1 AND job_id = $2`, [clusterId, jobId])).rows[0];
  return r && norm(r);
};
