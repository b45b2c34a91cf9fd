import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createKeyring, createSecretBox, DecryptionError } from './secrets.js';

const k = () => randomBytes(32).toString('base64');

describe('secret box', () => {
  it('round-trips and never produces the same ciphertext twice', () => {
    const box = createSecretBox(createKeyring({ id: 1, key: k() }));
    const a = box.encrypt('s3cr3t-value');
    const b = box.encrypt('s3cr3t-value');
    assert.notDeepEqual(a, b);
    assert.ok(!a.toString('latin1').includes('s3cr3t'));
    assert.equal(box.decrypt(a), 's3cr3t-value');
    assert.equal(a[0], 0x02);
    assert.equal(a[1], 1);
  });

  it('decrypts values written under an old key after rotation, and flags them for re-encryption', () => {
    const oldKey = k();
    const before = createSecretBox(createKeyring({ id: 1, key: oldKey }));
    const ct = before.encrypt('rotate me');
    const after = createSecretBox(createKeyring({ id: 2, key: k() }, [{ id: 1, key: oldKey }]));
    assert.equal(after.decrypt(ct), 'rotate me');
    assert.equal(after.needsRotation(ct), true);
    const fresh = after.encrypt('rotate me');
    assert.equal(fresh[1], 2);
    assert.equal(after.needsRotation(fresh), false);
  });

  it('refuses a value whose key is not configured', () => {
    const ct = createSecretBox(createKeyring({ id: 7, key: k() })).encrypt('x');
    assert.throws(() => createSecretBox(createKeyring({ id: 1, key: k() })).decrypt(ct), /no master key with id 7/);
  });

  it('detects tampering, a wrong key and a wrong row (associated data)', () => {
    const key = k();
    const box = createSecretBox(createKeyring({ id: 1, key }));
    const ct = box.encrypt('bound', 'api_key:cp-1');
    assert.equal(box.decrypt(ct, 'api_key:cp-1'), 'bound');
    assert.throws(() => box.decrypt(ct, 'api_key:cp-2'), DecryptionError);
    const tampered = Buffer.from(ct);
    tampered[20] = tampered[20]! ^ 0xff;
    assert.throws(() => box.decrypt(tampered, 'api_key:cp-1'), DecryptionError);
    assert.throws(() => createSecretBox(createKeyring({ id: 1, key: k() })).decrypt(ct, 'api_key:cp-1'), DecryptionError);
    assert.throws(() => box.decrypt(Buffer.from([2, 1, 3])), /too short/);
  });
});
