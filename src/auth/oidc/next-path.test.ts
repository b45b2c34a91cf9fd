import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizeNextPath } from './next-path.js';

describe('sanitizeNextPath', () => {
  it('keeps same-origin paths', () => {
    for (const p of ['/', '/clusters', '/#/clusters/a-1?tab=jobs', '/api/docs?x=1']) assert.equal(sanitizeNextPath(p), p);
  });
  it('turns open-redirect attempts into "/"', () => {
    for (const p of [
      undefined, '', 'clusters', '//evil.example', '///evil.example', '/\\evil.example', '\\\\evil.example',
      'https://evil.example/', 'javascript:alert(1)', '/%2F%2Fevil.example', '/%5Cevil.example', '/\nLocation: x',
      '/javascript:alert(1)', ['/a'], '/a\ud800b',
    ]) {
      assert.equal(sanitizeNextPath(p), '/', String(p));
    }
  });
  it('returns printable ASCII only: other characters are percent-encoded (issue 11)', () => {
    assert.equal(sanitizeNextPath('/a\u2028b'), '/a%E2%80%A8b');
    assert.equal(sanitizeNextPath('/\u202Eevil'), '/%E2%80%AEevil');
    assert.equal(sanitizeNextPath('/evil\u3002example'), '/evil%E3%80%82example');
    assert.equal(sanitizeNextPath('/#/clusters/a b'), '/#/clusters/a%20b');
    for (const p of ['/a\u2028b', '/\u202Eevil', '/x\u00e9', '/😀']) assert.match(sanitizeNextPath(p), /^[\x21-\x7e]+$/, p);
  });
});
