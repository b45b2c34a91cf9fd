// The API-key rows the authenticator verifies against, cached per instance for a short time so a signed request does
// not pay a database round trip for its key. Rules:
//   - only live keys are cached (a miss or an expired row is looked up again next time), so a key created anywhere
//     works at once and an expired one is never served from memory past its valid_until (checked per request);
//   - a delete through this instance (`DELETE /api/admin/api-keys/…`) invalidates the entry at once, after commit;
//   - a delete elsewhere (another instance, `cpctl api-key delete`) takes effect here within `ttlMs`
//     (API_KEY_CACHE_TTL_MS, 2 s) — the same bound the settings cache gives;
//   - concurrent misses for one key share one lookup; at most `maxEntries` keys are held (oldest dropped first).
import type { Queryable } from '../../infra/db/db.js';
import { findApiKeyForVerification, type ApiKeyRow } from '../../repositories/api-keys.repository.js';

export const API_KEY_CACHE_TTL_MS = 2_000;

export type VerifiableApiKey = ApiKeyRow & { encrypted_secret: Buffer };

export type ApiKeyCacheDeps = { db: Queryable; ttlMs?: number; maxEntries?: number; now?: () => number };

export const createApiKeyCache = (deps: ApiKeyCacheDeps) => {
  const ttlMs = deps.ttlMs ?? API_KEY_CACHE_TTL_MS;
  const maxEntries = deps.maxEntries ?? 10_000;
  const now = deps.now ?? Date.now;
  const entries = new Map<string, { loadedAt: number; row: Promise<VerifiableApiKey | undefined> }>();

  const load = (accessKey: string) => {
    const entry = { loadedAt: now(), row: findApiKeyForVerification(deps.db, accessKey) };
    if (ttlMs <= 0) return entry.row;
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(accessKey, entry);
    // Keep live keys only; a failed lookup is not cached either.
    entry.row.then(
      (row) => {
        if ((!row || row.valid_until.getTime() <= now()) && entries.get(accessKey) === entry) entries.delete(accessKey);
      },
      () => {
        if (entries.get(accessKey) === entry) entries.delete(accessKey);
      },
    );
    return entry.row;
  };

  return {
    /** The key's row (with its encrypted secret), from memory when looked up less than `ttlMs` ago. */
    find: (accessKey: string): Promise<VerifiableApiKey | undefined> => {
      const hit = entries.get(accessKey);
      if (hit && now() - hit.loadedAt < ttlMs) return hit.row;
      return load(accessKey);
    },
    /** Forgets a key at once (after its delete committed). */
    invalidate: (accessKey: string) => {
      entries.delete(accessKey);
    },
  };
};

export type ApiKeyCache = ReturnType<typeof createApiKeyCache>;
