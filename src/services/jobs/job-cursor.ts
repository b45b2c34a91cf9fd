// The keyset cursor of job lists (/api/jobs and /api/clusters/:cluster_id/jobs): the last row's created_at at full
// precision and its job id, base64url JSON. A cursor that does not decode to exactly that is a 400.
import type { JobListFilter, JobRow } from '../../repositories/job-queries.repository.js';
import { ValidationError } from '../../shared/errors.js';

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([+-]\d{2}(:?\d{2})?|Z)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeJobCursor = (r: Pick<JobRow, 'created_at_key' | 'job_id'>) =>
  Buffer.from(JSON.stringify([r.created_at_key, r.job_id])).toString('base64url');

export const decodeJobCursor = (c: string): NonNullable<JobListFilter['after']> => {
  try {
    const [createdAt, jobId] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && TIMESTAMP_TEXT.test(createdAt) && typeof jobId === 'string' && UUID.test(jobId)) {
      return { createdAt, jobId };
    }
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is not valid; use next_cursor from the previous page.');
};
