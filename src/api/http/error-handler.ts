// Maps every error to the standard envelope. AppErrors keep their code and message; schema validation becomes 400
// with the failing fields; framework errors (bad JSON, body too large, rate limit) keep their status; anything else
// is logged in full and answered with a fixed 500 message so driver or stack text never leaks.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, INTERNAL_ERROR_MESSAGE, type ErrorCode } from '../../shared/errors.js';
import type { ErrorBody } from './error-envelope.js';

const send = (reply: FastifyReply, request: FastifyRequest, code: ErrorCode, message: string, details?: unknown, status?: number) => {
  const body: ErrorBody = { error: { code, message, request_id: String(request.id) } };
  if (details !== undefined) body.error.details = details;
  return reply.status(status ?? ERROR_STATUS[code]).type('application/json').send(body);
};

const FRAMEWORK_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

export const registerErrorHandling = (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err, cause: err.cause }, 'request failed');
      return send(reply, request, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'request';
      const fields = err.validation.map((v) => ({
        location: where,
        path: (v.instancePath || '/').replace(/^\//, '').replace(/\//g, '.') || '(root)',
        message: v.message ?? 'is invalid',
      }));
      const first = fields[0];
      const message = first ? `Invalid ${where}: ${first.path === '(root)' ? '' : `${first.path} `}${first.message}` : `Invalid ${where}.`;
      return send(reply, request, 'VALIDATION_FAILED', message, { fields });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return send(reply, request, 'INTERNAL', INTERNAL_ERROR_MESSAGE);
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    const mapped = FRAMEWORK_CODES[status];
    if (status < 500 && mapped) {
      if (status === 429) return send(reply, request, 'RATE_LIMITED', 'Too many requests; retry after the time given in Retry-After.', undefined, 429);
      return send(reply, request, mapped, err.message, undefined, status);
    }
    request.log.error({ err }, 'unhandled error');
    return send(reply, request, 'INTERNAL', INTERNAL_ERROR_MESSAGE);
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, request, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}; see /api/docs for the API.`),
  );
};
