// SQL for the audit log (event_log).
import type { Queryable } from '../infra/db/db.js';

export type NewEvent = {
  actor: string;
  authType: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  clusterId: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
  sourceIp: string | null;
};

export const insertEvent = (q: Queryable, e: NewEvent) =>
  q.query(
    `INSERT INTO event_log (actor, auth_type, action, target_type, target_id, cluster_id, details, request_id, source_ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
    [e.actor, e.authType, e.action, e.targetType, e.targetId, e.clusterId, JSON.stringify(e.details), e.requestId, e.sourceIp],
  );

export type EventRow = {
  event_id: string;
  ts: Date;
  ts_text: string;
  actor: string;
  auth_type: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  cluster_id: string | null;
  details: Record<string, unknown>;
  request_id: string | null;
  source_ip: string | null;
};

export type EventFilter = {
  actor?: string | undefined;
  action?: string | undefined;
  clusterId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Restrict to events about clusters owned by one of these groups; undefined = no restriction (admins). */
  visibleGroups?: readonly string[] | undefined;
};

const where = (f: EventFilter, params: unknown[]) => {
  const conds: string[] = [];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    conds.push(sql(`$${params.length}`));
  };
  if (f.actor !== undefined) add((p) => `actor = ${p}`, f.actor);
  if (f.action !== undefined) add((p) => `action = ${p}`, f.action);
  if (f.clusterId !== undefined) add((p) => `cluster_id = ${p}`, f.clusterId);
  if (f.from !== undefined) add((p) => `ts >= ${p}`, f.from);
  if (f.to !== undefined) add((p) => `ts < ${p}`, f.to);
  if (f.visibleGroups !== undefined) {
    add((p) => `cluster_id IN (SELECT cluster_id FROM clusters WHERE grp = ANY(${p}))`, [...f.visibleGroups]);
  }
  return conds;
};

/** Newest first, keyset-paginated on (ts, event_id). The cursor's ts is the text form, so no precision is lost. */
export const listEvents = async (q: Queryable, f: EventFilter, page: { limit: number; after?: { ts: string; eventId: string } | undefined }) => {
  const params: unknown[] = [];
  const conds = where(f, params);
  if (page.after) {
    params.push(page.after.ts, page.after.eventId);
    conds.push(`(ts, event_id) < ($${params.length - 1}::TIMESTAMPTZ, $${params.length}::UUID)`);
  }
  params.push(page.limit);
  return (
    await q.query<EventRow>(
      `SELECT event_id::TEXT AS event_id, ts, CAST(ts AS TEXT) AS ts_text, actor, auth_type, action, target_type, target_id,
         cluster_id, details, request_id, source_ip
       FROM event_log ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
       ORDER BY ts DESC, event_id DESC LIMIT $${params.length}`,
      params,
    )
  ).rows;
};

export const countEvents = async (q: Queryable, f: EventFilter): Promise<number> => {
  const params: unknown[] = [];
  const conds = where(f, params);
  const r = await q.query<{ total: string | number }>(
    `SELECT count(*) AS total FROM event_log ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}`,
    params,
  );
  return Number(r.rows[0]?.total ?? 0);
};
