// cpctl events …: the audit log (/api/events), newest first, with the API's filters.
import type { ApiQuery, ApiResponse } from '../../api-client/client.js';
import { defineCommand, type Command, type OptionValues } from '../lib/command.js';
import { positiveInt } from '../lib/input.js';
import { printList, printObject, when } from '../lib/output.js';

type EventRow = ApiResponse<'/api/events', 'get'>['events'][number];

const FILTERS = {
  actor: { type: 'string', placeholder: 'ACTOR', description: 'Only events by this actor (user name, access key or cpctl)' },
  action: { type: 'string', placeholder: 'ACTION', description: 'Only this action, e.g. CLUSTER_CREATE' },
  cluster: { type: 'string', placeholder: 'NAME', description: 'Only events about this cluster' },
  from: { type: 'string', placeholder: 'TIME', description: 'At or after this ISO-8601 time' },
  to: { type: 'string', placeholder: 'TIME', description: 'Before this ISO-8601 time' },
} as const;

const filterQuery = (v: OptionValues<typeof FILTERS>): ApiQuery<'/api/events/count', 'get'> => ({
  ...(v.actor ? { actor: v.actor } : {}),
  ...(v.action ? { action: v.action } : {}),
  ...(v.cluster ? { cluster_id: v.cluster } : {}),
  ...(v.from ? { from: v.from } : {}),
  ...(v.to ? { to: v.to } : {}),
});

export const eventCommands: Command[] = [
  defineCommand({
    path: ['events', 'list'],
    summary: 'List audit events, newest first (admins see all; others the events of clusters they can see).',
    options: { ...FILTERS, limit: { type: 'string', placeholder: 'N', description: 'At most N events (default 50)' } },
    examples: ['cpctl events list --cluster orders-prod', 'cpctl events list --action API_KEY_CREATE --from 2026-01-01T00:00:00Z -o json'],
    run: async (ctx, { values }) => {
      const limit = values.limit ? positiveInt('--limit', values.limit) : 50;
      const client = await ctx.client();
      const rows: EventRow[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.GET('/api/events', { query: { ...filterQuery(values), limit: Math.min(500, limit - rows.length), ...(cursor ? { cursor } : {}) } });
        rows.push(...page.events);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && rows.length < limit);
      printList(ctx, rows, {
        id: (e) => String(e.event_id),
        empty: 'No events.',
        columns: [
          { header: 'TIME', value: (e) => when(e.ts) },
          { header: 'ACTOR', value: (e) => e.actor },
          { header: 'ACTION', value: (e) => e.action },
          { header: 'TARGET', value: (e) => (e.target_id ? `${e.target_type ?? ''}:${e.target_id}` : null) },
          { header: 'CLUSTER', value: (e) => e.cluster_id },
          { header: 'DETAILS', value: (e) => e.details },
        ],
      });
    },
  }),
  defineCommand({
    path: ['events', 'count'],
    summary: 'Count the audit events that match the filters.',
    options: FILTERS,
    examples: ['cpctl events count --actor cpctl'],
    run: async (ctx, { values }) => {
      const r = await (await ctx.client()).GET('/api/events/count', { query: filterQuery(values) });
      printObject(ctx, r, { id: (x) => String(x.total) });
    },
  }),
];
