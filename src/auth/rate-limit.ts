// Per-IP rate limits for the abusable, unauthenticated paths: the login flow (routes whose rule says
// rateLimit: 'auth', refused before any work) and failed API-key verifications (brute force). A request signed
// validly for a live key is never refused, even from an address over the limit: addresses are shared (NAT), and a
// 32-byte secret cannot be guessed anyway; what the limit buys is that guessing gets 429s and shows in the logs.
// Counters are in-process fixed one-minute windows, so with N instances behind a load balancer the effective limit
// is up to N times the setting.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SettingsReader } from '../services/settings/settings.reader.js';
import { AppError, UnauthenticatedError } from '../shared/errors.js';
import type { ApiKeyAuthenticator } from './api-keys/api-key.authenticator.js';

const WINDOW_MS = 60_000;

export const createRateCounter = (now: () => number = Date.now) => {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string) => {
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= WINDOW_MS) {
      w = { start: t, count: 0 };
      windows.set(key, w);
      if (windows.size > 50_000) for (const [k, v] of windows) if (t - v.start >= WINDOW_MS) windows.delete(k);
    }
    return w;
  };
  const retryAfter = (w: { start: number }) => Math.max(1, Math.ceil((w.start + WINDOW_MS - now()) / 1000));
  return {
    /** Counts one hit; returns the seconds to wait when the limit is exceeded, else undefined. */
    hit(key: string, limit: number): number | undefined {
      const w = current(key);
      w.count++;
      return w.count > limit ? retryAfter(w) : undefined;
    },
    /** Seconds to wait when the limit is already reached (without counting), else undefined. */
    blocked(key: string, limit: number): number | undefined {
      const w = current(key);
      return w.count >= limit ? retryAfter(w) : undefined;
    },
  };
};

const refuse = (reply: FastifyReply, seconds: number, what: string): never => {
  reply.header('Retry-After', String(seconds));
  throw rateLimited(seconds, what);
};

const rateLimited = (seconds: number, what: string) =>
  new AppError('RATE_LIMITED', `Too many ${what} from your address; retry after ${seconds} s.`, { details: { retry_after_seconds: seconds } });

export type AuthRateLimits = {
  /**
   * Wraps the API-key authenticator with the per-IP failure limit. Every request is still verified: one whose
   * signature is valid for a live key always passes (an address shared through NAT is not locked out by someone
   * else's failures); a failed verification from an address over the limit is answered 429 instead of 401.
   */
  limitApiKeys: (verify: ApiKeyAuthenticator) => ApiKeyAuthenticator;
};

export const registerAuthRateLimits = (app: FastifyInstance, deps: { settings: Pick<SettingsReader, 'getInt'>; now?: () => number }): AuthRateLimits => {
  const logins = createRateCounter(deps.now);
  const keyFailures = createRateCounter(deps.now);
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config.auth?.rateLimit === 'auth') {
      const wait = logins.hit(req.ip, await deps.settings.getInt('auth.login_rate_limit_per_minute'));
      if (wait !== undefined) refuse(reply, wait, 'sign-in requests');
    }
  });
  return {
    limitApiKeys: (verify) => async (req, rawBody) => {
      try {
        return await verify(req, rawBody);
      } catch (err) {
        // Only refused credentials count; an outage of the database is not the caller's failure.
        if (!(err instanceof UnauthenticatedError)) throw err;
        const wait = keyFailures.hit(req.ip, await deps.settings.getInt('auth.api_key_failure_limit_per_minute'));
        if (wait !== undefined) throw rateLimited(wait, 'failed API-key verifications');
        throw err;
      }
    },
  };
};
