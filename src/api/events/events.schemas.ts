import { z } from 'zod';
import { safeString } from '../http/strings.js';

export const EventFilterQuery = z.object({
  actor: safeString({ max: 256 }).optional().describe('Only events by this actor (username or access key)'),
  action: safeString({ max: 64 }).optional().describe('Only this action, e.g. LOGIN or API_KEY_CREATED'),
  cluster_id: safeString({ max: 64 }).optional().describe('Only events about this cluster'),
  from: z.coerce.date().optional().describe('Events at or after this time (ISO-8601)'),
  to: z.coerce.date().optional().describe('Events before this time (ISO-8601)'),
});

export const EventListQuery = EventFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (≤ 500)'),
  cursor: safeString({ max: 200 }).optional().describe('next_cursor of the previous page'),
});

export const Event = z.object({
  event_id: z.string(),
  ts: z.date(),
  actor: z.string(),
  auth_type: z.string().describe('oidc, api_key, cli or system'),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  cluster_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).describe('What changed; never secrets'),
  request_id: z.string().nullable(),
  source_ip: z.string().nullable(),
});

export const EventPage = z.object({
  events: z.array(Event).describe('Newest first'),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});

export const EventCount = z.object({ total: z.number().int() });
