// The four admin option lists share one service; each gets its own paths and field name (as in the reference).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { OptionListsService } from '../../services/admin/option-lists.service.js';
import { requestContext } from '../http/context.js';
import { withErrors } from '../http/error-envelope.js';
import { PageQuery } from '../http/pagination.js';
import * as S from './option-lists.schemas.js';
import type { OptionList } from '../../services/admin/option-lists.service.js';
import type { Page } from '../../shared/page.js';

export const registerAdminOptionListRoutes = (app: FastifyInstance, deps: { options: OptionListsService }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const o = deps.options;
  // Renames the generic `value` to the list's field name (version, node_count, ...).
  const list = async <K extends string, V>(name: OptionList, field: K, conv: (v: string | number) => V, page: Page) => {
    const p = await o.list(name, page);
    const items = p.items.map((i) => ({ [field]: conv(i.value), created_at: i.created_at, created_by: i.created_by }) as { [F in K]: V } & { created_at: Date; created_by: string });
    return { items, next_offset: p.next_offset };
  };

  // versions
  let tags = ['admin: versions'];
  r.get('/api/admin/versions', { schema: { tags, summary: 'List CockroachDB versions', querystring: PageQuery, response: withErrors({ 200: S.VersionList }) } },
    async (req) => list('versions', 'version', String, req.query));
  r.post('/api/admin/versions', { schema: { tags, summary: 'Add a version', body: S.VersionBody, response: withErrors({ 201: S.VersionCreated }) } },
    async (req, reply) => reply.status(201).send({ version: String((await o.create(requestContext(req), 'versions', req.body.version)).value) }));
  r.delete('/api/admin/versions/:version', { schema: { tags, summary: 'Remove a version', params: S.VersionParams, response: withErrors({ 200: S.VersionDeleted }) } },
    async (req) => {
      const d = await o.remove(requestContext(req), 'versions', req.params.version);
      return { deleted: { version: String(d.value) }, in_use_by: d.in_use_by };
    });

  // node counts
  tags = ['admin: node counts'];
  r.get('/api/admin/node-counts', { schema: { tags, summary: 'List node counts', querystring: PageQuery, response: withErrors({ 200: S.NodeCountList }) } },
    async (req) => list('node_counts', 'node_count', Number, req.query));
  r.post('/api/admin/node-counts', { schema: { tags, summary: 'Add a node count', body: S.NodeCountBody, response: withErrors({ 201: S.NodeCountBody }) } },
    async (req, reply) => reply.status(201).send({ node_count: Number((await o.create(requestContext(req), 'node_counts', req.body.node_count)).value) }));
  r.delete('/api/admin/node-counts/:node_count', { schema: { tags, summary: 'Remove a node count', params: S.NodeCountParams, response: withErrors({ 200: S.NodeCountDeleted }) } },
    async (req) => {
      const d = await o.remove(requestContext(req), 'node_counts', req.params.node_count);
      return { deleted: { node_count: Number(d.value) }, in_use_by: d.in_use_by };
    });

  // vCPUs per node
  tags = ['admin: cpu counts'];
  r.get('/api/admin/cpu-counts', { schema: { tags, summary: 'List vCPU counts', querystring: PageQuery, response: withErrors({ 200: S.CpuCountList }) } },
    async (req) => list('cpu_counts', 'cpu_count', Number, req.query));
  r.post('/api/admin/cpu-counts', { schema: { tags, summary: 'Add a vCPU count', body: S.CpuCountBody, response: withErrors({ 201: S.CpuCountBody }) } },
    async (req, reply) => reply.status(201).send({ cpu_count: Number((await o.create(requestContext(req), 'cpu_counts', req.body.cpu_count)).value) }));
  r.delete('/api/admin/cpu-counts/:cpu_count', { schema: { tags, summary: 'Remove a vCPU count', params: S.CpuCountParams, response: withErrors({ 200: S.CpuCountDeleted }) } },
    async (req) => {
      const d = await o.remove(requestContext(req), 'cpu_counts', req.params.cpu_count);
      return { deleted: { cpu_count: Number(d.value) }, in_use_by: d.in_use_by };
    });

  // disk sizes
  tags = ['admin: disk sizes'];
  r.get('/api/admin/disk-sizes', { schema: { tags, summary: 'List disk sizes', querystring: PageQuery, response: withErrors({ 200: S.DiskSizeList }) } },
    async (req) => list('disk_sizes', 'size_gb', Number, req.query));
  r.post('/api/admin/disk-sizes', { schema: { tags, summary: 'Add a disk size', body: S.DiskSizeBody, response: withErrors({ 201: S.DiskSizeBody }) } },
    async (req, reply) => reply.status(201).send({ size_gb: Number((await o.create(requestContext(req), 'disk_sizes', req.body.size_gb)).value) }));
  r.delete('/api/admin/disk-sizes/:size_gb', { schema: { tags, summary: 'Remove a disk size', params: S.DiskSizeParams, response: withErrors({ 200: S.DiskSizeDeleted }) } },
    async (req) => {
      const d = await o.remove(requestContext(req), 'disk_sizes', req.params.size_gb);
      return { deleted: { size_gb: Number(d.value) }, in_use_by: d.in_use_by };
    });
};
