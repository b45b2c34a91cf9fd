// Error text for inline display (dialogs, fields): the server's message plus its request id. Inline, not a toast,
// because a toast sits under a modal dialog's backdrop.
import { ApiError } from '../api';

export const errorText = (err: unknown): string =>
  err instanceof ApiError && err.requestId ? `${err.message} (request id ${err.requestId})` : String((err as Error)?.message ?? err);

/** Statuses that replace a page with the server's reason instead of a toast (no access, gone, not applicable). */
export const blockingStatus = (err: unknown): boolean => err instanceof ApiError && [403, 404, 409].includes(err.status);
