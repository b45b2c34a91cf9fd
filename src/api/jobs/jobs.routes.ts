// Job API adapters: validate, call the job service once, map dates to strings.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { JobService, JobView } from '../../services/jobs/jobs.service.js';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import type { Job} from './jobs.schemas.js';
import { CancelResponse, JobDetail, JobDetailQuery, JobList, JobListQuery, JobParams, JobStats, RescheduleResponse } from './jobs.schemas.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toJobBody = (j: JobView): z.input<typeof Job> => ({
  ...j,
  status: j.status as z.infer<typeof Job>['status'],
  run_at: j.run_at.toISOString(),
  lease_expires_at: iso(j.lease_expires_at),
  cancel_requested_at: iso(j.cancel_requested_at),
  created_at: j.created_at.toISOString(),
  updated_at: j.updated_at.toISOString(),
  started_at: iso(j.started_at),
  finished_at: iso(j.finished_at),
});

export const registerJobRoutes = (app: FastifyInstance, deps: { jobs: JobService }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['jobs'];

  r.get('/api/jobs', { schema: { tags, summary: 'List jobs (newest first, cursor pagination)', querystring: JobListQuery, response: withErrors({ 200: JobList }) } },
    async (req) => {
      const q = req.query;
      const page = await deps.jobs.list(requestContext(req), {
        ...(q.status ? { statuses: q.status } : {}),
        ...(q.kind ? { kinds: q.kind } : {}),
        ...(q.cluster_id ? { clusterId: q.cluster_id } : {}),
        ...(q.created_by ? { createdBy: q.created_by } : {}),
        ...(q.created_after ? { createdAfter: new Date(q.created_after) } : {}),
        ...(q.created_before ? { createdBefore: new Date(q.created_before) } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        limit: q.limit,
      });
      return { items: page.items.map(toJobBody), next_cursor: page.next_cursor };
    });

  r.get('/api/jobs/stats', { schema: { tags, summary: 'Job counts by status', response: withErrors({ 200: JobStats }) } },
    async (req) => deps.jobs.stats(requestContext(req)));

  r.get('/api/jobs/:job_id', {
    schema: { tags, summary: 'Job detail with task rows (?after_seq= for new rows only)', params: JobParams, querystring: JobDetailQuery, response: withErrors({ 200: JobDetail }) },
  }, async (req) => {
    const d = await deps.jobs.get(requestContext(req), req.params.job_id, req.query.after_seq);
    return { job: toJobBody(d.job), tasks: d.tasks.map((t) => ({ ...t, ts: t.ts.toISOString() })), last_seq: d.last_seq };
  });

  r.post('/api/jobs/:job_id/reschedule', {
    schema: { tags, summary: 'Re-run a FAILED or CANCELLED job as a new job (once per job: a second time is a 409 naming the first re-run)', params: JobParams, response: withErrors({ 201: RescheduleResponse }) },
  }, async (req, reply) => reply.status(201).send(await deps.jobs.reschedule(requestContext(req), req.params.job_id)));

  r.post('/api/jobs/:job_id/cancel', {
    schema: { tags, summary: 'Cancel a queued job, or ask a running one to stop', params: JobParams, response: withErrors({ 202: CancelResponse }) },
  }, async (req, reply) => reply.status(202).send(await deps.jobs.cancel(requestContext(req), req.params.job_id)));
};
