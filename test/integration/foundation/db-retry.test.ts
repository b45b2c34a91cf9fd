// The 40001 retry path for real: two SERIALIZABLE transactions on PostgreSQL that read and write the same rows,
// forced to overlap. PostgreSQL aborts one with a serialization failure; Db.transaction re-runs it, and both
// increments land.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { classifyDbError } from '../../../src/infra/db/errors.js';

describe('Db.transaction on PostgreSQL', () => {
  let pg: TestPg;
  let retries = 0;
  before(async () => {
    pg = await createMigratedPg('retry', { hooks: { onRetry: () => retries++ } });
    await pg.db.query(`CREATE TABLE counters (id INT8 PRIMARY KEY, n INT8 NOT NULL)`);
    await pg.db.query(`INSERT INTO counters VALUES (1, 0)`);
  });
  after(() => pg.close());

  it('retries a transaction aborted with SQLSTATE 40001 and both writes land', async () => {
    // A barrier makes both transactions read before either writes, which guarantees the conflict.
    let arrived = 0;
    let release!: () => void;
    const barrier = new Promise<void>((r) => (release = r));
    const attempts = { a: 0, b: 0 };
    const increment = (who: 'a' | 'b') =>
      pg.db.transaction(async (tx) => {
        attempts[who]++;
        const { rows } = await tx.query<{ n: number }>(`SELECT n FROM counters WHERE id = 1`);
        if (attempts[who] === 1) {
          arrived++;
          if (arrived === 2) release();
          await barrier;
        }
        await tx.query(`UPDATE counters SET n = $1 WHERE id = 1`, [rows[0]!.n + 1]);
      });
    await Promise.all([increment('a'), increment('b')]);
    const { rows } = await pg.db.query<{ n: number }>(`SELECT n FROM counters WHERE id = 1`);
    assert.equal(rows[0]!.n, 2, 'both increments are applied: no lost update');
    assert.equal(attempts.a + attempts.b, 3, 'exactly one of the two was re-run');
    assert.equal(retries, 1);
  });

  it('gives up after maxAttempts and surfaces the retry error', async () => {
    let calls = 0;
    await assert.rejects(
      pg.db.transaction(
        async (tx) => {
          calls++;
          await tx.query(`SELECT 1`);
          throw Object.assign(new Error('could not serialize access'), { code: '40001' });
        },
        { maxAttempts: 3 },
      ),
      (err: unknown) => classifyDbError(err) === 'retry',
    );
    assert.equal(calls, 3);
  });

  it('rolls back on error: nothing of a failed transaction is visible', async () => {
    await assert.rejects(
      pg.db.transaction(async (tx) => {
        await tx.query(`UPDATE counters SET n = 100 WHERE id = 1`);
        await tx.query(`INSERT INTO counters VALUES (1, 0)`); // unique violation
      }),
      (err: unknown) => classifyDbError(err) === 'conflict',
    );
    const { rows } = await pg.db.query<{ n: number }>(`SELECT n FROM counters WHERE id = 1`);
    assert.equal(rows[0]!.n, 2);
  });
});
