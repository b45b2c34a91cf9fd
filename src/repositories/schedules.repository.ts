// SQL of the schedules table. A run is claimed by advancing next_run_at with a conditional UPDATE inside the
// transaction that enqueues the job, so across any number of instances a period fires exactly once.
import type { Queryable } from '../infra/db/db.js';

export type ScheduleRow = {
  name: string;
  kind: string;
  payload: unknown;
  interval_seconds: number;
  enabled: boolean;
  next_run_at: Date;
  last_run_at: Date | null;
  last_job_id: string | null;
  description: string;
  updated_at: Date;
  updated_by: string;
};

const COLUMNS = `name, kind, payload, interval_seconds, enabled, next_run_at, last_run_at, last_job_id, description,
  updated_at, updated_by`;

const norm = (r: ScheduleRow): ScheduleRow => ({ ...r, interval_seconds: Number(r.interval_seconds) });

export type ScheduleDefinition = {
  name: string;
  kind: string;
  payload: unknown;
  intervalSeconds: number;
  description: string;
  /** Delay of the first run after the schedule is created. */
  firstRunDelaySeconds?: number;
};

/** Creates internal schedules; on later starts refreshes kind/payload/description but keeps admin changes. */
export const upsertScheduleDefinition = async (q: Queryable, d: ScheduleDefinition) => {
  await q.query(
    `INSERT INTO schedules (name, kind, payload, interval_seconds, description, next_run_at)
     VALUES ($1, $2, $3, $4, $5, now() + $6::INT8 * INTERVAL '1 second')
     ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, payload = excluded.payload,
       description = excluded.description`,
    [d.name, d.kind, JSON.stringify(d.payload ?? {}), d.intervalSeconds, d.description, d.firstRunDelaySeconds ?? 0],
  );
};

export const listSchedules = async (q: Queryable): Promise<ScheduleRow[]> => {
  const { rows } = await q.query<ScheduleRow>(`SELECT ${COLUMNS} FROM schedules ORDER BY name`);
  return rows.map(norm);
};

export const findSchedule = async (q: Queryable, name: string): Promise<ScheduleRow | undefined> => {
  const { rows } = await q.query<ScheduleRow>(`SELECT ${COLUMNS} FROM schedules WHERE name = $1`, [name]);
  return rows[0] ? norm(rows[0]) : undefined;
};

/** The schedule row, locked for the rest of the transaction (serialises manual runs of one schedule). */
export const lockSchedule = async (q: Queryable, name: string): Promise<ScheduleRow | undefined> => {
  const { rows } = await q.query<ScheduleRow>(`SELECT ${COLUMNS} FROM schedules WHERE name = $1 FOR UPDATE`, [name]);
  return rows[0] ? norm(rows[0]) : undefined;
};

export const listDueScheduleNames = async (q: Queryable): Promise<string[]> => {
  const { rows } = await q.query<{ name: string }>(
    `SELECT name FROM schedules WHERE enabled AND next_run_at <= now() ORDER BY next_run_at LIMIT 100`,
  );
  return rows.map((r) => r.name);
};

/**
 * Claims the due run of a schedule: moves next_run_at to the first period boundary after now (missed periods are
 * skipped, not replayed). Only one transaction can win; concurrent ones see next_run_at in the future (or get a
 * serialization failure and re-run to that result).
 */
export const claimScheduleRun = async (q: Queryable, name: string): Promise<ScheduleRow | undefined> => {
  const { rows } = await q.query<ScheduleRow>(
    `UPDATE schedules SET last_run_at = now(),
       next_run_at = next_run_at + (FLOOR(EXTRACT(EPOCH FROM (now() - next_run_at)) / interval_seconds) + 1)::INT8
         * interval_seconds * INTERVAL '1 second'
     WHERE name = $1 AND enabled AND next_run_at <= now()
     RETURNING ${COLUMNS}`,
    [name],
  );
  return rows[0] ? norm(rows[0]) : undefined;
};

export const setScheduleLastJob = async (q: Queryable, name: string, jobId: string) => {
  await q.query(`UPDATE schedules SET last_job_id = $2 WHERE name = $1`, [name, jobId]);
};

export const updateSchedule = async (
  q: Queryable,
  name: string,
  change: { intervalSeconds?: number; enabled?: boolean },
  by: string,
): Promise<ScheduleRow | undefined> => {
  // A changed interval (or a resume) restarts the period from now, so the new setting takes effect at once.
  const { rows } = await q.query<ScheduleRow>(
    `UPDATE schedules SET interval_seconds = COALESCE($2::INT8, interval_seconds), enabled = COALESCE($3::BOOL, enabled),
       next_run_at = CASE WHEN $2::INT8 IS NOT NULL OR ($3::BOOL AND NOT enabled)
         THEN now() + COALESCE($2::INT8, interval_seconds) * INTERVAL '1 second' ELSE next_run_at END,
       updated_at = now(), updated_by = $4
     WHERE name = $1
     RETURNING ${COLUMNS}`,
    [name, change.intervalSeconds ?? null, change.enabled ?? null, by],
  );
  return rows[0] ? norm(rows[0]) : undefined;
};
