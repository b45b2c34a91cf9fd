import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitSqlStatements } from './sql-split.js';

describe('splitSqlStatements', () => {
  it('splits on top-level semicolons only and drops comments', () => {
    const sql = `-- a comment; with a semicolon
CREATE TABLE a (x TEXT DEFAULT 'a;b'); /* block; comment */
INSERT INTO a VALUES ('it''s; fine');
SELECT "odd;name" FROM a`;
    assert.deepEqual(splitSqlStatements(sql), [
      `CREATE TABLE a (x TEXT DEFAULT 'a;b')`,
      `INSERT INTO a VALUES ('it''s; fine')`,
      `SELECT "odd;name" FROM a`,
    ]);
  });
});
