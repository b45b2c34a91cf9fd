// Audit writer for job actions. A stand-in with the shape of the auth core's `recordEvent(tx, ctx, {...})`: when
// that lands, this file is the only one to change.
import type { Queryable } from '../../infra/db/db.js';

export type Actor = {
  actor: string;
  groups: readonly string[];
  isAdmin: boolean;
  requestId?: string | undefined;
  authType?: 'oidc' | 'api_key' | 'system' | 'cli' | undefined;
  sourceIp?: string | undefined;
};

export type AuditEvent = {
  action: string;
  targetType: string;
  targetId: string;
  clusterId?: string | null;
  details?: Record<string, unknown>;
};

export const recordEvent = async (tx: Queryable, who: Actor, e: AuditEvent) => {
  await tx.query(
    `INSERT INTO event_log (actor, auth_type, action, target_type, target_id, cluster_id, details, request_id, source_ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [who.actor, who.authType ?? 'system', e.action, e.targetType, e.targetId, e.clusterId ?? null,
      JSON.stringify(e.details ?? {}), who.requestId ?? null, who.sourceIp ?? null],
  );
};
