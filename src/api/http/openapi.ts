// OpenAPI 3.1 generated from the same Zod schemas that validate requests and serialize responses; served at
// /api/openapi.json with a docs UI at /api/docs.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const registerOpenApi = async (app: FastifyInstance, opts: { version: string }) => {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cp — CockroachDB control plane API',
        version: opts.version,
        description:
          'Manage CockroachDB clusters, their databases, users, backups and jobs. Authenticate with the web session ' +
          '(cookie + X-CP-CSRF header) or with an API key (X-CP-Access-Key, X-CP-Signature, X-Timestamp). Errors ' +
          'always use the envelope {"error": {code, message, request_id, details?}}.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cp_session' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-CP-Access-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { url: '/api/openapi.json', deepLinking: true },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
