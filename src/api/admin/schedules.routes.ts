// Admin schedule API adapters: list, change interval / pause / resume, run now.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ScheduleRow } from '../../repositories/schedules.repository.js';
import type { ScheduleService } from '../../services/jobs/schedules.service.js';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import { Schedule, ScheduleList, ScheduleParams, ScheduleRunResponse, ScheduleUpdateBody } from './schedules.schemas.js';

const toBody = (s: ScheduleRow) => ({
  ...s,
  next_run_at: s.next_run_at.toISOString(),
  last_run_at: s.last_run_at ? s.last_run_at.toISOString() : null,
  updated_at: s.updated_at.toISOString(),
});

export const registerScheduleRoutes = (app: FastifyInstance, deps: { schedules: ScheduleService }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  r.get('/api/admin/schedules', { schema: { tags, summary: 'List schedules', response: withErrors({ 200: ScheduleList }) } },
    async () => ({ items: (await deps.schedules.list()).map(toBody) }));
  r.patch('/api/admin/schedules/:name', {
    schema: { tags, summary: 'Change a schedule’s interval, or pause/resume it', params: ScheduleParams, body: ScheduleUpdateBody, response: withErrors({ 200: Schedule }) },
  }, async (req) => {
    const b = req.body;
    return toBody(await deps.schedules.update(requestContext(req), req.params.name, {
      ...(b.interval_seconds !== undefined ? { intervalSeconds: b.interval_seconds } : {}),
      ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
    }));
  });
  r.post('/api/admin/schedules/:name/run', {
    schema: { tags, summary: 'Run a schedule’s job now (the period is not shifted; 409 while one of its jobs is queued or running)', params: ScheduleParams, response: withErrors({ 202: ScheduleRunResponse }) },
  }, async (req, reply) => reply.status(202).send(await deps.schedules.runNow(requestContext(req), req.params.name)));
};
