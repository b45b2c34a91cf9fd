// "A signature is accepted once" for READ requests (GET, HEAD, OPTIONS), without a commit: the signatures this
// instance accepted are remembered in memory until their freshness window ends (after that the timestamp check
// refuses them anyway). Mutating requests keep the cross-instance record in api_key_signatures (one INSERT … ON
// CONFLICT DO NOTHING). Why reads may be checked per instance is written down in docs/API.md ("Replay protection").
//
// Memory is bounded: entries are keyed by access key + the first 128 bits of the signature (a false "replay" would
// need a 128-bit collision) and at most `maxEntries` are held; when full, `accept` answers undefined and the caller
// falls back to the database record, so the guarantee never weakens under load — it only costs a commit again.

export type ReadReplayGuardDeps = { maxEntries?: number; now?: () => number };

export const createReadReplayGuard = (deps: ReadReplayGuardDeps = {}) => {
  const maxEntries = deps.maxEntries ?? 200_000;
  const now = deps.now ?? Date.now;
  const seen = new Map<string, number>();
  let nextSweepAt = 0;

  const sweep = (at: number) => {
    nextSweepAt = at + 1_000;
    for (const [k, expiresAt] of seen) if (expiresAt <= at) seen.delete(k);
  };

  return {
    /**
     * Records a verified read signature valid until `expiresAtMs`: true the first time, false for a replay, undefined
     * when the guard is full (record it in the database instead).
     */
    accept: (accessKey: string, signatureHex: string, expiresAtMs: number): boolean | undefined => {
      const at = now();
      if (at >= nextSweepAt) sweep(at);
      const k = `${accessKey}:${signatureHex.slice(0, 32)}`;
      const known = seen.get(k);
      if (known !== undefined && known > at) return false;
      if (seen.size >= maxEntries) return undefined;
      seen.set(k, expiresAtMs);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
};

export type ReadReplayGuard = ReturnType<typeof createReadReplayGuard>;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isReadMethod = (method: string) => READ_METHODS.has(method.toUpperCase());
