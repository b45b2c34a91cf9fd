import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { SettingsService } from '../../services/settings/settings.service.js';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import { ListSettingsResponse, Setting, SettingKeyParams, UpdateSettingBody } from './settings.schemas.js';

export const registerAdminSettingsRoutes = (app: FastifyInstance, deps: { settings: SettingsService }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin: settings'];
  r.get('/api/admin/settings', { schema: { tags, summary: 'List settings by category', response: withErrors({ 200: ListSettingsResponse }) } },
    async () => ({ categories: await deps.settings.list() }));
  r.get('/api/admin/settings/:key', { schema: { tags, summary: 'Get one setting', params: SettingKeyParams, response: withErrors({ 200: Setting }) } },
    async (req) => deps.settings.get(req.params.key));
  r.patch(
    '/api/admin/settings/:key',
    { schema: { tags, summary: 'Change a setting (validated against its type)', params: SettingKeyParams, body: UpdateSettingBody, response: withErrors({ 200: Setting }) } },
    async (req) => deps.settings.update(requestContext(req), req.params.key, req.body.value),
  );
  r.put(
    '/api/admin/settings/:key/reset',
    { schema: { tags, summary: 'Reset a setting to its default', params: SettingKeyParams, response: withErrors({ 200: Setting }) } },
    async (req) => deps.settings.reset(requestContext(req), req.params.key),
  );
};
