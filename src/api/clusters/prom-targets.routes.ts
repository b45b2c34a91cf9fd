// Prometheus HTTP service discovery (spec §9.2), authenticated [2]: Prometheus sends the bearer token of the setting
// observability.prom_sd_token (`authorization: {credentials: …}` in its http_sd_config), or a client signs the
// request with an API key (any role: it lists node addresses only). The route is `selfAuthenticated` in the route
// table because a bearer token is not an identity the guard knows.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasApiKeyHeaders, type ApiKeyAuthenticator } from '../../auth/api-keys/api-key.authenticator.js';
import type { ClusterQueries } from '../../services/clusters/cluster-queries.service.js';
import type { SettingsReader } from '../../services/settings/settings.reader.js';
import { UnauthenticatedError } from '../../shared/errors.js';
import { withErrors } from '../http/error-envelope.js';
import { PromTargets } from './clusters.schemas.js';

export type PromTargetsDeps = { clusterQueries: Pick<ClusterQueries, 'promTargets'>; settings: Pick<SettingsReader, 'get'>; apiKeys: ApiKeyAuthenticator };

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export const registerPromTargetsRoutes = (app: FastifyInstance, deps: PromTargetsDeps) => {
  const authorize = async (req: FastifyRequest) => {
    if (hasApiKeyHeaders(req)) {
      await deps.apiKeys(req, req.rawBody ?? Buffer.alloc(0));
      return;
    }
    const token = await deps.settings.get('observability.prom_sd_token');
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (token && m && sameSecret(m[1]!.trim(), token)) return;
    throw new UnauthenticatedError(
      token
        ? 'Send the token of setting observability.prom_sd_token as "Authorization: Bearer …", or sign the request with an API key.'
        : 'Sign the request with an API key, or have an admin set observability.prom_sd_token and send it as a bearer token.',
    );
  };

  app.withTypeProvider<ZodTypeProvider>().get('/api/prom-targets', {
    schema: {
      tags: ['monitoring'],
      summary: 'Prometheus HTTP service discovery: CockroachDB nodes of every live cluster (bearer token or API key)',
      response: withErrors({ 200: PromTargets }),
    },
  }, async (req) => {
    await authorize(req);
    return deps.clusterQueries.promTargets();
  });
};
