// Whether the metadata database answers, as seen by the statements cp runs on it. An outage is logged ONCE at warn
// when the first connection-class failure is seen (no stack: the code and message say enough) and once more when a
// statement succeeds again, with how long it lasted and how many requests were answered 503 meanwhile. In between,
// the HTTP layer answers 503 UNAVAILABLE with Retry-After and logs nothing per request.
import type { Logger } from '../logging/logger.js';
import type { Db, Row, TransactionOptions, Tx } from './db.js';
import { classifyDbError, sqlState } from './errors.js';

export type DbAvailability = {
  /** Notes a failure; returns true when it is a connection-class one (an outage). */
  failed(err: unknown): boolean;
  succeeded(): void;
  /** Counts a request answered 503 because of the outage. */
  refused(): void;
  readonly down: boolean;
};

export const createDbAvailability = (logger: Pick<Logger, 'warn'>, now: () => number = Date.now): DbAvailability => {
  let since: number | undefined;
  let refusedRequests = 0;
  return {
    failed(err) {
      if (classifyDbError(err) !== 'unavailable') return false;
      if (since === undefined) {
        since = now();
        refusedRequests = 0;
        logger.warn(
          { code: sqlState(err) ?? null, reason: err instanceof Error ? err.message : String(err) },
          'metadata database unavailable: API requests that need it are answered 503 until it recovers',
        );
      }
      return true;
    },
    succeeded() {
      if (since === undefined) return;
      const seconds = Math.round((now() - since) / 100) / 10;
      logger.warn({ outage_seconds: seconds, refused_requests: refusedRequests }, `metadata database available again after ${seconds} s`);
      since = undefined;
    },
    refused() {
      refusedRequests++;
    },
    get down() {
      return since !== undefined;
    },
  };
};

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The same Db, reporting every statement's and transaction's outcome to `availability`. */
export const watchAvailability = (db: Db, availability: DbAvailability): Db => {
  const track = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      const result = await run();
      availability.succeeded();
      return result;
    } catch (err) {
      // Any answer from the server (a constraint violation, a syntax error) proves it is reachable.
      if (!availability.failed(err) && SQLSTATE.test(sqlState(err) ?? '')) availability.succeeded();
      throw err;
    }
  };
  return {
    kind: db.kind,
    query: <R extends Row>(sql: string, params?: readonly unknown[]) => track(() => db.query<R>(sql, params)),
    transaction: <T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions) => track(() => db.transaction(fn, options)),
    poolStats: () => db.poolStats(),
    close: () => db.close(),
  };
};
