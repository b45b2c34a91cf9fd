// The audit side of every admin mutation: who did it (from the request context) and what, written in the same
// transaction as the change. The context type is structural so the auth core's RequestContext satisfies it.
import type { Queryable } from '../../infra/db/db.js';
import { insertAuditEvent, type AuditEventInsert } from '../../repositories/event-log.repository.js';

export type AuditContext = {
  identity: { actor: string; authType: AuditEventInsert['authType'] };
  requestId: string;
  sourceIp: string;
};

export type AuditEvent = { action: string; targetType: string; targetId: string; details?: Record<string, unknown> };

export const writeAudit = (tx: Queryable, ctx: AuditContext, e: AuditEvent) =>
  insertAuditEvent(tx, {
    actor: ctx.identity.actor,
    authType: ctx.identity.authType,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    details: e.details ?? {},
    requestId: ctx.requestId,
    sourceIp: ctx.sourceIp || null,
  });
