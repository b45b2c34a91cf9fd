// Audit events are written by services, in the SAME transaction as the change they describe, so an event exists if
// and only if the change committed. Details never carry secrets: keys that look secret are dropped here as a last
// line of defence (services should not pass them in the first place).
import type { Queryable } from '../../infra/db/db.js';
import type { RequestContext } from '../../auth/identity.js';
import { insertEvent } from '../../repositories/events.repository.js';
import type { AuditAction } from './audit-actions.js';

export type AuditEvent = {
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  clusterId?: string;
  details?: Record<string, unknown>;
};

const SECRET_KEY = /pass(word)?|secret|token|private|credential|^key$|cookie|signature/i;

export const scrubSecrets = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEY.test(k))
        .map(([k, v]) => [k, scrubSecrets(v)]),
    );
  }
  return value;
};

export const recordEvent = (q: Queryable, ctx: RequestContext, event: AuditEvent) =>
  insertEvent(q, {
    actor: ctx.identity.actor,
    authType: ctx.identity.authType,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    clusterId: event.clusterId ?? null,
    details: scrubSecrets(event.details ?? {}) as Record<string, unknown>,
    requestId: ctx.requestId || null,
    sourceIp: ctx.sourceIp || null,
  });
