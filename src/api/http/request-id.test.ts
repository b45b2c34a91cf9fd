import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptRequestId } from './request-id.js';

describe('acceptRequestId', () => {
  it('keeps printable ids up to 128 characters', () => {
    assert.equal(acceptRequestId('abc-123'), 'abc-123');
    assert.equal(acceptRequestId('x'.repeat(128)), 'x'.repeat(128));
  });
  it('rejects long, empty, non-printable or padded values', () => {
    for (const v of ['x'.repeat(129), '', 'a\nb', 'tab\there', ' lead', 'é', undefined, ['a']]) {
      assert.equal(acceptRequestId(v), undefined, JSON.stringify(v));
    }
  });
});
