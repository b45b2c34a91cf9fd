// The browser sign-in flow and "who am I". Thin adapters: cookies in and out, one service call each.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import { cookieOptions, type CookieSettings } from '../../auth/oidc/cookie-options.js';
import { csrfTokenFor, LOGIN_STATE_COOKIE, SESSION_COOKIE } from '../../auth/oidc/session-tokens.js';
import type { LoginService } from '../../services/auth/login.service.js';
import { CallbackQuery, LoginQuery, MeResponse } from './auth.schemas.js';

export type AuthRoutesDeps = { login: LoginService; settings: CookieSettings; publicUrl: string; devIdpActive: () => Promise<boolean> };

const LOGIN_STATE_MAX_AGE = 600;

export const registerAuthRoutes = (app: FastifyInstance, deps: AuthRoutesDeps) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookies = (maxAge?: number) => cookieOptions(deps.settings, deps.publicUrl, maxAge);

  r.get('/api/auth/login', {
    schema: { tags: ['auth'], summary: 'Start browser sign-in: redirects to the identity provider', querystring: LoginQuery, response: withErrors({}) },
  }, async (req, reply) => {
    const { redirectUrl, state } = await deps.login.start(req.query.next);
    // Path-scoped to the callback: the state cookie is sent nowhere else.
    reply.setCookie(LOGIN_STATE_COOKIE, state, { ...(await cookies(LOGIN_STATE_MAX_AGE)), path: '/api/auth/callback' });
    return reply.header('Cache-Control', 'no-store').redirect(redirectUrl, 302);
  });

  r.get('/api/auth/callback', {
    schema: { tags: ['auth'], summary: 'Identity provider callback: creates the session and redirects to next', querystring: CallbackQuery, response: withErrors({}) },
  }, async (req, reply) => {
    const rawQuery = (req.raw.url ?? '').split('?')[1] ?? '';
    reply.clearCookie(LOGIN_STATE_COOKIE, { ...(await cookies()), path: '/api/auth/callback' });
    const done = await deps.login.finish(
      {
        query: req.query,
        rawQuery,
        stateCookie: req.cookies[LOGIN_STATE_COOKIE],
        presentedSessionId: req.cookies[SESSION_COOKIE],
      },
      { requestId: String(req.id), sourceIp: req.ip },
    );
    reply.setCookie(SESSION_COOKIE, done.sessionId, await cookies(done.maxAgeSeconds));
    return reply.header('Cache-Control', 'no-store').redirect(done.nextPath, 302);
  });

  r.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out: ends the server-side session and clears the cookie', response: withErrors({ 204: z.null().describe('No content') }) },
  }, async (req, reply) => {
    await deps.login.logout(requestContext(req));
    reply.clearCookie(SESSION_COOKIE, await cookies());
    return reply.status(204).send(null);
  });

  r.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'Who am I: identity, roles, groups and the CSRF token of this session', response: withErrors({ 200: MeResponse }) },
  }, async (req, reply) => {
    const { identity } = requestContext(req);
    const sessionId = identity.authType === 'oidc' ? req.cookies[SESSION_COOKIE] : undefined;
    reply.header('Cache-Control', 'no-store');
    return {
      subject: identity.subject,
      actor: identity.actor,
      display_name: identity.displayName,
      auth_type: identity.authType,
      roles: identity.roles,
      groups: identity.groups,
      is_admin: identity.isAdmin,
      dev_idp: await deps.devIdpActive(),
      csrf_token: sessionId ? csrfTokenFor(sessionId) : null,
    };
  });
};
