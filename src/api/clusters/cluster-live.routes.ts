// Routes that talk to the managed cluster itself (adapters only): the live overview and SQL access for people. The
// guard checks visibility of :cluster_id before any of them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ClusterConnectionService } from '../../services/clusters/cluster-connection.service.js';
import type { ClusterOverviewService } from '../../services/clusters/cluster-overview.service.js';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import { ClusterConnectionResponse, ClusterOverviewResponse, RotatedPasswordResponse } from './cluster-live.schemas.js';
import { ClusterIdParams } from './clusters.schemas.js';

export type ClusterLiveRoutesDeps = { overview: ClusterOverviewService; connection: ClusterConnectionService };

const tags = ['clusters'];

export const registerClusterLiveRoutes = (app: FastifyInstance, deps: ClusterLiveRoutesDeps) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/clusters/:cluster_id/overview', {
    schema: {
      tags, summary: 'Live overview: nodes, version, ranges and whether it is safe to operate (asks the cluster; 503 when unreachable)',
      params: ClusterIdParams, response: withErrors({ 200: ClusterOverviewResponse }),
    },
  }, async (req) => deps.overview.overview(req.params.cluster_id));

  r.get('/api/clusters/:cluster_id/connection', {
    schema: {
      tags, summary: 'How to connect with SQL: host and port per region, admin user, CA certificate, ready URLs (no password)',
      params: ClusterIdParams, response: withErrors({ 200: ClusterConnectionResponse }),
    },
  }, async (req) => deps.connection.get(req.params.cluster_id));

  r.get('/api/clusters/:cluster_id/connection/ca.crt', {
    schema: { tags, summary: 'The cluster CA certificate (PEM download)', params: ClusterIdParams },
  }, async (req, reply) => {
    const pem = await deps.connection.caCert(req.params.cluster_id);
    return reply
      .header('content-type', 'application/x-pem-file')
      .header('content-disposition', 'attachment; filename="ca.crt"')
      .send(pem);
  });

  r.post('/api/clusters/:cluster_id/connection/password', {
    schema: {
      tags, summary: "Set a new random password for the cluster's admin SQL user and return it once (audited, never logged)",
      params: ClusterIdParams, response: withErrors({ 200: RotatedPasswordResponse }),
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return deps.connection.rotatePassword(requestContext(req), req.params.cluster_id);
  });
};
