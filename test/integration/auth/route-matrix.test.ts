// The route×role matrix, generated from what the app actually registers (app.registeredRoutes) and the rule the
// guard attached from ROUTE_TABLE: every route now and every route added later is called by anonymous, CP_READONLY,
// CP_USER and CP_ADMIN keys, a key without groups and a user of another group. Expected: public routes never ask
// for credentials; others 401 anonymous, 403 below the rule's role, neither above it; :cluster_id routes 404 for a
// caller who cannot see the cluster (a visible fixture cluster is used, other parameters get placeholders).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { canSeeGroup } from '../../../src/auth/identity.js';
import { isClusterScoped, ruleFor, type RouteRule } from '../../../src/auth/route-table.js';
import { roleSatisfies } from '../../../src/auth/roles.js';
import { buildTestApp, testConfig } from '../../helpers/app.js';
import { createTestApiKey, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { freePort } from '../../helpers/oidc.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';

// One test-only cluster-scoped route, so the visibility branch of the matrix runs even before the clusters API exists.
const TEST_RULES: Record<string, RouteRule> = { 'GET /api/_matrix/clusters/:cluster_id': { access: 'CP_READONLY' } };

const VISIBLE = 'alpha-1'; // owner group team-a
const HIDDEN = 'beta-1'; // owner group team-b

const concreteUrl = (url: string, clusterId: string) =>
  url.replace(/:cluster_id\b/g, clusterId).replace(/:[A-Za-z_]+/g, 'placeholder').replace(/\*/g, 'placeholder');

describe('route × role matrix (generated from the route table)', () => {
  let pg: TestPg;
  let app: FastifyInstance;
  const callers: { name: string; key: TestApiKey }[] = [];

  before(async () => {
    pg = await createMigratedPg('matrix');
    // A port nothing listens on: the login route's discovery fails fast instead of reaching some other local cp.
    const built = await buildTestApp(pg.db, {
      config: testConfig({ CP_PORT: String(await freePort()) }),
      routeRules: TEST_RULES,
      routes: (a) => a.get('/api/_matrix/clusters/:cluster_id', async () => ({ ok: true })),
    });
    app = built.app;
    const mk = async (name: string, roles: TestApiKey['roles'], groups: string[]) =>
      callers.push({ name, key: await createTestApiKey(pg.db, built.secrets, { roles, groups, description: name }) });
    await mk('CP_READONLY key (team-a)', ['CP_READONLY'], ['team-a']);
    await mk('CP_USER key (team-a)', ['CP_USER'], ['team-a']);
    await mk('CP_ADMIN key (no groups)', ['CP_ADMIN'], []);
    await mk('CP_USER key without groups', ['CP_USER'], []);
    await mk('CP_USER of another group (team-b)', ['CP_USER'], ['team-b']);
    await pg.db.query(
      `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, created_by, updated_by)
       VALUES ($1, 'team-a', 'ACTIVE', 'v25.2.1', 3, 4, 100, 't', 't'), ($2, 'team-b', 'ACTIVE', 'v25.2.1', 3, 4, 100, 't', 't')`,
      [VISIBLE, HIDDEN],
    );
  });
  after(async () => {
    await app.close();
    await pg.close();
  });

  it('every registered route has a rule, and the matrix holds for every route and caller', async () => {
    const routes = app.registeredRoutes.filter((r) => r.method !== 'HEAD');
    assert.ok(routes.length >= 15, `expected the full API, got ${routes.length} routes`);
    const failures: string[] = [];
    for (const { method, url, rule } of routes) {
      assert.deepEqual(rule, TEST_RULES[`${method} ${url}`] ?? ruleFor(method, url), `${method} ${url}: rule as in the table`);
      const target = concreteUrl(url, VISIBLE);
      const payload = method === 'POST' || method === 'PUT' || method === 'PATCH' ? {} : undefined;
      const anon = await app.inject({ method: method as 'GET', url: target, ...(payload ? { payload } : {}) });
      if (rule.access === 'public') {
        if (anon.statusCode === 401 || anon.statusCode === 403) failures.push(`${method} ${url}: public but anonymous got ${anon.statusCode}`);
        continue;
      }
      if (anon.statusCode !== 401) failures.push(`${method} ${url}: anonymous got ${anon.statusCode}, expected 401`);
      for (const { name, key } of callers) {
        const r = await signedInject(app, key, { method: method, url: target, ...(payload ? { payload } : {}) });
        const allowed = rule.access === 'authenticated' || roleSatisfies(key.roles, rule.access);
        const sees = canSeeGroup({ isAdmin: key.roles.includes('CP_ADMIN'), groups: key.groups }, 'team-a');
        if (!allowed) {
          if (r.statusCode !== 403) failures.push(`${method} ${url} as ${name}: got ${r.statusCode}, expected 403`);
        } else if (isClusterScoped(url) && !sees) {
          if (r.statusCode !== 404) failures.push(`${method} ${url} as ${name}: got ${r.statusCode}, expected 404 (cluster not visible)`);
        } else if (r.statusCode === 401 || r.statusCode === 403) {
          failures.push(`${method} ${url} as ${name}: got ${r.statusCode} although the rule ${rule.access} is met: ${r.body}`);
        }
        if (allowed && isClusterScoped(url) && sees && !key.roles.includes('CP_ADMIN')) {
          const hidden = await signedInject(app, key, { method: method, url: concreteUrl(url, HIDDEN), ...(payload ? { payload } : {}) });
          if (hidden.statusCode !== 404) failures.push(`${method} ${url} as ${name} on a cluster of another group: got ${hidden.statusCode}, expected 404`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});
