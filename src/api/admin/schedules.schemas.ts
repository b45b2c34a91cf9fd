import { z } from 'zod';
import { safeString } from '../http/strings.js';

export const ScheduleParams = z.object({ name: safeString({ max: 128 }).describe('Schedule name') });

export const Schedule = z.object({
  name: z.string().describe('Schedule name, e.g. retention-sweeper'),
  kind: z.string().describe('Job kind it enqueues'),
  interval_seconds: z.number().int().describe('Period in seconds'),
  enabled: z.boolean().describe('false while paused'),
  next_run_at: z.string().describe('Next firing (RFC 3339)'),
  last_run_at: z.string().nullable().describe('Last firing'),
  last_job_id: z.string().nullable().describe('Job of the last firing'),
  description: z.string().describe('What the schedule does'),
  updated_at: z.string(),
  updated_by: z.string().describe('Who last changed interval or pause'),
});

export const ScheduleList = z.object({ items: z.array(Schedule) });

export const ScheduleUpdateBody = z
  .strictObject({
    interval_seconds: z.number().int().min(10).max(2_592_000).optional().describe('New period in seconds (10 s to 30 days); restarts the period from now'),
    enabled: z.boolean().optional().describe('false pauses, true resumes'),
  })
  .refine((b) => b.interval_seconds !== undefined || b.enabled !== undefined, { message: 'give interval_seconds and/or enabled' });

export const ScheduleRunResponse = z.object({ job_id: z.string().describe('The job enqueued now') });
