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
      '/javascript:alert(1)', ['/a'],
    ]) {
      assert.equal(sanitizeNextPath(p), '/', String(p));
    }
  });
});
