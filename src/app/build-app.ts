// Composition root: wires repositories → services → routes into an un-listened Fastify instance. Tests build the
// same app and drive it with app.inject.
import cookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config/env.js';
import { createDbAvailability, watchAvailability } from '../infra/db/availability.js';
import type { Db } from '../infra/db/db.js';
import type { SecretBox } from '../infra/crypto/secrets.js';
import type { Logger } from '../infra/logging/logger.js';
import type { Metrics } from '../infra/metrics/metrics.js';
import { registerErrorHandling } from '../api/http/error-handler.js';
import { registerRequestHooks, registerSecurityHeaders } from '../api/http/hooks.js';
import { registerOpenApi } from '../api/http/openapi.js';
import { genRequestId } from '../api/http/request-id.js';
import { responseSerializerCompiler } from '../api/http/serializer.js';
import { refuseUndeclaredBodies } from '../api/http/strings.js';
import { registerHealthRoutes } from '../api/health/health.routes.js';
import { registerMetricsRoutes } from '../api/metrics/metrics.routes.js';
import { registerWebappRoutes } from '../api/webapp/webapp.routes.js';
import { createHealthService } from '../services/health/health.service.js';
import { createSettingsReader, type SettingsReader } from '../services/settings/settings.reader.js';
import { createApiKeyAuthenticator } from '../auth/api-keys/api-key.authenticator.js';
import { createApiKeyCache } from '../auth/api-keys/api-key-cache.js';
import { registerAuthGuard } from '../auth/guard.js';
import type { RouteRule } from '../auth/route-table.js';
import { findClusterGroup } from '../repositories/clusters.repository.js';
import { registerAdminOptionListRoutes } from '../api/admin/option-lists.routes.js';
import { registerAdminPlaybookRoutes } from '../api/admin/playbooks.routes.js';
import { registerAdminRegionRoutes } from '../api/admin/regions.routes.js';
import { registerAdminRoleTemplateRoutes } from '../api/admin/role-templates.routes.js';
import { registerAdminSettingsRoutes } from '../api/admin/settings.routes.js';
import { registerClusterOptionsRoutes } from '../api/clusters/cluster-options.routes.js';
import { createOptionListsService } from '../services/admin/option-lists.service.js';
import { createRegionsService } from '../services/admin/regions.service.js';
import { createRoleTemplatesService } from '../services/admin/role-templates.service.js';
import { createClusterOptionsService } from '../services/clusters/cluster-options.service.js';
import { createPlaybooksService } from '../services/playbooks/playbooks.service.js';
import { createSettingsService } from '../services/settings/settings.service.js';
import { registerJobRoutes } from '../api/jobs/jobs.routes.js';
import { registerScheduleRoutes } from '../api/admin/schedules.routes.js';
import { createJobQueue, type JobQueue } from '../jobs/queue.js';
import type { JobRegistry } from '../jobs/registry.js';
import { createWakeSignal } from '../jobs/wake.js';
import { createJobService } from '../services/jobs/jobs.service.js';
import { createScheduleService } from '../services/jobs/schedules.service.js';
import { createProductionRegistry } from './job-kinds.js';
import { CP_VERSION } from './version.js';
import { prepareAuth, registerAuth, registerAuthLimits } from './build-auth.js';
import { registerClusterRoutes } from '../api/clusters/clusters.routes.js';
import { registerPromTargetsRoutes } from '../api/clusters/prom-targets.routes.js';
import { createClusterQueries } from '../services/clusters/cluster-queries.service.js';
import { createClusterService } from '../services/clusters/clusters.service.js';
import { clusterWorkerDeps } from '../workers/remote/cluster-kinds.js';
import { registerClusterLiveRoutes } from '../api/clusters/cluster-live.routes.js';
import type { ClusterSql } from '../infra/cockroach/cluster-sql.js';
import { createClusterConnection } from '../services/clusters/cluster-connection.service.js';
import { createClusterOverview } from '../services/clusters/cluster-overview.service.js';
import { createClusterSqlFromSettings } from './cluster-sql.js';
import { registerDatabaseAccessRoutes } from '../api/database-access/database-access.routes.js';
import { createDatabaseAccessServices } from '../services/database-access/database-access.js';

export type AppDeps = {
  config: Config;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  secrets: SecretBox;
  clock?: () => Date;
  /** Effective settings; built from db + secrets when not given. */
  settings?: SettingsReader;
  /** The process's job registry and queue (main.ts shares them with the worker); built here when not given. */
  jobs?: { registry: JobRegistry; queue: JobQueue };
  /** The managed-cluster SQL client; built from config + settings when not given, closed with the app. */
  clusterSql?: ClusterSql;
  /** Authorization rules for extra, non-API routes (tests only). */
  extraRouteRules?: Readonly<Record<string, RouteRule>>;
  /** How long a verified API key's row is reused (default API_KEY_CACHE_TTL_MS, 2 s; tests of other instances' deletes). */
  apiKeyCacheTtlMs?: number;
};

