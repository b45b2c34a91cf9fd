import { z } from 'zod';

export const HealthzResponse = z.object({ status: z.literal('ok').describe('The process is up') });

export const ReadyzResponse = z.object({
  status: z.enum(['ready', 'not_ready']).describe('ready when the database answers and is fully migrated'),
  checks: z.object({
    database: z.enum(['ok', 'unreachable']),
    migrations: z.enum(['ok', 'pending', 'unknown']),
  }),
  migration: z
    .object({ current: z.number().int(), latest: z.number().int(), pending: z.number().int() })
    .optional()
    .describe('Schema version in the database and in this build'),
  reasons: z.array(z.string()).describe('Why the instance is not ready, with what to do'),
});
