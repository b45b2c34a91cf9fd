// THE route table: every HTTP route cp serves and the least a caller needs to use it. The guard (guard.ts) refuses
// to start the app when a registered route has no entry here, and the route×role matrix test is generated from it,
// so a new route cannot ship without an authorization rule.
//
// Access levels:
//   public         no authentication (health probes, the login flow, static webapp files, the API docs)
//   authenticated  any signed-in caller, whatever its roles
//   CP_READONLY / CP_USER / CP_ADMIN   that role or a higher one (CP_READONLY ⊂ CP_USER ⊂ CP_ADMIN)
//
// Cluster scope is not declared here because it cannot be forgotten: every route whose path has a `:cluster_id`
// parameter is checked for visibility by the guard (404 when the caller cannot see the cluster), before its handler.
import type { Role } from './roles.js';

export type Access = 'public' | 'authenticated' | Role;

export type RouteRule = {
  access: Access;
  /** Rate-limit bucket for unauthenticated, abusable endpoints (login, callback). */
  rateLimit?: 'auth';
  /** Routes authenticated by their own scheme (e.g. a bearer token setting) instead of the guard. */
  selfAuthenticated?: boolean;
};

/** Exact routes, keyed by "METHOD /path/:param" exactly as registered with Fastify. HEAD follows GET. */
export const ROUTE_TABLE: Readonly<Record<string, RouteRule>> = {
  // health and metrics (probes: no credentials, no tenant data)
  'GET /api/healthz': { access: 'public' },
  'GET /api/readyz': { access: 'public' },
  'GET /metrics': { access: 'public' },
  'GET /api/openapi.json': { access: 'public' },

  // cluster options (what the create dialog offers)
  'GET /api/clusters/options': { access: 'CP_READONLY' },

  // admin: settings
  'GET /api/admin/settings': { access: 'CP_ADMIN' },
  'GET /api/admin/settings/:key': { access: 'CP_ADMIN' },
  'PATCH /api/admin/settings/:key': { access: 'CP_ADMIN' },
  'PUT /api/admin/settings/:key/reset': { access: 'CP_ADMIN' },
  // admin: option lists
  'GET /api/admin/versions': { access: 'CP_ADMIN' },
  'POST /api/admin/versions': { access: 'CP_ADMIN' },
  'DELETE /api/admin/versions/:version': { access: 'CP_ADMIN' },
  'GET /api/admin/node-counts': { access: 'CP_ADMIN' },
  'POST /api/admin/node-counts': { access: 'CP_ADMIN' },
  'DELETE /api/admin/node-counts/:node_count': { access: 'CP_ADMIN' },
  'GET /api/admin/cpu-counts': { access: 'CP_ADMIN' },
  'POST /api/admin/cpu-counts': { access: 'CP_ADMIN' },
  'DELETE /api/admin/cpu-counts/:cpu_count': { access: 'CP_ADMIN' },
  'GET /api/admin/disk-sizes': { access: 'CP_ADMIN' },
  'POST /api/admin/disk-sizes': { access: 'CP_ADMIN' },
  'DELETE /api/admin/disk-sizes/:size_gb': { access: 'CP_ADMIN' },
  // admin: regions
  'GET /api/admin/regions': { access: 'CP_ADMIN' },
  'POST /api/admin/regions': { access: 'CP_ADMIN' },
  'DELETE /api/admin/regions/:cloud/:region/:zone': { access: 'CP_ADMIN' },
  // admin: database role templates
  'GET /api/admin/database-role-templates': { access: 'CP_ADMIN' },
  'POST /api/admin/database-role-templates': { access: 'CP_ADMIN' },
  'DELETE /api/admin/database-role-templates/:name': { access: 'CP_ADMIN' },
  // admin: playbooks
  'GET /api/admin/playbooks': { access: 'CP_ADMIN' },
  'GET /api/admin/playbooks/:name/versions': { access: 'CP_ADMIN' },
  'GET /api/admin/playbooks/:name/default': { access: 'CP_ADMIN' },
  'GET /api/admin/playbooks/:name/versions/:version': { access: 'CP_ADMIN' },
  'POST /api/admin/playbooks/:name/versions': { access: 'CP_ADMIN' },
  'PUT /api/admin/playbooks/:name/default': { access: 'CP_ADMIN' },
  'DELETE /api/admin/playbooks/:name/versions/:version': { access: 'CP_ADMIN' },
  // the web console shell (src/api/webapp): static, no tenant data; every API call it makes is authorized on its own
  'GET /': { access: 'public' },
  'GET /index.html': { access: 'public' },

  // sign-in (the login flow itself is public and rate limited per IP)
  'GET /api/auth/login': { access: 'public', rateLimit: 'auth' },
  'GET /api/auth/callback': { access: 'public', rateLimit: 'auth' },
  'POST /api/auth/logout': { access: 'authenticated' },
  'GET /api/auth/me': { access: 'authenticated' },

  // audit log (scoped to visible clusters for non-admins, in the service)
  'GET /api/events': { access: 'CP_READONLY' },
  'GET /api/events/count': { access: 'authenticated' },

  // admin: API keys
  'GET /api/admin/api-keys': { access: 'CP_ADMIN' },
  'POST /api/admin/api-keys': { access: 'CP_ADMIN' },
  'DELETE /api/admin/api-keys/:access_key': { access: 'CP_ADMIN' },

  // jobs (visibility by cluster group is applied in the job service's SQL)
  'GET /api/jobs': { access: 'CP_READONLY' },
  'GET /api/jobs/stats': { access: 'CP_READONLY' },
  'GET /api/jobs/:job_id': { access: 'CP_READONLY' },
  'POST /api/jobs/:job_id/reschedule': { access: 'CP_USER' },
  'POST /api/jobs/:job_id/cancel': { access: 'CP_USER' },

  // admin: schedules
  'GET /api/admin/schedules': { access: 'CP_ADMIN' },
  'PATCH /api/admin/schedules/:name': { access: 'CP_ADMIN' },
  'POST /api/admin/schedules/:name/run': { access: 'CP_ADMIN' },

  // clusters (issue 6). Every :cluster_id route is visibility-checked by the guard, mutations included.
  'GET /api/clusters': { access: 'CP_READONLY' },
  'GET /api/clusters/stats': { access: 'CP_READONLY' },
  'POST /api/clusters': { access: 'CP_USER' },
  'GET /api/clusters/:cluster_id': { access: 'CP_READONLY' },
  'DELETE /api/clusters/:cluster_id': { access: 'CP_USER' },
  'GET /api/clusters/:cluster_id/options': { access: 'CP_READONLY' },
  'POST /api/clusters/:cluster_id/scale': { access: 'CP_USER' },
  'POST /api/clusters/:cluster_id/upgrade': { access: 'CP_USER' },
  'POST /api/clusters/:cluster_id/finalize': { access: 'CP_USER' },
  'GET /api/clusters/:cluster_id/jobs': { access: 'CP_READONLY' },
  'GET /api/clusters/:cluster_id/jobs/:job_id': { access: 'CP_READONLY' },
  // the managed cluster itself (issue 10): live overview, SQL access for people
  'GET /api/clusters/:cluster_id/overview': { access: 'CP_READONLY' },
  'GET /api/clusters/:cluster_id/connection': { access: 'CP_USER' },
  'GET /api/clusters/:cluster_id/connection/ca.crt': { access: 'CP_USER' },
  'POST /api/clusters/:cluster_id/connection/password': { access: 'CP_USER' },
  // database access in the cluster (issue 13): reads CP_READONLY+ (defect 28), changes CP_USER+
  'GET /api/clusters/:cluster_id/database-objects': { access: 'CP_READONLY' },
  'POST /api/clusters/:cluster_id/database-objects': { access: 'CP_USER' },
  'GET /api/clusters/:cluster_id/database-objects/:database_name': { access: 'CP_READONLY' },
  'DELETE /api/clusters/:cluster_id/database-objects/:database_name': { access: 'CP_USER' },
  'GET /api/clusters/:cluster_id/users': { access: 'CP_READONLY' },
  'POST /api/clusters/:cluster_id/users': { access: 'CP_USER' },
  'DELETE /api/clusters/:cluster_id/users/:username': { access: 'CP_USER' },
  'POST /api/clusters/:cluster_id/users/:username/password': { access: 'CP_USER' },
  'POST /api/clusters/:cluster_id/users/:username/grant-database-roles': { access: 'CP_USER' },
  'POST /api/clusters/:cluster_id/users/:username/revoke-database-roles': { access: 'CP_USER' },
  'GET /api/clusters/:cluster_id/database-roles': { access: 'CP_READONLY' },
  'POST /api/clusters/:cluster_id/database-roles/sync': { access: 'CP_USER' },
  'GET /api/clusters/:cluster_id/database-role-group-mappings': { access: 'CP_READONLY' },
  'PUT /api/clusters/:cluster_id/database-role-group-mappings/:database_role': { access: 'CP_USER' },
  'GET /api/clusters/:cluster_id/access-drift': { access: 'CP_READONLY' },
  'POST /api/clusters/:cluster_id/access-drift/fix': { access: 'CP_USER' },
  // Prometheus HTTP SD: a bearer token (setting observability.prom_sd_token) or an API key, checked by the route.
  'GET /api/prom-targets': { access: 'CP_READONLY', selfAuthenticated: true },
};

/** Route families matched by prefix (third-party plugins that register many routes, static files). */
export const PREFIX_RULES: readonly { prefix: string; rule: RouteRule }[] = [
  { prefix: '/api/docs', rule: { access: 'public' } },
  // the web console's content-hashed bundles (src/api/webapp)
  { prefix: '/assets', rule: { access: 'public' } },
  // The embedded development IdP (absent in production): it is the sign-in, so it cannot require one.
  { prefix: '/dev-idp', rule: { access: 'public' } },
];

export const routeKey = (method: string, url: string) => `${method === 'HEAD' ? 'GET' : method} ${url}`;

export const ruleFor = (method: string, url: string): RouteRule | undefined =>
  ROUTE_TABLE[routeKey(method, url)] ??
  PREFIX_RULES.find((p) => url === p.prefix || url.startsWith(`${p.prefix}/`))?.rule;

export const isClusterScoped = (url: string) => /(^|\/):cluster_id(\/|$)/.test(url);
