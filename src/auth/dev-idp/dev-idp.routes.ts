// Mounts the development IdP on cp's own port under /dev-idp: the provider's Koa app handles its protocol endpoints
// (discovery, authorize, token, jwks, …) on the raw request, and cp renders the one interaction page itself, a plain
// form listing the demo accounts, so the global CSP (no inline script or style) holds. Provider-rendered pages
// (errors) use inline styles, hence their own CSP.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { NotFoundError } from '../../shared/errors.js';
import { DEV_ACCOUNTS, DEV_IDP_PREFIX, type DevIdp } from './dev-idp.provider.js';

const PROVIDER_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'none'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The sign-in page runs under the app's strict CSP (no inline style), so its look comes from this same-origin sheet,
// in the console's dark theme.
const LOGIN_CSS = `body{margin:0;min-height:100vh;display:grid;place-items:center;background:#0b0c0f;color:#e5e7eb;
font:15px/1.5 system-ui,sans-serif}main{max-width:560px;padding:28px 32px;border:1px solid #2a2d35;border-radius:12px;
background:#14161b}h1{font-size:20px;margin:0 0 12px}.warn{border-left:3px solid #f59e0b;padding:8px 12px;
background:#1f1a10;color:#fcd34d}ul{list-style:none;padding:0}li{margin:10px 0;color:#9ca3af}
button{min-width:96px;margin-right:10px;padding:7px 14px;border:0;border-radius:8px;background:#f59e0b;color:#111;
font-weight:600;cursor:pointer}button:focus-visible{outline:2px solid #2dd4bf;outline-offset:2px}
code{color:#5eead4}`;

export const loginPage = (uid: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cp development IdP: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<link rel="stylesheet" href="${DEV_IDP_PREFIX}/login.css"></head>
<body><main>
<h1>cp development identity provider</h1>
<p class="warn"><strong>DEVELOPMENT ONLY.</strong> No passwords. cp serves this because <code>oidc.issuer_url</code> is empty;
configure a real IdP in the settings before anyone else can reach cp.</p>
<form method="post" action="${DEV_IDP_PREFIX}/interaction/${escapeHtml(uid)}">
<p>Sign in as:</p>
<ul>
${DEV_ACCOUNTS.map((a) => `<li><button type="submit" name="login" value="${a.id}">${a.id}</button> (${escapeHtml(a.note)}; groups ${a.groups.join(', ')})</li>`).join('\n')}
</ul>
</form>
</main></body></html>
`;

/** The pending interaction of this browser; an unknown or expired one is a 404, not a server error. */
const interaction = async (provider: Provider, req: FastifyRequest, reply: FastifyReply) => {
  try {
    return await provider.interactionDetails(req.raw, reply.raw);
  } catch {
    throw new NotFoundError('This sign-in is unknown or has expired; start again at /api/auth/login.');
  }
};

export type DevIdpRoutesDeps = { devIdp: DevIdp; active: () => Promise<boolean> };

export const registerDevIdpRoutes = async (app: FastifyInstance, deps: DevIdpRoutesDeps) => {
  const ensureActive = async () => {
    if (!(await deps.active())) throw new NotFoundError('The development IdP is off because oidc.issuer_url is set.');
  };

  await app.register(async (scope) => {
    // The provider reads its own form bodies: leave the stream unread.
    scope.addContentTypeParser('application/x-www-form-urlencoded', (_req, _payload, done) => done(null, undefined));

    const mount = async (req: FastifyRequest, reply: FastifyReply) => {
      await ensureActive();
      const provider = await deps.devIdp.provider();
      const raw = req.raw as IncomingMessage & { originalUrl?: string };
      // Express-style mounting, which oidc-provider understands: originalUrl keeps the prefix, url loses it.
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? '/').slice(DEV_IDP_PREFIX.length) || '/';
      reply.hijack();
      reply.raw.setHeader('X-Request-ID', String(req.id));
      reply.raw.setHeader('Content-Security-Policy', PROVIDER_CSP);
      provider.callback()(raw, reply.raw);
    };
    scope.route({ method: ['GET', 'POST'], url: `${DEV_IDP_PREFIX}/*`, handler: mount });
  });

  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, body));

    scope.get(`${DEV_IDP_PREFIX}/login.css`, async (_req, reply) =>
      reply.type('text/css; charset=utf-8').header('Cache-Control', 'no-cache').send(LOGIN_CSS),
    );

    scope.get(`${DEV_IDP_PREFIX}/interaction/:uid`, async (req, reply) => {
      await ensureActive();
      const provider = await deps.devIdp.provider();
      const details = await interaction(provider, req, reply);
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(loginPage(details.uid));
    });

    scope.post(`${DEV_IDP_PREFIX}/interaction/:uid`, async (req, reply) => {
      await ensureActive();
      const provider = await deps.devIdp.provider();
      const details = await interaction(provider, req, reply);
      const login = new URLSearchParams(typeof req.body === 'string' ? req.body : '').get('login') ?? '';
      const account = DEV_ACCOUNTS.find((a) => a.id === login);
      const result = details.prompt.name === 'login'
        ? account
          ? { login: { accountId: account.id } }
          : { error: 'access_denied', error_description: `unknown development account "${login}"` }
        : { error: 'access_denied', error_description: `unexpected prompt ${details.prompt.name}` };
      const returnTo = await provider.interactionResult(req.raw, reply.raw, result, { mergeWithLastSubmission: false });
      return reply.redirect(returnTo, 303);
    });
  });
};
