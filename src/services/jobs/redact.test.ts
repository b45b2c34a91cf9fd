import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('hides values of secret-looking keys at any depth, keeping the shape', () => {
    assert.deepEqual(
      redactSecrets({ name: 'a', admin_password: 'p', s3: { secret_access_key: 'k', bucket: 'b' }, tokens: [{ api_token: 't' }], ssh_key: null }),
      { name: 'a', admin_password: '[redacted]', s3: { secret_access_key: '[redacted]', bucket: 'b' }, tokens: '[redacted]', ssh_key: null },
    );
    assert.equal(redactSecrets('plain'), 'plain');
  });
});
