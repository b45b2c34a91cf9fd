// The compiled response serializer (src/api/http/serializer.ts) against the Zod one it replaces, on every response
// schema of every registered route: for generated values — with unlisted fields put into every object — both write
// the same JSON, so unlisted fields are stripped at every depth exactly as a Zod parse strips them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ClusterList } from '../../../src/api/clusters/clusters.schemas.js';
import { compiledProjection, responseSerializerCompiler } from '../../../src/api/http/serializer.js';
import { buildTestApp } from '../../helpers/app.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { EXTRA_KEYS, valueOf } from '../../helpers/zod-arbitrary.js';

const RUNS = Number(process.env.SERIALIZER_RUNS ?? 25);

describe('compiled response serializers', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  before(async () => {
    pg = await createMigratedPg('serializer');
    app = (await buildTestApp(pg.db)).app;
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  it('write what the Zod serializer writes, for every route and status (unlisted fields stripped)', () => {
    let compiled = 0;
    const keptZod: string[] = [];
    for (const { method, url, schema } of app.registeredRoutes) {
      for (const [status, s] of Object.entries((schema?.response ?? {}) as Record<string, unknown>)) {
        if (!(s instanceof z.ZodType)) continue;
        const project = compiledProjection(s);
        if (!project) {
          keptZod.push(`${method} ${url} ${status}`);
          continue;
        }
        compiled++;
        const zod = serializerCompiler({ schema: s, method, url });
        const ours = responseSerializerCompiler({ schema: s, method, url, httpStatus: status });
        const values = valueOf(s, { extraKeys: true }).filter((v) => s.safeParse(v).success);
        fc.assert(
          fc.property(values, (v) => {
            assert.deepEqual(JSON.parse(ours(v)), JSON.parse(zod(v)), `${method} ${url} ${status}`);
          }),
          { numRuns: RUNS },
        );
      }
    }
    assert.ok(compiled > 100, `most response schemas are compiled (${compiled}; Zod kept for ${keptZod.join(', ')})`);
  });

  it('a cluster row with secret columns comes out without them', () => {
    const ours = responseSerializerCompiler({ schema: ClusterList, method: 'GET', url: '/api/clusters', httpStatus: '200' });
    const at = new Date('2026-01-02T03:04:05.678Z');
    const item = ClusterList.shape.items.element as z.ZodType;
    const [generated] = fc.sample(valueOf(item).filter((v) => item.safeParse(v).success), { numRuns: 1, seed: 1 });
    const row = {
      ...(generated as Record<string, unknown>),
      cluster_id: 'alpha-1', created_at: at,
      cluster_inventory: [{ cloud: 'aws', region: 'us-east-1', nodes: ['10.0.0.1'], ssh_key: 'leak' }],
      sql_username: 'cp_service', encrypted_sql_password: Buffer.from('secret'), encrypted_ca_key: Buffer.from('key'), operation_from_status: null,
    };
    const out = JSON.parse(ours({ items: [row], next_cursor: null, [EXTRA_KEYS[0]]: 1 })) as { items: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(out), ['items', 'next_cursor']);
    for (const k of ['sql_username', 'encrypted_sql_password', 'encrypted_ca_key', 'operation_from_status']) assert.ok(!(k in out.items[0]!), k);
    assert.deepEqual(out.items[0]!.cluster_inventory, [{ cloud: 'aws', region: 'us-east-1', nodes: ['10.0.0.1'] }]);
    assert.equal(out.items[0]!.created_at, '2026-01-02T03:04:05.678Z');
    assert.throws(() => ours({ items: [{ ...row, cluster_id: undefined }], next_cursor: null }), /cluster_id is required/);
  });
});
