// One helper for multi-statement catalog writes: several node processes write the same catalog, so anything that
// reads-then-writes runs in a transaction (and callers that race take a table lock inside it).
import type pg from 'pg';

export type CatalogDb = pg.Pool;
export type Queryable = Pick<pg.PoolClient, 'query'>;

export const inTransaction = async <T>(db: CatalogDb, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> => {
  const c = await db.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
};
