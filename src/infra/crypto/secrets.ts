// Encryption of every secret at rest: AES-256-GCM, a fresh 12-byte nonce per value, and a key id in the header so
// the master key can be rotated (new values use the current key; old values still decrypt with the key they name).
//
//   byte 0      format (0x02)
//   byte 1      key id (1-255)
//   bytes 2-13  nonce
//   then        ciphertext || 16-byte tag
//
// Optional associated data binds a ciphertext to its row (e.g. "api_key:cp-abc"), so a value copied into another row
// does not decrypt there.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT = 0x02;
const NONCE_LEN = 12;
const TAG_LEN = 16;

export type Keyring = { currentId: number; keys: ReadonlyMap<number, Buffer> };

export const createKeyring = (current: { id: number; key: string }, old: { id: number; key: string }[] = []): Keyring => {
  const keys = new Map<number, Buffer>();
  for (const k of [...old, current]) {
    const buf = Buffer.from(k.key, 'base64');
    if (buf.length !== 32) throw new Error(`master key ${k.id} must be 32 bytes`);
    keys.set(k.id, buf);
  }
  return { currentId: current.id, keys };
};

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

export type SecretBox = {
  encrypt(plaintext: string, associatedData?: string): Buffer;
  decrypt(ciphertext: Buffer, associatedData?: string): string;
  /** True when the value was encrypted with an older key and should be re-encrypted. */
  needsRotation(ciphertext: Buffer): boolean;
};

export const createSecretBox = (keyring: Keyring): SecretBox => ({
  encrypt(plaintext, associatedData) {
    const key = keyring.keys.get(keyring.currentId)!;
    const nonce = randomBytes(NONCE_LEN);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT, keyring.currentId]), nonce, body, cipher.getAuthTag()]);
  },
  decrypt(ciphertext, associatedData) {
    if (ciphertext.length < 2 + NONCE_LEN + TAG_LEN) throw new DecryptionError('ciphertext is too short');
    if (ciphertext[0] !== FORMAT) throw new DecryptionError(`unknown ciphertext format ${ciphertext[0]}`);
    const keyId = ciphertext[1]!;
    const key = keyring.keys.get(keyId);
    if (!key) throw new DecryptionError(`no master key with id ${keyId} is configured (CP_OLD_MASTER_KEYS)`);
    const nonce = ciphertext.subarray(2, 2 + NONCE_LEN);
    const tag = ciphertext.subarray(ciphertext.length - TAG_LEN);
    const body = ciphertext.subarray(2 + NONCE_LEN, ciphertext.length - TAG_LEN);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptionError('ciphertext failed authentication (wrong key, tampered, or wrong row)');
    }
  },
  needsRotation(ciphertext) {
    return ciphertext[1] !== keyring.currentId;
  },
});
