// Db over in-process PGlite: the embedded default when no DATABASE_URL is set. PGlite is a single session, so this
// adapter serialises every statement and transaction through one mutex. Calling `db.query` from inside a
// `db.transaction` callback (instead of `tx.query`) would deadlock on that mutex; it is detected and rejected.
import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryResult, Row, Tx } from './db.js';

const normalise = (row: Row): Row => {
  for (const key of Object.keys(row)) {
    const v = row[key];
    // pg returns BYTEA as Buffer; make PGlite agree so repositories see one type.
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  return row;
};

const serialiseParam = (p: unknown): unknown => (Buffer.isBuffer(p) ? new Uint8Array(p) : p);

const createMutex = () => {
  let tail: Promise<void> = Promise.resolve();
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    const prev = tail;
    let release!: () => void;
    tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  };
};

export type PgliteDbOptions = { dataDir?: string; pglite?: PGlite };

export const createPgliteDb = async (options: PgliteDbOptions): Promise<Db> => {
  const pglite = options.pglite ?? (await PGlite.create(options.dataDir));
  const exclusive = createMutex();
  const inTransaction = new AsyncLocalStorage<boolean>();
  let waiting = 0;

  const run = async <R extends Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const r = await pglite.query<R>(sql, params?.map(serialiseParam));
    const rows = r.rows.map((row) => normalise(row) as R);
    return { rows, rowCount: r.affectedRows ?? rows.length };
  };

  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (inTransaction.getStore()) {
      throw new Error('db.query/db.transaction called inside a transaction callback: use the tx argument instead');
    }
    waiting++;
    return exclusive(async () => {
      waiting--;
      return fn();
    });
  };

  return {
    kind: 'pglite',
    query: <R extends Row>(sql: string, params?: readonly unknown[]) => guarded(() => run<R>(sql, params)),
    transaction: <T>(fn: (tx: Tx) => Promise<T>) =>
      guarded(() =>
        inTransaction.run(true, async () => {
          await pglite.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
          try {
            const result = await fn({ query: (sql, params) => run(sql, params) });
            await pglite.query('COMMIT');
            return result;
          } catch (err) {
            await pglite.query('ROLLBACK');
            throw err;
          }
        }),
      ),
    poolStats: () => ({ total: 1, idle: waiting === 0 ? 1 : 0, waiting }),
    close: () => pglite.close(),
  };
};
