// X-Request-ID: an incoming value is kept when it is 1-128 printable ASCII characters, otherwise a new UUID is used.
// Every response carries the id; logs and audit events quote it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const PRINTABLE = /^[\x20-\x7e]{1,128}$/;

export const acceptRequestId = (value: unknown): string | undefined =>
  typeof value === 'string' && PRINTABLE.test(value) && value.trim() === value ? value : undefined;

export const genRequestId = (req: IncomingMessage): string => acceptRequestId(req.headers['x-request-id']) ?? randomUUID();
