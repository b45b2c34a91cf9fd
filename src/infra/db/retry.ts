// Capped exponential backoff with full jitter for transaction retries (SQLSTATE 40001).
import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryableDbError } from './errors.js';

export type RetryPolicy = { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };

export const DEFAULT_TX_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 1_000 };

/** Delay before attempt `attempt + 1` (attempt counts from 1): uniform in [0, min(cap, base * 2^(attempt-1))]. */
export const backoffDelayMs = (attempt: number, policy: RetryPolicy, random: () => number = Math.random): number => {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
};

export type RetryHooks = { onRetry?: (attempt: number, err: unknown) => void };

export const withTxRetry = async <T>(
  run: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_TX_RETRY,
  hooks: RetryHooks = {},
): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!isRetryableDbError(err) || attempt >= policy.maxAttempts) throw err;
      hooks.onRetry?.(attempt, err);
      await sleep(backoffDelayMs(attempt, policy));
    }
  }
};
