// One classification of what a managed cluster answers, turned into cp's error model. Connection failures (after
// every load balancer and node was tried) are 503 naming the cluster and what each address said; CockroachDB's
// SQLSTATEs map to the status a user can act on. The cluster's message is shown (it names objects, never a secret:
// passwords always travel as parameters); driver internals stay in `cause`.
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors.js';

export type ConnectAttempt = { address: string; error: string };

/** Socket-level and TLS failures: the address could not be used, another one may work. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EADDRNOTAVAIL',
]);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH|ERR_OSSL)/;

const codeOf = (err: unknown): string | undefined => {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
};

export const isConnectFailure = (err: unknown): boolean => {
  const code = codeOf(err);
  if (code && (CONNECT_CODES.has(code) || TLS_CODE.test(code))) return true;
  // Server-side refusals at connect time: draining (57P01), cannot connect now (57P03), too many connections.
  if (code === '57P01' || code === '57P03' || code === '53300' || code?.startsWith('08')) return true;
  const msg = err instanceof Error ? err.message : String(err);
  return /timeout expired|Connection terminated|connection timeout|does not support SSL|self.signed|certificate/i.test(msg);
};

export const isAuthFailure = (err: unknown): boolean => codeOf(err) === '28P01' || codeOf(err) === '28000';

export const isRetryable = (err: unknown): boolean => codeOf(err) === '40001';

/** A short, user-readable reason for one failed address (no stack, no driver noise). */
export const describeConnectError = (err: unknown): string => {
  const code = codeOf(err);
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ETIMEDOUT' || /timeout/i.test(String((err as Error)?.message))) return 'no answer within the connect timeout';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'network unreachable';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name does not resolve';
  if (code && TLS_CODE.test(code)) return `TLS certificate not trusted (${code})`;
  if (/certificate|self.signed/i.test(String((err as Error)?.message))) return `TLS certificate not trusted (${(err as Error).message})`;
  if (code === '28P01' || code === '28000') return 'authentication failed';
  if (code === '57P01' || code === '57P03') return 'node is not accepting clients (draining or starting)';
  return err instanceof Error ? err.message : String(err);
};

export const clusterUnreachable = (clusterId: string, attempts: ConnectAttempt[], cause?: unknown) =>
  new AppError(
    'UNAVAILABLE',
    attempts.length === 0
      ? `Cluster "${clusterId}" has no SQL address (no load balancer and no node in its inventory).`
      : `Cluster "${clusterId}" is unreachable: ${attempts.map((a) => `${a.address} (${a.error})`).join('; ')}.`,
    { details: { cluster_id: clusterId, attempts }, cause },
  );

export const authRejected = (clusterId: string, user: string, cause: unknown) =>
  new AppError(
    'UNAVAILABLE',
    `Cluster "${clusterId}" refused cp's service user "${user}" (authentication failed); its credentials on the cluster no longer match what cp stored.`,
    { details: { cluster_id: clusterId }, cause },
  );

/** A statement the cluster refused, mapped by SQLSTATE. Unknown codes stay as they are (a 500 with a fixed message). */
export const statementError = (clusterId: string, err: unknown): unknown => {
  const code = codeOf(err);
  const msg = err instanceof Error ? err.message : String(err);
  const details = { cluster_id: clusterId, sqlstate: code };
  switch (code) {
    case '42710': // duplicate_object (role/user exists)
    case '42P04': // duplicate_database
    case '42P06': // duplicate_schema
    case '42P07': // duplicate_table
      return new ConflictError(`Cluster "${clusterId}": ${msg}.`, details, err);
    case '42704': // undefined_object (role/user does not exist)
    case '3D000': // invalid_catalog_name
    case '3F000': // invalid_schema_name (CockroachDB's "target database or schema does not exist")
    case '42P01': // undefined_table
      return new NotFoundError(`Cluster "${clusterId}": ${msg}.`, details);
    case '42501': // insufficient_privilege
      return new ForbiddenError(`Cluster "${clusterId}" refused: ${msg}.`, details);
    case '57014': // query_canceled (statement timeout)
      return new AppError('UNAVAILABLE', `Cluster "${clusterId}" did not answer within the statement timeout.`, { details, cause: err });
    default:
      if (/Query read timeout/i.test(msg)) {
        return new AppError('UNAVAILABLE', `Cluster "${clusterId}" did not answer within the statement timeout.`, { details, cause: err });
      }
      if (isConnectFailure(err)) return clusterUnreachable(clusterId, [{ address: 'open connection', error: describeConnectError(err) }], err);
      return err;
  }
};
