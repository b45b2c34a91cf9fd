// Cluster routes (spec §3.2, decisions.md): adapters only — validated input in, one service call, mapped output.
// Per-cluster operations live under /api/clusters/:cluster_id/…, so the guard checks visibility for every one of
// them (mutations included [1]).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ClusterQueries } from '../../services/clusters/cluster-queries.service.js';
import type { ClusterService } from '../../services/clusters/clusters.service.js';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import {
  ClusterDetail, ClusterIdParams, ClusterJobDetail, ClusterJobParams, ClusterJobQuery, ClusterJobs, ClusterJobsQuery, ClusterList, ClusterOptions,
  ClusterStats, CreateClusterBody, DryRunQuery, Enqueued, EnqueuedOrPlan, ListClustersQuery, ScaleClusterBody, UpgradeClusterBody,
} from './clusters.schemas.js';

export type ClusterRoutesDeps = { clusters: ClusterService; clusterQueries: ClusterQueries };

const tags = ['clusters'];

export const registerClusterRoutes = (app: FastifyInstance, deps: ClusterRoutesDeps) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const q = deps.clusterQueries;

  r.get('/api/clusters', {
    schema: { tags, summary: 'Clusters you can see, newest first', querystring: ListClustersQuery, response: withErrors({ 200: ClusterList }) },
  }, async (req) => {
    const { name_prefix, ...rest } = req.query;
    return q.list(requestContext(req).identity, { ...rest, namePrefix: name_prefix });
  });

  r.get('/api/clusters/stats', {
    schema: { tags, summary: 'Cluster counts by status (visible clusters)', response: withErrors({ 200: ClusterStats }) },
  }, async (req) => q.stats(requestContext(req).identity));

  r.post('/api/clusters', {
    schema: { tags, summary: 'Create a cluster (starts a CREATE_CLUSTER job)', body: CreateClusterBody, response: withErrors({ 202: Enqueued }) },
  }, async (req, reply) => reply.status(202).send(await deps.clusters.create(requestContext(req), req.body)));

  r.get('/api/clusters/:cluster_id', {
    schema: { tags, summary: 'One cluster (no secrets)', params: ClusterIdParams, response: withErrors({ 200: ClusterDetail }) },
  }, async (req) => q.get(req.params.cluster_id));

  r.delete('/api/clusters/:cluster_id', {
    schema: {
      tags, summary: 'Delete a cluster (starts a DELETE_CLUSTER job; ?dry_run=true shows the plan)',
      params: ClusterIdParams, querystring: DryRunQuery, response: withErrors({ 200: EnqueuedOrPlan, 202: Enqueued }),
    },
  }, async (req, reply) => {
    const out = await deps.clusters.delete(requestContext(req), req.params.cluster_id, req.query.dry_run);
    return reply.status('dry_run' in out ? 200 : 202).send(out);
  });

  r.get('/api/clusters/:cluster_id/options', {
    schema: { tags, summary: 'What the cluster can be scaled or upgraded to', params: ClusterIdParams, response: withErrors({ 200: ClusterOptions }) },
  }, async (req) => q.options(req.params.cluster_id));

  r.post('/api/clusters/:cluster_id/scale', {
    schema: {
      tags, summary: 'Scale disk, vCPUs, nodes or regions (starts a SCALE_CLUSTER job; ?dry_run=true shows the plan)',
      params: ClusterIdParams, querystring: DryRunQuery, body: ScaleClusterBody, response: withErrors({ 200: EnqueuedOrPlan, 202: Enqueued }),
    },
  }, async (req, reply) => {
    const out = await deps.clusters.scale(requestContext(req), req.params.cluster_id, req.body, req.query.dry_run);
    return reply.status('dry_run' in out ? 200 : 202).send(out);
  });

  r.post('/api/clusters/:cluster_id/upgrade', {
    schema: {
      tags, summary: 'Upgrade CockroachDB (starts an UPGRADE_CLUSTER job; ?dry_run=true shows the plan)',
      params: ClusterIdParams, querystring: DryRunQuery, body: UpgradeClusterBody, response: withErrors({ 200: EnqueuedOrPlan, 202: Enqueued }),
    },
  }, async (req, reply) => {
    const out = await deps.clusters.upgrade(requestContext(req), req.params.cluster_id, req.body, req.query.dry_run);
    return reply.status('dry_run' in out ? 200 : 202).send(out);
  });

  r.post('/api/clusters/:cluster_id/finalize', {
    schema: { tags, summary: 'Finalize a major upgrade (starts a FINALIZE_UPGRADE job)', params: ClusterIdParams, response: withErrors({ 202: Enqueued }) },
  }, async (req, reply) => reply.status(202).send(await deps.clusters.finalize(requestContext(req), req.params.cluster_id)));

  r.get('/api/clusters/:cluster_id/jobs', {
    schema: { tags, summary: 'Jobs of the cluster, newest first (cursor pagination)', params: ClusterIdParams, querystring: ClusterJobsQuery, response: withErrors({ 200: ClusterJobs }) },
  }, async (req) => q.jobs(req.params.cluster_id, req.query));

  r.get('/api/clusters/:cluster_id/jobs/:job_id', {
    schema: {
      tags, summary: 'One job of the cluster with its tasks (poll with ?after_seq=<last_seq> for new lines only)',
      params: ClusterJobParams, querystring: ClusterJobQuery, response: withErrors({ 200: ClusterJobDetail }),
    },
  }, async (req) => q.job(req.params.cluster_id, req.params.job_id, req.query.after_seq));
};
