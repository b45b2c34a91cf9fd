// API keys for tests: insert a key through the real repository (secret encrypted as in production) and send
// requests signed exactly as a client would.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { apiKeySecretAad, generateApiKeyCredentials } from '../../src/auth/api-keys/credentials.js';
import { signRequest } from '../../src/auth/api-keys/signature.js';
import type { Role } from '../../src/auth/roles.js';
import type { Queryable } from '../../src/infra/db/db.js';
import type { SecretBox } from '../../src/infra/crypto/secrets.js';
import { insertApiKey } from '../../src/repositories/api-keys.repository.js';

export type TestApiKey = { accessKey: string; secret: string; roles: Role[]; groups: string[] };

export const createTestApiKey = async (
  db: Queryable,
  secrets: SecretBox,
  opts: { roles?: Role[]; groups?: string[]; validForSeconds?: number; description?: string } = {},
): Promise<TestApiKey> => {
  const { accessKey, secret } = generateApiKeyCredentials();
  const roles = opts.roles ?? ['CP_ADMIN'];
  const groups = opts.groups ?? [];
  await insertApiKey(db, {
    accessKey,
    encryptedSecret: secrets.encrypt(secret, apiKeySecretAad(accessKey)),
    owner: 'test',
    description: opts.description ?? 'test key',
    roles,
    groups,
    validUntil: new Date(Date.now() + (opts.validForSeconds ?? 3600) * 1000),
  });
  return { accessKey, secret, roles, groups };
};

export const signedHeaders = (
  key: Pick<TestApiKey, 'accessKey' | 'secret'>,
  method: string,
  url: string,
  body = '',
  timestamp = (Date.now() / 1000).toFixed(3),
) => ({
  'x-cp-access-key': key.accessKey,
  'x-timestamp': timestamp,
  'x-cp-signature': signRequest(key.secret, method, url, timestamp, body),
});

export type SignedRequest = { method?: InjectOptions['method']; url: string; payload?: unknown; headers?: Record<string, string> };

/** app.inject with a fresh signature over the exact JSON bytes sent. */
export const signedInject = (app: FastifyInstance, key: Pick<TestApiKey, 'accessKey' | 'secret'>, req: SignedRequest): Promise<LightMyRequestResponse> => {
  const method = req.method ?? 'GET';
  const body = req.payload === undefined ? '' : JSON.stringify(req.payload);
  return app.inject({
    method,
    url: req.url,
    headers: {
      ...signedHeaders(key, String(method), req.url, body),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...req.headers,
    },
    ...(body ? { payload: body } : {}),
  });
};
