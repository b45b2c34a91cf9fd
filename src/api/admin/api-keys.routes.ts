// Admin API for API keys: list (no secrets), create (the secret is in this one response only), delete.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import type { ApiKeysService } from '../../services/auth/api-keys.service.js';
import { ApiKeyList, ApiKeyListQuery, ApiKeyParams, CreateApiKeyBody, CreatedApiKey } from './api-keys.schemas.js';

export const registerApiKeyRoutes = (app: FastifyInstance, deps: { apiKeys: ApiKeysService }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/admin/api-keys', {
    schema: { tags: ['admin'], summary: 'List API keys by access key (never their secrets); ?access_key= finds one', querystring: ApiKeyListQuery, response: withErrors({ 200: ApiKeyList }) },
  }, async (req) => {
    const { access_key, ...page } = req.query;
    const p = await deps.apiKeys.listPage(page, access_key !== undefined ? { accessKey: access_key } : {});
    return { api_keys: p.items, next_offset: p.next_offset };
  });

  r.post('/api/admin/api-keys', {
    schema: { tags: ['admin'], summary: 'Create an API key; the secret is returned once', body: CreateApiKeyBody, response: withErrors({ 201: CreatedApiKey }) },
  }, async (req, reply) => {
    const b = req.body;
    const created = await deps.apiKeys.create(requestContext(req), {
      roles: b.roles,
      groups: b.groups,
      description: b.description,
      validUntil: b.valid_until,
      validForSeconds: b.valid_for_seconds,
    });
    reply.header('Cache-Control', 'no-store');
    return reply.status(201).send(created);
  });

  r.delete('/api/admin/api-keys/:access_key', {
    schema: { tags: ['admin'], summary: 'Delete an API key', params: ApiKeyParams, response: withErrors({ 204: z.null().describe('No content') }) },
  }, async (req, reply) => {
    await deps.apiKeys.delete(requestContext(req), req.params.access_key);
    return reply.status(204).send(null);
  });
};
