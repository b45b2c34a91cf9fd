// Maps every error to the standard envelope. AppErrors keep their code and message; schema validation becomes 400
// with the failing fields; framework errors (bad JSON, body too large, a plugin's 403, rate limit) keep their 4xx
// status; driver errors are classified by SQLSTATE (src/infra/db/errors.ts): the metadata database being
// unreachable is a 503 UNAVAILABLE with Retry-After (logged once per outage by DbAvailability, not per request),
// text it cannot store (22021, 22P05) a 400, a unique violation a 409. Anything else is logged in full and answered
// with a fixed 500 message so driver or stack text never leaks.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { createDbAvailability, type DbAvailability } from '../../infra/db/availability.js';
import { toAppError } from '../../infra/db/errors.js';
import { AppError, ERROR_STATUS, INTERNAL_ERROR_MESSAGE, type ErrorCode } from '../../shared/errors.js';
import type { ErrorBody } from './error-envelope.js';

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

const send = (reply: FastifyReply, request: FastifyRequest, code: ErrorCode, message: string, details?: unknown, status?: number) => {
  const body: ErrorBody = { error: { code, message, request_id: String(request.id) } };
  if (details !== undefined) body.error.details = details;
  const s = status ?? ERROR_STATUS[code];
  if (s === 503 && !reply.hasHeader('retry-after')) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
  return reply.status(s).type('application/json').send(body);
};

// Codes for the 4xx statuses Fastify and its plugins raise; any other 4xx keeps its status as VALIDATION_FAILED.
const FRAMEWORK_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

type Issue = { code?: string; message?: string; path?: PropertyKey[]; issues?: Issue[]; errors?: Issue[][] };

/**
 * The useful message of a Zod issue: for a record key or a union, Zod only says "Invalid key in record" / "Invalid
 * input"; the reason is one level down (for a union, in the option whose type matched the value).
 */
const explain = (code: string | undefined, message: string, inner: Issue): string => {
  if (code === 'invalid_key' && inner.issues?.[0]) return `key ${explainIssue(inner.issues[0])}`;
  if (code === 'invalid_union' && inner.errors) {
    const matched = inner.errors.find((b) => b.some((i) => i.code !== 'invalid_type' || (i.path?.length ?? 0) > 0));
    if (matched?.[0]) return explainIssue(matched[0]);
  }
  return message;
};

const explainIssue = (i: Issue): string => {
  const at = i.path?.length ? `${i.path.map(String).join('.')} ` : '';
  return `${at}${explain(i.code, i.message ?? 'is invalid', i)}`;
};

export type ErrorHandlingDeps = { availability?: DbAvailability };

export const registerErrorHandling = (app: FastifyInstance, deps: ErrorHandlingDeps = {}) => {
  const availability = deps.availability ?? createDbAvailability(app.log);
  app.setErrorHandler((raw: FastifyError, request, reply) => {
    // A driver error nobody handled more precisely: classified here, once.
    const err = raw instanceof AppError ? raw : (toAppError(raw) as FastifyError | AppError);
    if (err instanceof AppError) {
      if (err !== raw && err.code === 'UNAVAILABLE') {
        // The metadata database is unreachable: DbAvailability logged the outage once; this request is only counted.
        if (availability.failed(raw)) availability.refused();
        else request.log.warn({ code: (raw as { code?: unknown }).code }, 'transaction gave up after repeated serialization failures; answered 503');
      } else if (err.code === 'UNAVAILABLE') {
        // A dependency the caller named (e.g. a managed cluster) did not answer: an operational fact, not a bug in
        // cp — one warn line with the message, no stack.
        request.log.warn({ code: err.code, details: err.details }, err.message);
      } else if (err.status >= 500) request.log.error({ err, cause: err.cause }, 'request failed');
      const wait = (err.details as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
      if (err.code === 'RATE_LIMITED' && typeof wait === 'number' && !reply.hasHeader('retry-after')) reply.header('Retry-After', String(wait));
      return send(reply, request, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'request';
      const fields = err.validation.map((v) => ({
        location: where,
        path: (v.instancePath || '/').replace(/^\//, '').replace(/\//g, '.') || '(root)',
        message: explain(v.keyword, v.message ?? 'is invalid', v.params as Issue),
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
    if (status === 429) return send(reply, request, 'RATE_LIMITED', 'Too many requests; retry after the time given in Retry-After.', undefined, 429);
    if (status >= 400 && status < 500) return send(reply, request, FRAMEWORK_CODES[status] ?? 'VALIDATION_FAILED', err.message, undefined, status);
    if (status === 503) return send(reply, request, 'UNAVAILABLE', err.message, undefined, 503);
    request.log.error({ err }, 'unhandled error');
    return send(reply, request, 'INTERNAL', INTERNAL_ERROR_MESSAGE);
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, request, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}; see /api/docs for the API.`),
  );
};
