// One error model for the whole service. Services and repositories throw AppError subclasses; the HTTP layer maps
// `code` to a status with the exhaustive table below and renders the standard envelope. Anything that is not an
// AppError becomes a fixed-message 500 (the original is logged with the request id, never sent).

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options?: { details?: unknown; cause?: unknown }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'AppError';
    this.code = code;
    this.details = options?.details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown, cause?: unknown) {
    super('VALIDATION_FAILED', message, { details, cause });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, details?: unknown) {
    super('NOT_FOUND', message, { details });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown, cause?: unknown) {
    super('CONFLICT', message, { details, cause });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required.', details?: unknown) {
    super('UNAUTHENTICATED', message, { details });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this.', details?: unknown) {
    super('FORBIDDEN', message, { details });
  }
}

export class UnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('UNAVAILABLE', message, { cause });
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const INTERNAL_ERROR_MESSAGE = 'An internal error occurred. Quote the request id when reporting it.';
