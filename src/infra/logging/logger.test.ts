import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scrubUrl } from './logger.js';

describe('scrubUrl', () => {
  it('masks credential-carrying query parameters and keeps the rest', () => {
    assert.equal(
      scrubUrl('/api/auth/callback?code=abc123&state=xyz&iss=http%3A%2F%2Fidp'),
      '/api/auth/callback?code=redacted&state=redacted&iss=http%3A%2F%2Fidp',
    );
    assert.equal(scrubUrl('/api/jobs?status=FAILED&limit=5'), '/api/jobs?status=FAILED&limit=5');
    assert.equal(scrubUrl('/api/x?ACCESS_TOKEN=t&flag'), '/api/x?ACCESS_TOKEN=redacted&flag');
    assert.equal(scrubUrl('/api/healthz'), '/api/healthz');
  });
});
