import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RegionsService } from '../../services/admin/regions.service.js';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import { PageQuery } from '../http/pagination.js';
import { Region, RegionBody, RegionDeleted, RegionList, RegionParams } from './regions.schemas.js';

export const registerAdminRegionRoutes = (app: FastifyInstance, deps: { regions: RegionsService }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin: regions'];
  r.get('/api/admin/regions', { schema: { tags, summary: 'List region zones', querystring: PageQuery, response: withErrors({ 200: RegionList }) } },
    async (req) => deps.regions.list(req.query));
  r.post('/api/admin/regions', { schema: { tags, summary: 'Add a region zone', body: RegionBody, response: withErrors({ 201: Region }) } },
    async (req, reply) => reply.status(201).send(await deps.regions.create(requestContext(req), req.body)));
  r.delete(
    '/api/admin/regions/:cloud/:region/:zone',
    { schema: { tags, summary: 'Remove a region zone', params: RegionParams, response: withErrors({ 200: RegionDeleted }) } },
    async (req) => deps.regions.remove(requestContext(req), req.params.cloud, req.params.region, req.params.zone),
  );
};
