// SQL for the audit log. Callers pass the transaction of the change they audit, so an event exists exactly when the
// change committed. `details` must never hold a secret: the services that write events are responsible for that.
import type { Queryable } from '../infra/db/db.js';

export type AuditEventInsert = {
  actor: string;
  authType: 'oidc' | 'api_key' | 'system' | 'cli';
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  clusterId?: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
  sourceIp?: string | null;
};

export const insertAuditEvent = async (q: Queryable, e: AuditEventInsert): Promise<void> => {
  await q.query(
    `INSERT INTO event_log (actor, auth_type, action, target_type, target_id, cluster_id, details, request_id, source_ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.actor, e.authType, e.action, e.targetType ?? null, e.targetId ?? null, e.clusterId ?? null, JSON.stringify(e.details ?? {}),
      e.requestId ?? null, e.sourceIp ?? null],
  );
};
