// Verifies a signed API request (reference §4.4 scheme) and returns the caller's identity:
// key exists and is not expired → timestamp within ±TTL → HMAC matches (constant time) → signature not seen before.
// Every failure is a 401 with a message that says what to fix, never which secret was expected.
// The hot path costs no database round trip for a read: the key row comes from a short-lived cache (api-key-cache.ts:
// deletes here take effect at once, elsewhere within 2 s), a read's signature is remembered in memory by this
// instance (replay-guard.ts; why that suffices for reads: docs/API.md), and last_used_at is written at most once a
// minute per key and instance. A mutating request's signature is recorded in api_key_signatures, so it is accepted
// once across all instances.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../infra/db/db.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import { recordSignatureOnce, touchApiKey } from '../../repositories/api-keys.repository.js';
import type { SettingsReader } from '../../services/settings/settings.reader.js';
import { UnauthenticatedError } from '../../shared/errors.js';
import type { Identity } from '../identity.js';
import { isRole } from '../roles.js';
import { createApiKeyCache, type ApiKeyCache } from './api-key-cache.js';
import { apiKeySecretAad } from './credentials.js';
import { createReadReplayGuard, isReadMethod, type ReadReplayGuard } from './replay-guard.js';
import { API_KEY_HEADERS, parseTimestamp, signaturesEqual, signRequest } from './signature.js';

export type ApiKeyAuthenticatorDeps = {
  db: Pick<Db, 'query'>;
  secrets: Pick<SecretBox, 'decrypt'>;
  settings: Pick<SettingsReader, 'getInt'>;
  now?: () => Date;
  /** Shared with the API-key service, which invalidates deleted keys; a private one when not given. */
  keys?: Pick<ApiKeyCache, 'find'>;
  replay?: ReadReplayGuard;
};

/** last_used_at is advisory: written at most this often per key and instance. */
const TOUCH_INTERVAL_MS = 60_000;

const ACCESS_KEY_SHAPE = /^[\x21-\x7e]{1,200}$/;

const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

export const hasApiKeyHeaders = (req: FastifyRequest) =>
  Object.values(API_KEY_HEADERS).some((h) => req.headers[h] !== undefined);

export const createApiKeyAuthenticator = (deps: ApiKeyAuthenticatorDeps) => {
  const now = deps.now ?? (() => new Date());
  const keys = deps.keys ?? createApiKeyCache({ db: deps.db });
  const replay = deps.replay ?? createReadReplayGuard({ now: () => now().getTime() });
  const touchedAt = new Map<string, number>();
  const touch = async (accessKey: string, at: number) => {
    const last = touchedAt.get(accessKey);
    if (last !== undefined && at - last < TOUCH_INTERVAL_MS) return;
    if (touchedAt.size >= 10_000) touchedAt.clear();
    touchedAt.set(accessKey, at);
    await touchApiKey(deps.db, accessKey);
  };
  return async (req: FastifyRequest, rawBody: Buffer): Promise<Identity> => {
    const accessKey = header(req, API_KEY_HEADERS.accessKey);
    const signature = header(req, API_KEY_HEADERS.signature);
    const timestamp = header(req, API_KEY_HEADERS.timestamp);
    if (!accessKey || !signature || !timestamp) {
      throw new UnauthenticatedError('X-CP-Access-Key, X-CP-Signature and X-Timestamp are all required for API-key requests.');
    }
    // Access keys are printable ASCII (generated as "cp-" + base64url): anything else cannot exist, so it is not looked up.
    if (!ACCESS_KEY_SHAPE.test(accessKey)) throw new UnauthenticatedError('Invalid API key.');
    const key = await keys.find(accessKey);
    if (!key) throw new UnauthenticatedError('Invalid API key.');
    const at = now();
    if (key.valid_until.getTime() <= at.getTime()) throw new UnauthenticatedError('API key is expired; ask an admin for a new one.');
    const ts = parseTimestamp(timestamp);
    if (!ts) throw new UnauthenticatedError('X-Timestamp must be epoch seconds or an ISO-8601 time.');
    const ttl = await deps.settings.getInt('auth.api_key_signature_ttl_seconds');
    if (Math.abs(at.getTime() - ts.getTime()) > ttl * 1000) {
      throw new UnauthenticatedError(`API request timestamp is outside the accepted window of ±${ttl} s; check the client clock.`);
    }
    const secret = deps.secrets.decrypt(key.encrypted_secret, apiKeySecretAad(accessKey));
    const expected = signRequest(secret, req.method, req.raw.url ?? req.url, timestamp, rawBody);
    if (!signaturesEqual(expected, signature)) throw new UnauthenticatedError('Invalid API key signature.');
    const windowEnd = new Date(Math.max(ts.getTime(), at.getTime()) + ttl * 1000);
    const fresh = (isReadMethod(req.method) ? replay.accept(accessKey, expected, windowEnd.getTime()) : undefined)
      ?? (await recordSignatureOnce(deps.db, accessKey, expected, windowEnd));
    if (!fresh) throw new UnauthenticatedError('This signed request was already used (replay rejected); sign every request afresh.');
    await touch(accessKey, at.getTime());
    const roles = key.roles.filter(isRole);
    return {
      authType: 'api_key',
      subject: accessKey,
      actor: accessKey,
      displayName: key.description ? `${key.description} (${accessKey})` : accessKey,
      roles,
      groups: [...key.groups],
      isAdmin: roles.includes('CP_ADMIN'),
      accessKey,
    };
  };
};

export type ApiKeyAuthenticator = ReturnType<typeof createApiKeyAuthenticator>;
