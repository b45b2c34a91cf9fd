import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ClusterOptionsService } from '../../services/clusters/cluster-options.service.js';
import { withErrors } from '../http/error-envelope.js';
import { ClusterOptionsResponse } from './cluster-options.schemas.js';

export const registerClusterOptionsRoutes = (app: FastifyInstance, deps: { clusterOptions: ClusterOptionsService }) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/clusters/options',
    { schema: { tags: ['clusters'], summary: 'What a new cluster can be: versions, sizes and regions', response: withErrors({ 200: ClusterOptionsResponse }) } },
    async () => deps.clusterOptions.get(),
  );
};
