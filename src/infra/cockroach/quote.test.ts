import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ident, literal, qualified } from './quote.js';

describe('managed-cluster quoting', () => {
  it('always quotes identifiers and doubles embedded quotes', () => {
    assert.equal(ident('alice'), '"alice"');
    assert.equal(ident('Mixed Case'), '"Mixed Case"');
    assert.equal(ident('a"; DROP DATABASE x; --'), '"a""; DROP DATABASE x; --"');
    assert.equal(qualified('db', 'public', 't'), '"db"."public"."t"');
  });

  it('doubles single quotes in literals and keeps backslashes literal', () => {
    assert.equal(literal("it's"), "'it''s'");
    assert.equal(literal('a\\b'), "'a\\b'");
  });

  it('refuses NUL and empty identifiers', () => {
    assert.throws(() => ident('a\u0000b'), /NUL/);
    assert.throws(() => literal('\u0000'), /NUL/);
    assert.throws(() => ident(''), /empty/);
  });
});
