// The data-layer contract. Repositories take a `Queryable` (the Db itself or a transaction) as their first argument;
// services own transactions through `Db.transaction`, the only way to run multi-statement writes.

export type Row = Record<string, unknown>;

export type QueryResult<R extends Row = Row> = {
  rows: R[];
  rowCount: number;
};

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export type Tx = Queryable;

export type TransactionOptions = {
  /** Attempts in all, counting the first; default 8. */
  maxAttempts?: number;
  /** Read-only transactions may be routed and retried more freely. */
  readOnly?: boolean;
};

export type DbKind = 'postgres' | 'pglite';

export type PoolStats = { total: number; idle: number; waiting: number };

export interface Db extends Queryable {
  readonly kind: DbKind;
  /**
   * Runs `fn` in one SERIALIZABLE transaction and commits. On SQLSTATE 40001 (CockroachDB's retry error, and
   * PostgreSQL's serialization failure) the whole function is run again after a capped, jittered backoff, so `fn`
   * must be free of side effects outside the database (no SSH, HTTP or S3 calls inside).
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}
