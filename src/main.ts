// Starts a cp process: parse nothing here (config comes in), open the database, migrate, then start the roles this
// instance runs (api: HTTP + webapp; worker: claims jobs; scheduler: fires schedules). Returns a handle whose
// close() shuts down in order: stop accepting work, let running work finish (bounded), close pools.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/env.js';
import { buildApp } from './app/build-app.js';
import { openDatabase } from './app/open-db.js';
import { prepareDatabase } from './app/prepare-database.js';
import { CP_VERSION } from './app/version.js';
import { resolveKeyring } from './infra/crypto/master-key.js';
import { createSecretBox } from './infra/crypto/secrets.js';
import type { Db } from './infra/db/db.js';
import type { RetryHooks } from './infra/db/retry.js';
import { createLogger, type Logger } from './infra/logging/logger.js';
import { createMetrics } from './infra/metrics/metrics.js';
import { createProductionRegistry, INTERNAL_SCHEDULES } from './app/job-kinds.js';
import { createClusterSqlFromSettings } from './app/cluster-sql.js';
import { clusterWorkerDeps } from './workers/remote/cluster-kinds.js';
import { createJobQueue } from './jobs/queue.js';
import { startJobRuntime, type JobRuntime } from './jobs/runtime.js';
import { createWakeSignal } from './jobs/wake.js';
import { createSettingsReader } from './services/settings/settings.reader.js';
import { followLogLevelSetting } from './app/log-level.js';

export type CpHandle = { app: FastifyInstance; db: Db; logger: Logger; url: string | undefined; close: () => Promise<void> };

export const startCp = async (config: Config, opts: { logger?: Logger } = {}): Promise<CpHandle> => {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const keyring = await resolveKeyring(config, logger);
  const secrets = createSecretBox(keyring);

  const retryHooks: RetryHooks = {};
  const { db, description } = await openDatabase(config, retryHooks);
  const metrics = createMetrics({ poolStats: () => db.poolStats() });
  retryHooks.onRetry = () => metrics.txRetries.inc();
  logger.info({ database: description, roles: config.roles, version: CP_VERSION }, 'starting cp');

  try {
    const migrated = await prepareDatabase(db, logger);
    logger.info({ applied: migrated.applied.length, schema_version: migrated.latest }, 'database ready');
  } catch (err) {
    await db.close();
    throw err;
  }

  // One registry, wake signal and queue per process: services enqueue through the queue, which wakes this
  // process's worker after commit.
  const settings = createSettingsReader({ db, secrets });
  const logLevel = followLogLevelSetting(logger, settings, config.logLevel);
  await logLevel.apply();
  // One managed-cluster SQL client per process, shared by the API and the jobs that talk SQL to clusters.
  const clusterSql = createClusterSqlFromSettings(config, settings);
  const registry = createProductionRegistry({ settings, cluster: clusterWorkerDeps({ config, db, secrets, settings }), clusterSql });
  const wake = createWakeSignal();
  const queue = createJobQueue({ db, registry, wake });

  const app = await buildApp({ config, db, logger, metrics, secrets, settings, jobs: { registry, queue }, clusterSql });
  app.addHook('onClose', () => clusterSql.close());
  let url: string | undefined;
  if (config.roles.includes('api')) {
    url = await app.listen({ host: config.host, port: config.port });
    logger.info({ url, docs: `${url}/api/docs` }, 'cp API listening');
  } else {
    await app.ready();
  }

  let jobs: JobRuntime;
  try {
    jobs = await startJobRuntime(
      { db, logger, registry, wake, queue },
      {
        roles: config.roles,
        version: CP_VERSION,
        concurrency: config.workerConcurrency,
        perKindConcurrency: config.workerKindConcurrency,
        pollMs: config.workerPollMs,
        leaseMs: config.jobLeaseSeconds * 1000,
        shutdownTimeoutMs: config.shutdownTimeoutMs,
        schedules: INTERNAL_SCHEDULES,
      },
    );
  } catch (err) {
    await app.close();
    await db.close();
    throw err;
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down');
      logLevel.stop();
      await app.close();
      await jobs.stop();
      await db.close();
      logger.info('stopped');
    })());

  return { app, db, logger, url, close };
};
