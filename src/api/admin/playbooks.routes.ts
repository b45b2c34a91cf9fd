import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { PlaybooksService } from '../../services/playbooks/playbooks.service.js';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import { PageQuery } from '../http/pagination.js';
import * as S from './playbooks.schemas.js';

export const registerAdminPlaybookRoutes = (app: FastifyInstance, deps: { playbooks: PlaybooksService }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const p = deps.playbooks;
  const tags = ['admin: playbooks'];
  r.get('/api/admin/playbooks', { schema: { tags, summary: 'List playbooks with their default version', response: withErrors({ 200: S.PlaybookList }) } },
    async () => ({ items: await p.list() }));
  r.get(
    '/api/admin/playbooks/:name/versions',
    { schema: { tags, summary: 'List the versions of a playbook', params: S.PlaybookParams, querystring: PageQuery, response: withErrors({ 200: S.PlaybookVersionList }) } },
    async (req) => p.versions(req.params.name, req.query),
  );
  r.get(
    '/api/admin/playbooks/:name/default',
    { schema: { tags, summary: 'Get the version that runs, with its content', params: S.PlaybookParams, response: withErrors({ 200: S.PlaybookVersionWithContent }) } },
    async (req) => ({ ...(await p.getDefault(req.params.name)), is_default: true }),
  );
  r.get(
    '/api/admin/playbooks/:name/versions/:version',
    { schema: { tags, summary: 'Get one version with its content', params: S.PlaybookVersionParams, response: withErrors({ 200: S.PlaybookVersionWithContent }) } },
    async (req) => p.getWithDefaultFlag(req.params.name, req.params.version),
  );
  r.post(
    '/api/admin/playbooks/:name/versions',
    { schema: { tags, summary: 'Save a new version (not promoted)', params: S.PlaybookParams, body: S.CreatePlaybookVersionBody, response: withErrors({ 201: S.PlaybookVersion }) } },
    async (req, reply) => reply.status(201).send(await p.create(requestContext(req), req.params.name, req.body.content, req.body.comment)),
  );
  r.put(
    '/api/admin/playbooks/:name/default',
    { schema: { tags, summary: 'Promote a version: it runs from now on', params: S.PlaybookParams, body: S.PromoteBody, response: withErrors({ 200: S.PromoteResponse }) } },
    async (req) => p.promote(requestContext(req), req.params.name, req.body.version),
  );
  r.delete(
    '/api/admin/playbooks/:name/versions/:version',
    { schema: { tags, summary: 'Delete a version (not the default: 409)', params: S.PlaybookVersionParams, response: withErrors({ 200: S.PlaybookVersionDeleted }) } },
    async (req) => p.remove(requestContext(req), req.params.name, req.params.version),
  );
};
