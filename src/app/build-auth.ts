// Composition of the auth domain (part of the composition root): the OIDC relying party, the development IdP when
// no issuer is configured outside production, web sessions, rate limits, and the auth / API-key / events routes.
// `prepareAuth` runs before the guard is registered (the guard needs the session authenticator); `registerAuth`
// adds the routes afterwards.
import type { FastifyInstance } from 'fastify';
import type { ApiKeyCache } from '../auth/api-keys/api-key-cache.js';
import type { Config } from '../config/env.js';
import type { Db } from '../infra/db/db.js';
import type { SecretBox } from '../infra/crypto/secrets.js';
import type { Logger } from '../infra/logging/logger.js';
import type { Metrics } from '../infra/metrics/metrics.js';
import type { SettingsReader } from '../services/settings/settings.reader.js';
import { createDevIdp, DEV_IDP_PREFIX } from '../auth/dev-idp/dev-idp.provider.js';
import { registerDevIdpRoutes } from '../auth/dev-idp/dev-idp.routes.js';
import { createOidcClient } from '../auth/oidc/oidc-client.js';
import { createSessionAuthenticator } from '../auth/oidc/session.authenticator.js';
import { registerAuthRateLimits } from '../auth/rate-limit.js';
import { createLoginService } from '../services/auth/login.service.js';
import { createSessionService } from '../services/auth/session.service.js';
import { createApiKeysService } from '../services/auth/api-keys.service.js';
import { createEventsService } from '../services/audit/events.service.js';
import { registerAuthRoutes } from '../api/auth/auth.routes.js';
import { registerApiKeyRoutes } from '../api/admin/api-keys.routes.js';
import { registerEventRoutes } from '../api/events/events.routes.js';

export type AuthDeps = {
  config: Config; db: Db; secrets: SecretBox; settings: SettingsReader; logger: Logger; metrics: Metrics; now: () => Date;
  /** The API-key authenticator's cache, invalidated by deletes through the API-key service. */
  apiKeyCache?: ApiKeyCache;
};

export const NO_ISSUER_IN_PRODUCTION =
  'No identity provider is configured (setting oidc.issuer_url is empty) and NODE_ENV=production, where the embedded ' +
  'development IdP is refused. Set oidc.issuer_url, oidc.client_id and oidc.client_secret (e.g. once with ' +
  'NODE_ENV=development, signed in as the development admin), then start again.';

/** Builds the auth services; touches no database (buildApp must work on an unmigrated or unreachable one). */
export const prepareAuth = (deps: AuthDeps) => {
  // Outside production the development IdP is always mounted, and answers only while no issuer is configured.
  const devIdp = deps.config.nodeEnv === 'production' ? undefined : createDevIdp({ publicUrl: deps.config.publicUrl });
  const devIdpActive = async () => devIdp !== undefined && !(await deps.settings.get('oidc.issuer_url')).trim();
  const oidc = createOidcClient({
    settings: deps.settings,
    publicUrl: deps.config.publicUrl,
    ...(devIdp ? { devIdp: () => devIdp.client } : {}),
  });
  const sessions = createSessionService({ db: deps.db, secrets: deps.secrets, oidc, settings: deps.settings, now: deps.now });

  return {
    devIdp,
    devIdpActive,
    oidc,
    sessionAuthenticator: createSessionAuthenticator(sessions),
    login: createLoginService({ db: deps.db, secrets: deps.secrets, oidc, settings: deps.settings, metrics: deps.metrics, now: deps.now }),
    apiKeys: createApiKeysService({ db: deps.db, secrets: deps.secrets, now: deps.now, ...(deps.apiKeyCache ? { keyCache: deps.apiKeyCache } : {}) }),
    events: createEventsService({ db: deps.db }),
    /** Reasons for /api/readyz. */
    readinessProblems: async () => {
      try {
        return await oidc.problems();
      } catch {
        return ['The OIDC settings could not be read; sign-in cannot work until the database is reachable and migrated.'];
      }
    },
  };
};

export type PreparedAuth = ReturnType<typeof prepareAuth>;

/** Rate limits (returns the guard's API-key failure hook); call before the guard. */
export const registerAuthLimits = (app: FastifyInstance, deps: Pick<AuthDeps, 'settings'>) => registerAuthRateLimits(app, { settings: deps.settings });

export const registerAuth = async (app: FastifyInstance, auth: PreparedAuth, deps: AuthDeps) => {
  registerAuthRoutes(app, { login: auth.login, settings: deps.settings, publicUrl: deps.config.publicUrl, devIdpActive: auth.devIdpActive });
  registerApiKeyRoutes(app, { apiKeys: auth.apiKeys });
  registerEventRoutes(app, { events: auth.events });
  if (auth.devIdp) await registerDevIdpRoutes(app, { devIdp: auth.devIdp, active: auth.devIdpActive });

  // Production without an issuer must not serve at all: fail app.ready() (hence listen and start) with the reason.
  if (deps.config.nodeEnv === 'production') {
    app.addHook('onReady', async () => {
      if (!(await deps.settings.get('oidc.issuer_url')).trim()) throw new Error(NO_ISSUER_IN_PRODUCTION);
    });
  }

  // Say loudly, once listening, how sign-in works and whether it can: the dev IdP, or the configured issuer's health.
  app.addHook('onListen', async () => {
    if (auth.devIdp && (await auth.devIdpActive())) {
      // Generate its keys now rather than on the first sign-in.
      void auth.devIdp.provider();
      deps.logger.warn(
        { issuer: `${deps.config.publicUrl}${DEV_IDP_PREFIX}`, accounts: ['admin', 'operator', 'viewer'], login: `${deps.config.publicUrl}/api/auth/login` },
        'DEVELOPMENT IDENTITY PROVIDER ACTIVE: anyone who can reach cp can sign in as admin without a password. ' +
          'Configure oidc.issuer_url (settings) before exposing cp.',
      );
      return;
    }
    void auth.readinessProblems().then((problems) => {
      if (problems.length) deps.logger.error({ problems }, 'OIDC sign-in is misconfigured: nobody can sign in with a browser until this is fixed');
      else deps.logger.info('OIDC identity provider reachable');
    });
  });
};
