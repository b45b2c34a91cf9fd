import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitStatements, tokenize } from './lexer.js';

describe('splitStatements', () => {
  it('splits on top-level semicolons only', () => {
    const sql = `SELECT 'a;b'; SELECT "x;y" FROM t; -- c; d\nSELECT $$ ; $$; SELECT $tag$ a;$$ $tag$; /* ; /* ; */ */ SELECT E'\\';' ;;`;
    const parts = splitStatements(sql).map((s) => s.sql);
    assert.deepEqual(parts, [`SELECT 'a;b'`, `SELECT "x;y" FROM t`, `SELECT $$ ; $$`, `SELECT $tag$ a;$$ $tag$`, `SELECT E'\\';'`]);
  });
  it('drops statements made only of comments', () => {
    assert.deepEqual(splitStatements('-- nothing\n; /* x */ ;').length, 0);
  });
});

describe('tokenize', () => {
  it('folds unquoted identifiers and keeps quoted case', () => {
    const t = tokenize(`CREATE USER "Max" WITH PASSWORD $1`);
    assert.deepEqual(t.map((x) => [x.type, x.value]), [['word', 'create'], ['word', 'user'], ['qident', 'Max'], ['word', 'with'],
      ['word', 'password'], ['param', '1']]);
  });
  it('unescapes strings', () => {
    assert.equal(tokenize(`'it''s'`)[0]!.value, "it's");
    assert.equal(tokenize(`E'a\\nb'`)[0]!.value, 'a\nb');
    assert.equal(tokenize(`"a""b"`)[0]!.value, 'a"b');
  });
  it('rejects unterminated input', () => {
    assert.throws(() => tokenize(`SELECT 'x`), /unterminated/);
  });
});
