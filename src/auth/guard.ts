// The authentication and authorization guard for every route, driven by the route table:
//   1. at registration, a route without a rule in route-table.ts stops the app from starting;
//   2. per request (preValidation, after the body is read so API-key signatures can cover it):
//      authenticate (API-key headers, else the web session), check the route's role, and for routes with a
//      :cluster_id parameter check that the caller can see that cluster (404 otherwise);
//   3. the identity is attached as request.identity for the route adapter to pass on.
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { isSafeText, UNSAFE_TEXT_MESSAGE } from '../api/http/strings.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../shared/errors.js';
import { hasApiKeyHeaders, type ApiKeyAuthenticator } from './api-keys/api-key.authenticator.js';
import { canSeeGroup, hasRole, type Identity } from './identity.js';
import { isClusterScoped, routeKey, ruleFor, type RouteRule } from './route-table.js';

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
    rawBody: Buffer | undefined;
  }
  interface FastifyContextConfig {
    auth?: RouteRule;
  }
  interface FastifyInstance {
    /** Every route as registered, with its rule and (for the string-rule test) its schema. */
    registeredRoutes: { method: string; url: string; rule: RouteRule; schema: FastifySchema | undefined }[];
  }
}

/** Returns the identity of a web-session request, null when there is no session cookie, or throws 401/403. */
export type SessionAuthenticator = (req: FastifyRequest, reply: FastifyReply) => Promise<Identity | null>;

export type AuthGuardDeps = {
  apiKeys: ApiKeyAuthenticator;
  sessions?: SessionAuthenticator;
  clusterGroup: (clusterId: string) => Promise<string | undefined>;
  loginPath: () => Promise<string>;
  /** Rules for routes that are not part of cp's API (test-only routes); production passes none. */
  extraRules?: Readonly<Record<string, RouteRule>>;
};

const EMPTY = Buffer.alloc(0);

/** Keeps the raw JSON body (API-key signatures cover the exact bytes) and accepts an empty JSON body as none. */
const captureRawJsonBodies = (app: FastifyInstance) => {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const raw = body as Buffer;
    req.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    void parseJson(req, raw.toString('utf8'), done);
  });
};

export const registerAuthGuard = (app: FastifyInstance, deps: AuthGuardDeps) => {
  app.decorateRequest('identity', null);
  app.decorateRequest('rawBody', undefined);
  app.decorate('registeredRoutes', []);
  captureRawJsonBodies(app);

  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    for (const method of methods) {
      const rule = deps.extraRules?.[routeKey(method, route.url)] ?? ruleFor(method, route.url);
      if (!rule) {
        throw new Error(`route ${routeKey(method, route.url)} has no authorization rule: add it to src/auth/route-table.ts`);
      }
      route.config = { ...(route.config ?? {}), auth: rule };
      app.registeredRoutes.push({ method, url: route.url, rule, schema: route.schema });
    }
  });

  const authenticate = async (req: FastifyRequest, reply: FastifyReply): Promise<Identity> => {
    if (hasApiKeyHeaders(req)) return deps.apiKeys(req, req.rawBody ?? EMPTY);
    // (A block body on purpose: FastifyReply is thenable, so returning it from an async function would wait for the
    // response to be sent — a deadlock.)
    const loginUrl = async () => {
      reply.header('X-Auth-Login-Url', await deps.loginPath());
    };
    try {
      const identity = deps.sessions ? await deps.sessions(req, reply) : null;
      if (identity) return identity;
    } catch (err) {
      if (err instanceof UnauthenticatedError) await loginUrl();
      throw err;
    }
    await loginUrl();
    throw new UnauthenticatedError(
      'Sign in first (open the URL in the X-Auth-Login-Url header), or sign the request with an API key.',
    );
  };

  app.addHook('preValidation', async (req, reply) => {
    const rule = req.routeOptions.config.auth;
    if (!rule || rule.access === 'public' || rule.selfAuthenticated) return;
    const identity = await authenticate(req, reply);
    req.identity = identity;
    if (rule.access !== 'authenticated' && !hasRole(identity, rule.access)) {
      throw new ForbiddenError(
        `This requires the ${rule.access} role or higher; you have ${identity.roles.length ? identity.roles.join(', ') : 'no cp role'}.`,
      );
    }
    const url = req.routeOptions.url;
    if (url && isClusterScoped(url)) {
      const clusterId = (req.params as Record<string, string | undefined>).cluster_id ?? '';
      // The lookup runs before schema validation, so the shared string rule is applied here first (same message).
      if (!isSafeText(clusterId)) throw new ValidationError(`Invalid params: cluster_id ${UNSAFE_TEXT_MESSAGE}`);
      const grp = await deps.clusterGroup(clusterId);
      if (grp === undefined || !canSeeGroup(identity, grp)) throw new NotFoundError(`Cluster "${clusterId}" not found.`);
    }
  });
};
