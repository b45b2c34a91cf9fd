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
