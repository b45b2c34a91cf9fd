import { randomBytes } from 'node:crypto';

/** A new access key ("cp-" + 16 random bytes, URL-safe) and secret (32 random bytes, URL-safe). */
export const generateApiKeyCredentials = () => ({
  accessKey: `cp-${randomBytes(16).toString('base64url')}`,
  secret: randomBytes(32).toString('base64url'),
});

/** Associated data binding an encrypted secret to its key row. */
export const apiKeySecretAad = (accessKey: string) => `api_key:${accessKey}`;
