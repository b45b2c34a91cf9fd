import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { HealthService } from '../../services/health/health.service.js';
import { HealthzResponse, ReadyzResponse } from './health.schemas.js';

export const registerHealthRoutes = (app: FastifyInstance, deps: { health: HealthService }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/healthz',
    { schema: { tags: ['health'], summary: 'Liveness: the process is up', response: { 200: HealthzResponse } } },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/api/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: database reachable and migrated',
        response: { 200: ReadyzResponse, 503: ReadyzResponse },
      },
    },
    async (_req, reply) => {
      const r = await deps.health.readiness();
      const body = { status: r.ready ? ('ready' as const) : ('not_ready' as const), checks: r.checks, migration: r.migration, reasons: r.reasons };
      return reply.status(r.ready ? 200 : 503).send(body);
    },
  );
};
