// Builds the real app (same composition root as production) on a given Db, with a silent or capturing logger and a
// random master key. Tests drive it with app.inject.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { RouteRule } from '../../src/auth/route-table.js';
import { buildApp, type AppDeps } from '../../src/app/build-app.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { createKeyring, createSecretBox } from '../../src/infra/crypto/secrets.js';
import type { Db } from '../../src/infra/db/db.js';
import { createLogger } from '../../src/infra/logging/logger.js';
import { createMetrics } from '../../src/infra/metrics/metrics.js';
import { createSettingsReader } from '../../src/services/settings/settings.reader.js';

export type LogCapture = { lines: string[]; text: () => string };

export const captureLogs = (): { capture: LogCapture; stream: Writable } => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return { capture: { lines, text: () => lines.join('\n') }, stream };
};

export const testConfig = (overrides: NodeJS.ProcessEnv = {}): Config =>
  loadConfig({ NODE_ENV: 'test', CP_MASTER_KEY: randomBytes(32).toString('base64'), CP_LOG_LEVEL: 'silent', ...overrides });

export type TestAppOptions = {
  config?: Config;
  logLevel?: string;
  /** Registers extra (test-only) routes before the app is made ready. */
  routes?: (app: FastifyInstance) => void;
  /** Authorization rules for those extra routes, keyed "METHOD /path". */
  routeRules?: Readonly<Record<string, RouteRule>>;
  /** Job registry and queue shared with a test worker (so enqueues wake it). */
  jobs?: AppDeps['jobs'];
  /** Settings cache lifetime; 0 makes settings written straight to the database take effect at once. */
  settingsTtlMs?: number;
};

export const buildTestApp = async (db: Db, opts: TestAppOptions = {}) => {
  const config = opts.config ?? testConfig();
  const { capture, stream } = captureLogs();
  const logger = createLogger(opts.logLevel ?? 'info', stream);
  const metrics = createMetrics({ poolStats: () => db.poolStats() });
  const secrets = createSecretBox(createKeyring(config.masterKey!));
  const settings = opts.settingsTtlMs !== undefined ? { settings: createSettingsReader({ db, secrets, ttlMs: opts.settingsTtlMs }) } : {};
  const app = await buildApp({
    config, db, logger, metrics, secrets, ...settings,
    ...(opts.routeRules ? { extraRouteRules: opts.routeRules } : {}),
    ...(opts.jobs ? { jobs: opts.jobs } : {}),
  });
  opts.routes?.(app);
  await app.ready();
  return { app, logs: capture, metrics, secrets, config };
};
