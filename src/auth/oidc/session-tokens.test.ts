import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csrfTokenFor, csrfTokenMatches, newSessionId, sha256Hex } from './session-tokens.js';

describe('session ids and CSRF tokens', () => {
  it('derives a stable CSRF token per session and checks it against the stored hash only', () => {
    const id = newSessionId();
    const token = csrfTokenFor(id);
    assert.equal(csrfTokenFor(id), token);
    assert.notEqual(csrfTokenFor(newSessionId()), token);
    const stored = sha256Hex(token);
    assert.equal(csrfTokenMatches(token, stored), true);
    assert.equal(csrfTokenMatches(`${token}x`, stored), false);
    assert.equal(csrfTokenMatches(undefined, stored), false);
    assert.equal(csrfTokenMatches('', stored), false);
  });
});
