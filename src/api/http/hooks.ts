// Cross-cutting request hooks: the X-Request-ID response header, the latency histogram, and the security headers.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../infra/metrics/metrics.js';

export const registerRequestHooks = (app: FastifyInstance, metrics: Metrics) => {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-ID', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
};

/** Strict CSP for the webapp: no inline script, no eval; the API docs UI sets its own (hashed) policy. */
export const registerSecurityHeaders = async (app: FastifyInstance) => {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: false, // cp may be served over plain http on loopback; HSTS belongs to the TLS-terminating proxy
  });
};
