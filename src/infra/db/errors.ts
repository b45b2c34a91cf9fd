// Driver errors classified by SQLSTATE, in one place. The original error is kept as `cause`; its text never reaches
// a client (the HTTP layer renders AppErrors by code and message only).
import { AppError, ConflictError, UnavailableError, ValidationError } from '../../shared/errors.js';

export type DbErrorClass = 'conflict' | 'validation' | 'retry' | 'unavailable' | 'other';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
]);
// Text that node-postgres / pg-pool use for connection-level failures without a code (pool timeout, lost socket).
const CONNECTION_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|connection error and is not queryable|Connection refused/i;
// Text PostgreSQL cannot store (a NUL byte, an untranslatable or invalid escape in JSON): the client's input is wrong.
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

export const sqlState = (err: unknown): string | undefined => {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};

export const classifyDbError = (err: unknown): DbErrorClass => {
  const code = sqlState(err);
  if (code === undefined) {
    const msg = err instanceof Error ? err.message : '';
    if (CONNECTION_MESSAGES.test(msg)) return 'unavailable';
    return 'other';
  }
  if (code === '40001' || code === '40P01') return 'retry';
  if (code === '23505') return 'conflict';
  if (['23503', '23514', '23502', '22P02', '22001', '22003', '22007', '22008', '23P01'].includes(code) || UNSTORABLE_TEXT.has(code)) return 'validation';
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return 'unavailable';
  if (CONNECTION_CODES.has(code)) return 'unavailable';
  return 'other';
};

export const isRetryableDbError = (err: unknown): boolean => classifyDbError(err) === 'retry';

/**
 * Maps a driver error to an AppError for callers that did not handle it more precisely. Repositories that know
 * what a unique violation means (e.g. "version already exists") should catch `conflict` themselves and say so.
 */
export const toAppError = (err: unknown): unknown => {
  if (err instanceof AppError) return err;
  switch (classifyDbError(err)) {
    case 'conflict':
      return new ConflictError('The item already exists.', undefined, err);
    case 'validation':
      return UNSTORABLE_TEXT.has(sqlState(err) ?? '')
        ? new ValidationError('The request contains text that cannot be stored (a NUL character or invalid Unicode).', undefined, err)
        : new ValidationError('The request refers to something that does not exist or is not allowed.', undefined, err);
    case 'unavailable':
    case 'retry':
      return new UnavailableError('The metadata database is temporarily unavailable; try again shortly.', err);
    default:
      return err;
  }
};
