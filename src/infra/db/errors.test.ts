import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { classifyDbError, toAppError } from './errors.js';

const pgErr = (code: string) => Object.assign(new Error(`driver text for ${code}`), { code });

describe('classifyDbError', () => {
  const cases: [string, string][] = [
    ['40001', 'retry'],
    ['23505', 'conflict'],
    ['23503', 'validation'],
    ['23514', 'validation'],
    ['23502', 'validation'],
    ['22P02', 'validation'],
    ['22021', 'validation'],
    ['22P05', 'validation'],
    ['57P03', 'unavailable'],
    ['ENETUNREACH', 'unavailable'],
    ['08006', 'unavailable'],
    ['57P01', 'unavailable'],
    ['ECONNREFUSED', 'unavailable'],
    ['42P01', 'other'],
  ];
  for (const [code, cls] of cases) it(`${code} → ${cls}`, () => assert.equal(classifyDbError(pgErr(code)), cls));

  it('maps to AppErrors that keep the driver error only as cause', () => {
    const mapped = toAppError(pgErr('23505'));
    assert.ok(mapped instanceof AppError);
    assert.equal(mapped.status, 409);
    assert.ok(!mapped.message.includes('driver text'));
    assert.equal((toAppError(pgErr('08006')) as AppError).status, 503);
    const nul = toAppError(pgErr('22021')) as AppError;
    assert.equal(nul.status, 400);
    assert.match(nul.message, /cannot be stored/);
    const other = pgErr('42P01');
    assert.equal(toAppError(other), other);
  });

  it('connection-level failures without a SQLSTATE are unavailable (pool timeout, lost socket)', () => {
    for (const m of ['timeout exceeded when trying to connect', 'Connection terminated unexpectedly', 'Client has encountered a connection error and is not queryable']) {
      assert.equal(classifyDbError(new Error(m)), 'unavailable', m);
    }
  });
});
