// Zod schemas of the job API: validation, typed requests, response serialization (unlisted fields are stripped) and
// OpenAPI, in one place.
import { z } from 'zod';
import { JOB_STATUSES, TASK_LEVELS } from '../../jobs/types.js';
import { safeString } from '../http/strings.js';

const ts = z.string().describe('RFC 3339 timestamp');
const tsOrNull = ts.nullable();

export const JobParams = z.object({ job_id: safeString({ max: 64 }).describe('Job id (UUID)') });

const csv = <T extends z.ZodType<string, string>>(item: T) =>
  safeString({ max: 2_000 })
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(50));

export const JobListQuery = z.object({
  status: csv(z.enum(JOB_STATUSES)).optional().describe('Comma-separated statuses, e.g. QUEUED,RUNNING'),
  kind: csv(safeString({ max: 64 }).regex(/^[A-Z][A-Z0-9_]*$/)).optional().describe('Comma-separated job kinds, e.g. CREATE_CLUSTER'),
  cluster_id: safeString({ max: 64 }).optional().describe('Only jobs of this cluster'),
  created_by: safeString({ max: 256 }).optional().describe('Only jobs created by this actor'),
  created_after: z.iso.datetime({ offset: true }).optional().describe('Created at or after this time'),
  created_before: z.iso.datetime({ offset: true }).optional().describe('Created before this time'),
  cursor: safeString({ max: 512 }).optional().describe('next_cursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size (1-500)'),
});

export const JobDetailQuery = z.object({
  after_seq: z.coerce.number().int().min(0).default(0).describe('Return only task rows with seq greater than this (incremental polling)'),
});

export const Job = z.object({
  job_id: z.string().describe('Job id'),
  kind: z.string().describe('Job kind, e.g. CREATE_CLUSTER'),
  status: z.enum(JOB_STATUSES).describe('QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED'),
  payload: z.unknown().describe('Job input; secret-looking fields are redacted'),
  result: z.unknown().describe('Handler output, if any; secret-looking fields are redacted'),
  error: z.string().nullable().describe('Last failure, human readable'),
  cluster_id: z.string().nullable().describe('Linked cluster'),
  exclusive: z.boolean().describe('Whether the job holds its cluster exclusively'),
  priority: z.number().int().describe('Higher runs first'),
  attempts: z.number().int().describe('Attempts started so far'),
  max_attempts: z.number().int().describe('Attempts allowed by the kind’s retry policy'),
  run_at: ts.describe('Not before this time (backoff or delay)'),
  lease_owner: z.string().nullable().describe('Worker lease of the current or last run'),
  lease_expires_at: tsOrNull.describe('When the running job’s lease expires unless renewed'),
  cancel_requested_at: tsOrNull.describe('When a cancel was requested'),
  cancel_requested_by: z.string().nullable().describe('Who requested the cancel'),
  schedule_name: z.string().nullable().describe('Schedule that fired the job'),
  rescheduled_from: z.string().nullable().describe('The job this one re-runs'),
  created_at: ts.describe('Enqueued at'),
  created_by: z.string().describe('Actor that enqueued the job'),
  updated_at: ts.describe('Last change'),
  started_at: tsOrNull.describe('Start of the latest attempt'),
  finished_at: tsOrNull.describe('When the job ended'),
});

export const JobList = z.object({
  items: z.array(Job).describe('Jobs, newest first'),
  next_cursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page'),
});

export const JobStats = z.object({
  total: z.number().int(), queued: z.number().int(), running: z.number().int(),
  succeeded: z.number().int(), failed: z.number().int(), cancelled: z.number().int(),
}).describe('Job counts by status (visible jobs only)');

export const JobTask = z.object({
  seq: z.number().int().describe('Per-job sequence number, increasing'),
  ts: ts.describe('When the task row was written'),
  level: z.enum(TASK_LEVELS).describe('debug, info, warning or error'),
  name: z.string().describe('Step name'),
  detail: z.string().nullable().describe('Output; long output is truncated with a marker'),
});

export const JobDetail = z.object({
  job: Job,
  tasks: z.array(JobTask).describe('Task rows after after_seq, oldest first (at most 1000 per call)'),
  last_seq: z.number().int().describe('Pass as after_seq to get only newer rows'),
});

export const RescheduleResponse = z.object({
  job_id: z.string().describe('The new job'),
  kind: z.string().describe('Kind of the new job (CREATE_CLUSTER becomes RECREATE_CLUSTER)'),
  rescheduled_from: z.string().describe('The FAILED or CANCELLED job it re-runs'),
});

export const CancelResponse = z.object({
  job_id: z.string(),
  status: z.enum(['CANCELLED', 'CANCEL_REQUESTED']).describe('CANCELLED for a queued job; CANCEL_REQUESTED while a running job stops'),
});
