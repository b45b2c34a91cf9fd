// The audit log: a filtered, keyset-paginated list (newest first) and a count with the same filters and scope.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import type { EventsService } from '../../services/audit/events.service.js';
import { EventCount, EventFilterQuery, EventListQuery, EventPage } from './events.schemas.js';

const filter = (q: { actor?: string | undefined; action?: string | undefined; cluster_id?: string | undefined; from?: Date | undefined; to?: Date | undefined }) => ({
  actor: q.actor,
  action: q.action,
  clusterId: q.cluster_id,
  from: q.from,
  to: q.to,
});

export const registerEventRoutes = (app: FastifyInstance, deps: { events: EventsService }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/events', {
    schema: {
      tags: ['events'],
      summary: 'Audit events, newest first (admins: all; others: events about clusters they can see)',
      querystring: EventListQuery,
      response: withErrors({ 200: EventPage }),
    },
  }, async (req) => {
    const page = await deps.events.list(requestContext(req).identity, { ...filter(req.query), limit: req.query.limit, cursor: req.query.cursor });
    return { events: page.events, next_cursor: page.nextCursor };
  });

  r.get('/api/events/count', {
    schema: { tags: ['events'], summary: 'Number of audit events matching the filters (same scope as the list)', querystring: EventFilterQuery, response: withErrors({ 200: EventCount }) },
  }, async (req) => ({ total: await deps.events.count(requestContext(req).identity, filter(req.query)) }));
};
