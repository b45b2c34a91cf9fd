// Db over node-postgres: CockroachDB in production, PostgreSQL in tests. Every value type is parsed the same way as
// the PGlite adapter does (INT8 as number, BYTEA as Buffer, JSONB as objects, TIMESTAMPTZ as Date).
import pg from 'pg';
import type { Db, QueryResult, Row, TransactionOptions, Tx } from './db.js';
import { classifyDbError } from './errors.js';
import { DEFAULT_TX_RETRY, withTxRetry, type RetryHooks } from './retry.js';

const INT8_OID = 20;

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format ?? 'text') as (v: string) => unknown;
  }) as typeof pg.types.getTypeParser,
};

export type PgDbOptions = {
  connectionString: string;
  poolMax?: number;
  applicationName?: string;
  statementTimeoutMs?: number;
  hooks?: RetryHooks;
};

const toResult = <R extends Row>(r: pg.QueryResult): QueryResult<R> => ({
  rows: r.rows as R[],
  rowCount: r.rowCount ?? r.rows.length,
});

export const createPgDb = (options: PgDbOptions): Db => {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? 'cp',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    types: typeParsers,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener Node would crash.
  pool.on('error', () => undefined);

  const runTransaction = async <T>(fn: (tx: Tx) => Promise<T>, readOnly: boolean): Promise<T> => {
    const client = await pool.connect();
    let broken = false;
    // A checked-out client has no pool listener: a connection lost between two statements of the transaction would
    // emit an unhandled 'error' and crash the process (found by test/integration/faults/db-outage.test.ts). The
    // next statement fails with the reason; the client is then discarded.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query(`BEGIN ISOLATION LEVEL SERIALIZABLE${readOnly ? ' READ ONLY' : ''}`);
      const tx: Tx = {
        query: async <R extends Row>(sql: string, params?: readonly unknown[]) =>
          toResult<R>(await client.query(sql, params as unknown[] | undefined)),
      };
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      if (classifyDbError(err) === 'unavailable') broken = true;
      throw err;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  };

  return {
    kind: 'postgres',
    query: async <R extends Row>(sql: string, params?: readonly unknown[]) =>
      toResult<R>(await pool.query(sql, params as unknown[] | undefined)),
    transaction: <T>(fn: (tx: Tx) => Promise<T>, opts: TransactionOptions = {}) =>
      withTxRetry(
        () => runTransaction(fn, opts.readOnly ?? false),
        { ...DEFAULT_TX_RETRY, maxAttempts: opts.maxAttempts ?? DEFAULT_TX_RETRY.maxAttempts },
        options.hooks,
      ),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
};
