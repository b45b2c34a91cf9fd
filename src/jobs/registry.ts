// The one registry of job kinds. Each process builds it at start (src/app/job-kinds.ts); tests add their own kinds.
import type { AnyJobKind, JobKind } from './types.js';

export type JobRegistry = {
  register<P>(kind: JobKind<P>): void;
  get(kind: string): AnyJobKind | undefined;
  kinds(): string[];
};

export const createJobRegistry = (kinds: readonly AnyJobKind[] = []): JobRegistry => {
  const byName = new Map<string, AnyJobKind>();
  const registry: JobRegistry = {
    register: (k) => {
      if (!/^[A-Z][A-Z0-9_]*$/.test(k.kind)) throw new Error(`job kind "${k.kind}" must be SCREAMING_SNAKE`);
      if (byName.has(k.kind)) throw new Error(`job kind ${k.kind} registered twice`);
      if (k.retry.maxAttempts < 1) throw new Error(`job kind ${k.kind}: retry.maxAttempts must be >= 1`);
      byName.set(k.kind, k);
    },
    get: (name) => byName.get(name),
    kinds: () => [...byName.keys()],
  };
  for (const k of kinds) registry.register(k);
  return registry;
};

/** Capped exponential backoff before attempt `attempt + 1` (attempt counts from 1); no jitter below 1 s. */
export const retryDelayMs = (attempt: number, policy: JobKind['retry'], random: () => number = Math.random): number => {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  // ±20 % jitter spreads retries of jobs that failed together (e.g. a flapping dependency).
  return Math.max(0, Math.round(ceiling * (0.8 + 0.4 * random())));
};
