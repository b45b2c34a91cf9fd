// Cross-cutting request hooks: the X-Request-ID response header, the latency histogram, Cache-Control for the API,
// and the security headers.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../infra/metrics/metrics.js';

export const registerRequestHooks = (app: FastifyInstance, metrics: Metrics) => {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-ID', request.id);
  });
  // API answers carry tenant data or credentials (/api/auth/me's CSRF token): no browser or proxy may store them,
  // unless a route chose its own policy (the docs UI's static files).
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store');
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
    // X-Frame-Options says what frame-ancestors 'none' says (SAMEORIGIN would contradict it for old browsers).
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
    hsts: false, // cp may be served over plain http on loopback; HSTS belongs to the TLS-terminating proxy
  });
};
