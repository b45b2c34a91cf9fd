// Property-based bad input (fast-check) generated from every mutating route's own Zod schemas (walking the routes
// the app registers, as foundation/string-rule.test.ts does): hostile path parameters, query values and bodies,
// FAULT_CASES per route (200 in CI; `npm run bench:faults` runs more). Every answer is below 500, and a rejected
// request (4xx) changes no row: a hash of every table is compared around each one. (The only writes a rejected
// signed request may cause are outside the compared data: its signature in api_key_signatures and the advisory
// api_keys.last_used_at.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildTestApp, testConfig } from '../../helpers/app.js';
import { createTestApiKey, signedHeaders, type TestApiKey } from '../../helpers/auth.js';
import { freePort } from '../../helpers/net.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';
import { badText, badValueOf } from '../../helpers/zod-arbitrary.js';

const CASES = Number(process.env.FAULT_CASES ?? 200);
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FOREIGN = /^\/(api\/docs|assets|dev-idp)(\/|$)/;
/** Columns compared per table where a table holds advisory data a verification may touch. */
const SELECT_OVERRIDES: Record<string, string> = { api_keys: 'access_key, owner, description, roles, groups, valid_until, created_at' };
const NOT_COMPARED = new Set(['api_key_signatures']);

/** Raw, possibly invalid, percent-encoding: lone surrogates become bytes no UTF-8 decoder accepts. */
const encode = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};

describe('fault suite: bad input on every mutating route', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  let admin: TestApiKey;
  let known: Record<string, string[]>;
  let hashSql: string;

  before(async () => {
    pg = await createMigratedPg('fault_input');
    const built = await buildTestApp(pg.db, { config: testConfig({ CP_PORT: String(await freePort()) }) });
    app = built.app;
    admin = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_ADMIN'], groups: ['team-a'] });
    const other = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_READONLY'] });
    await pg.db.query(
      `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, regions, created_by, updated_by)
       VALUES ('fault-one', 'team-a', 'ACTIVE', 'v25.2.1', 3, 4, 100, ARRAY['aws:us-east-1'], 't', 't')`,
    );
    const job = await pg.db.query<{ job_id: string }>(
      `INSERT INTO jobs (kind, status, payload, created_by, cluster_id, attempts) VALUES ('CREATE_CLUSTER', 'FAILED', '{}', 't', 'fault-one', 1) RETURNING job_id`,
    );
    // Parameter values that exist, so that generated requests also get past the lookups to the validation behind them.
    known = {
      cluster_id: ['fault-one'], job_id: [job.rows[0]!.job_id], access_key: [other.accessKey], key: ['logging.level', 'retention.events_days'],
      name: ['retention-sweeper', 'CREATE_CLUSTER'], version: ['v25.2.1', '1'], node_count: ['3'], cpu_count: ['4'], size_gb: ['100'],
      cloud: ['aws'], region: ['us-east-1'], zone: ['a'], username: ['alice'], database_name: ['app'], database_role: ['reader'],
    };
    const tables = (await pg.db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows
      .map((r) => r.t)
      .filter((t) => !NOT_COMPARED.has(t));
    hashSql = `SELECT md5(string_agg(h, ',' ORDER BY n)) AS h FROM (${tables
      .map((t) => `SELECT '${t}' AS n, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS h FROM (SELECT ${SELECT_OVERRIDES[t] ?? '*'} FROM "${t}") r`)
      .join(' UNION ALL ')}) x`;
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  const tableHash = async () => (await pg.db.query<{ h: string }>(hashSql)).rows[0]!.h;

  it(`${CASES} generated requests per mutating route: never a 5xx, a rejected one changes no row`, { timeout: 600_000 }, async (t) => {
    const routes = app.registeredRoutes.filter((r) => MUTATING.has(r.method) && r.url.startsWith('/api/') && !FOREIGN.test(r.url));
    assert.ok(routes.length >= 20, `routes found: ${routes.length}`);
    const statuses: Record<string, Record<number, number>> = {};
    for (const route of routes) {
      const schema = route.schema ?? {};
      const names = [...route.url.matchAll(/:([a-z_]+)/g)].map((m) => m[1]!);
      const param = (name: string) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(known[name] ?? ['x1'])) }, { weight: 1, arbitrary: badText() });
      const params = fc.tuple(...names.map(param));
      const query = schema.querystring instanceof z.ZodType ? fc.option(badValueOf(schema.querystring), { nil: undefined }) : fc.constant(undefined);
      const body = schema.body instanceof z.ZodType
        ? fc.option(badValueOf(schema.body), { nil: undefined, freq: 8 })
        : fc.option(badValueOf(z.object({ anything: z.string() })), { nil: undefined, freq: 2 });
      const seen: Record<number, number> = (statuses[`${route.method} ${route.url}`] = {});
      let before = await tableHash();
      await fc.assert(
        fc.asyncProperty(params, query, body, async (ps, q, b) => {
          let path = route.url;
          names.forEach((n, i) => (path = path.replace(`:${n}`, encode(ps[i]!))));
          const qs = q && typeof q === 'object' && !Array.isArray(q)
            ? Object.entries(q as Record<string, unknown>).map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&')
            : '';
          const url = qs ? `${path}?${qs}` : path;
          const payload = b === undefined ? '' : JSON.stringify(b);
          const r = await app.inject({
            method: route.method as 'POST', url,
            headers: { ...signedHeaders(admin, route.method, url, payload), ...(payload ? { 'content-type': 'application/json' } : {}) },
            ...(payload ? { payload } : {}),
          });
          seen[r.statusCode] = (seen[r.statusCode] ?? 0) + 1;
          assert.ok(r.statusCode < 500, `${route.method} ${url} ${payload.slice(0, 300)} → ${r.statusCode} ${r.body.slice(0, 300)}`);
          const afterHash = await tableHash();
          if (r.statusCode >= 400) assert.equal(afterHash, before, `${route.method} ${url} ${payload.slice(0, 300)} → ${r.statusCode} changed rows`);
          before = afterHash;
        }),
        { numRuns: CASES, endOnFailure: true },
      );
    }
    const total = Object.values(statuses).reduce((a, s) => a + Object.values(s).reduce((x, y) => x + y, 0), 0);
    assert.ok(total >= routes.length * CASES);
    t.diagnostic(`statuses per route: ${JSON.stringify(statuses)}`);
  });
});
