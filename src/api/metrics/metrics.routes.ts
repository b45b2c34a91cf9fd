import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../infra/metrics/metrics.js';

export const registerMetricsRoutes = (app: FastifyInstance, deps: { metrics: Metrics }) => {
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
    reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );
};
