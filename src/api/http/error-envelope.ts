// The one error body of the API: {"error": {code, message, request_id, details?}}.
import { z } from 'zod';
import { ERROR_STATUS } from '../../shared/errors.js';

export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]).describe('Machine-readable error code'),
      message: z.string().describe('What went wrong and, where possible, what to do about it'),
      request_id: z.string().describe('Quote this when reporting a problem'),
      details: z.unknown().optional().describe('Structured detail, e.g. the failing fields of a validation error'),
    }),
  })
  .describe('Error');

export type ErrorBody = z.infer<typeof ErrorEnvelope>;

/** Response schemas for a route: the given successes plus the error envelope for every 4xx/5xx. */
export const withErrors = <T extends Record<number, z.ZodType>>(ok: T) => ({
  ...ok,
  '4xx': ErrorEnvelope,
  '5xx': ErrorEnvelope,
});
