// Serves the built web console (Vite output in dist/webapp, built by `npm run build`): index.html at `/` with
// `no-cache` (so a new release is picked up at once) and the content-hashed bundles under `/assets/*` with a one-year
// immutable cache. The strict CSP of src/api/http/hooks.ts applies to both; the bundle needs no inline script/style.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** dist/webapp of the package, the same path from src/api/webapp (tsx) and dist/api/webapp (built). */
export const DEFAULT_WEBAPP_DIR = fileURLToPath(new URL('../../../dist/webapp/', import.meta.url));

export const registerWebappRoutes = async (app: FastifyInstance, opts: { dir?: string } = {}) => {
  const root = opts.dir ?? DEFAULT_WEBAPP_DIR;
  const assets = `${root}assets`;
  await app.register(fastifyStatic, {
    root: existsSync(assets) ? assets : root,
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
    cacheControl: true,
    // The file list is read per request, so a rebuild while cp runs is served without a restart.
    wildcard: true,
    decorateReply: true,
  });

  const sendIndex = async (_req: unknown, reply: FastifyReply) => {
    if (!existsSync(`${root}index.html`)) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web console is not built. Run `npm run build` (npm start does it for you).\n');
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };
  app.get('/', { schema: { hide: true } }, sendIndex);
  app.get('/index.html', { schema: { hide: true } }, sendIndex);
};
