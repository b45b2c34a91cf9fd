import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RoleTemplatesService } from '../../services/admin/role-templates.service.js';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import { PageQuery } from '../http/pagination.js';
import { RoleTemplate, RoleTemplateBody, RoleTemplateDeleted, RoleTemplateList, RoleTemplateParams } from './role-templates.schemas.js';

export const registerAdminRoleTemplateRoutes = (app: FastifyInstance, deps: { roleTemplates: RoleTemplatesService }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin: database role templates'];
  r.get('/api/admin/database-role-templates', { schema: { tags, summary: 'List database role templates', querystring: PageQuery, response: withErrors({ 200: RoleTemplateList }) } },
    async (req) => deps.roleTemplates.list(req.query));
  r.post('/api/admin/database-role-templates', { schema: { tags, summary: 'Add a database role template', body: RoleTemplateBody, response: withErrors({ 201: RoleTemplate }) } },
    async (req, reply) => reply.status(201).send(await deps.roleTemplates.create(requestContext(req), req.body)));
  r.delete(
    '/api/admin/database-role-templates/:name',
    { schema: { tags, summary: 'Remove a template (409 while clusters hold roles made from it)', params: RoleTemplateParams, response: withErrors({ 200: RoleTemplateDeleted }) } },
    async (req) => deps.roleTemplates.remove(requestContext(req), req.params.name),
  );
};