export const buildApp = async (deps: AppDeps): Promise<FastifyInstance> => {
  // Typed as Fastify's base logger so route plugins see the default FastifyInstance type.
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    genReqId: genRequestId,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 512 },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  });
  // Every statement of the app goes through `db`, so an outage of the metadata database is noticed (and logged once)
  // and its end too.
  const availability = createDbAvailability(deps.logger);
  const db = watchAvailability(deps.db, availability);
  app.setValidatorCompiler(validatorCompiler);
  // Compiled per route (fast-json-stringify from the Zod schema; Zod where it cannot be mirrored exactly).
  app.setSerializerCompiler(responseSerializerCompiler);

  const settings = deps.settings ?? createSettingsReader({ db, secrets: deps.secrets });
  const now = deps.clock ?? (() => new Date());

  registerErrorHandling(app, { availability });
  registerRequestHooks(app, deps.metrics);
  await app.register(cookie);
  const apiKeyCache = createApiKeyCache({ db, ...(deps.apiKeyCacheTtlMs !== undefined ? { ttlMs: deps.apiKeyCacheTtlMs } : {}) });
  const authDeps = { config: deps.config, db, secrets: deps.secrets, settings, logger: deps.logger, metrics: deps.metrics, now, apiKeyCache };
  const auth = prepareAuth(authDeps);
  const limits = registerAuthLimits(app, authDeps);
  // The guard comes before any route: it rejects routes missing from src/auth/route-table.ts.
  const apiKeys = limits.limitApiKeys(createApiKeyAuthenticator({ db, secrets: deps.secrets, settings, now, keys: apiKeyCache }));
  registerAuthGuard(app, {
    apiKeys,
    sessions: auth.sessionAuthenticator,
    clusterGroup: (clusterId) => findClusterGroup(db, clusterId),
    loginPath: () => settings.get('oidc.login_path'),
    ...(deps.extraRouteRules ? { extraRules: deps.extraRouteRules } : {}),
  });
  refuseUndeclaredBodies(app);
  await registerSecurityHeaders(app);
  await registerOpenApi(app, { version: CP_VERSION });

  const health = createHealthService({ db, extraChecks: auth.readinessProblems });
  registerHealthRoutes(app, { health });
  registerMetricsRoutes(app, { metrics: deps.metrics });
  await registerWebappRoutes(app);
  await registerAuth(app, auth, authDeps);

  // admin configuration (issue 5) and what users may choose from it
  registerAdminSettingsRoutes(app, { settings: createSettingsService({ db, secrets: deps.secrets, reader: settings }) });
  registerAdminOptionListRoutes(app, { options: createOptionListsService({ db }) });
  registerAdminRegionRoutes(app, { regions: createRegionsService({ db }) });
  registerAdminRoleTemplateRoutes(app, { roleTemplates: createRoleTemplatesService({ db }) });
  registerAdminPlaybookRoutes(app, { playbooks: createPlaybooksService({ db }) });
  registerClusterOptionsRoutes(app, { clusterOptions: createClusterOptionsService({ db }) });

  const registry = deps.jobs?.registry
    ?? createProductionRegistry({ settings, cluster: clusterWorkerDeps({ config: deps.config, db, secrets: deps.secrets, settings }) });
  const queue = deps.jobs?.queue ?? createJobQueue({ db, registry, wake: createWakeSignal() });
  registerJobRoutes(app, { jobs: createJobService({ db, queue, registry }) });
  registerScheduleRoutes(app, { schedules: createScheduleService({ db, queue }) });

  const clusterSql = deps.clusterSql ?? createClusterSqlFromSettings(deps.config, settings);
  if (!deps.clusterSql) app.addHook('onClose', () => clusterSql.close());
  const overview = createClusterOverview({ db, secrets: deps.secrets, clusterSql });
  registerClusterLiveRoutes(app, { overview, connection: createClusterConnection({ db, secrets: deps.secrets, clusterSql }) });

  const clusterQueries = createClusterQueries({ db, cockroachHttpPort: deps.config.healthcheck.port });
  registerClusterRoutes(app, { clusters: createClusterService({
    db, queue, secrets: deps.secrets, settings, overview, closeClusterSql: (id) => clusterSql.closeCluster(id),
  }), clusterQueries });
  registerPromTargetsRoutes(app, { clusterQueries, settings, apiKeys });
  registerDatabaseAccessRoutes(app, createDatabaseAccessServices({ db, secrets: deps.secrets, clusterSql, settings }));

  return app;
};
