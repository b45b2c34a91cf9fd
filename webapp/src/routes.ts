// Hash routes (reference §10.3) → view names, and the navigation. Views that arrive with later APIs (alerts, cluster
// backups/recovery/metrics) are listed with `ready: false`: the router and the navigation already
// know them, so adding one is a view module, its template and flipping the flag.
export type Route = { view: string; params: Record<string, string>; query: Record<string, string>; title: string };

type RouteDef = { pattern: RegExp; view: string; keys: string[]; title: string; admin?: boolean };

const def = (path: string, view: string, title: string, admin = false): RouteDef => {
  const keys: string[] = [];
  const src = path.replace(/:([a-z_]+)/g, (_m, k: string) => {
    keys.push(k);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${src}$`), view, keys, title, admin };
};

export const ROUTES: RouteDef[] = [
  def('/dashboard', 'dashboard', 'Dashboard'),
  def('/clusters', 'clusters', 'Clusters'),
  def('/clusters/:cluster_id', 'cluster', 'Cluster'),
  def('/clusters/:cluster_id/connection', 'cluster-connection', 'Connect'),
  def('/clusters/:cluster_id/databases', 'cluster-databases', 'Databases'),
  def('/clusters/:cluster_id/users', 'cluster-users', 'SQL users'),
  def('/clusters/:cluster_id/roles', 'cluster-roles', 'Database roles'),
  def('/clusters/:cluster_id/:section', 'cluster-section', 'Cluster'),
  def('/jobs', 'jobs', 'Jobs'),
  def('/jobs/:job_id', 'job', 'Job'),
  def('/events', 'events', 'Events'),
  def('/alerts', 'alerts', 'Alerts'),
  def('/admin', 'admin', 'Admin', true),
  def('/admin/settings', 'settings', 'Settings', true),
  def('/admin/api-keys', 'api-keys', 'API keys', true),
  def('/admin/versions', 'option-list', 'Versions', true),
  def('/admin/node-counts', 'option-list', 'Node counts', true),
  def('/admin/cpu-counts', 'option-list', 'vCPUs per node', true),
  def('/admin/disk-sizes', 'option-list', 'Disk sizes', true),
  def('/admin/regions', 'regions', 'Regions', true),
  def('/admin/database-role-templates', 'role-templates', 'Role templates', true),
  def('/admin/database-roles', 'role-templates', 'Role templates', true),
  def('/admin/playbooks', 'playbooks', 'Playbooks', true),
];

export const parseHash = (hash: string): Route & { admin: boolean } => {
  const raw = hash.replace(/^#/, '') || '/dashboard';
  const [path = '/dashboard', qs = ''] = raw.split('?');
  const query = Object.fromEntries(new URLSearchParams(qs));
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const r of ROUTES) {
    const m = r.pattern.exec(clean);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? '')));
    if (r.view === 'option-list') params.list = clean.split('/')[2] ?? '';
    return { view: r.view, params, query, title: r.title, admin: r.admin ?? false };
  }
  return { view: 'not-found', params: { path: clean }, query, title: 'Not found', admin: false };
};

export type NavItem = { label: string; hash: string; match: string[]; admin?: boolean; ready: boolean };

/** Top navigation. `match` lists the views that highlight the item. */
export const NAV: NavItem[] = [
  { label: 'Dashboard', hash: '#/dashboard', match: ['dashboard'], ready: true },
  { label: 'Clusters', hash: '#/clusters', match: ['clusters', 'cluster', 'cluster-section', 'cluster-connection', 'cluster-databases', 'cluster-users', 'cluster-roles'], ready: true },
  { label: 'Jobs', hash: '#/jobs', match: ['jobs', 'job'], ready: true },
  { label: 'Events', hash: '#/events', match: ['events'], ready: true },
  { label: 'Alerts', hash: '#/alerts', match: ['alerts'], ready: false },
  {
    label: 'Admin',
    hash: '#/admin',
    match: ['admin', 'settings', 'api-keys', 'option-list', 'regions', 'role-templates', 'playbooks'],
    admin: true,
    ready: true,
  },
];

/** Cluster sub-pages (cluster detail toolbar); `ready: false` ones arrive with their APIs. `user`: CP_USER or above
 *  only (the API refuses viewers, so they do not see the link). */
export type ClusterSection = { key: string; label: string; ready: boolean; user?: boolean };
export const CLUSTER_SECTIONS: ClusterSection[] = [
  { key: 'connection', label: 'Connect', ready: true, user: true },
  { key: 'databases', label: 'Databases', ready: true },
  { key: 'users', label: 'Users', ready: true },
  { key: 'roles', label: 'Roles', ready: true },
  { key: 'backups', label: 'Backups', ready: false },
  { key: 'recovery', label: 'Recovery', ready: false },
  { key: 'dashboard', label: 'Metrics', ready: false },
];

export const ADMIN_PAGES = [
  { hash: '#/admin/settings', label: 'Settings', text: 'Runtime settings by category; secrets are write-only.' },
  { hash: '#/admin/api-keys', label: 'API keys', text: 'HMAC keys for automation; the secret is shown once.' },
  { hash: '#/admin/versions', label: 'Versions', text: 'CockroachDB versions offered for new clusters and upgrades.' },
  { hash: '#/admin/node-counts', label: 'Node counts', text: 'Nodes per region a cluster may have.' },
  { hash: '#/admin/cpu-counts', label: 'vCPUs per node', text: 'Node sizes offered.' },
  { hash: '#/admin/disk-sizes', label: 'Disk sizes', text: 'Disk sizes (GB) offered.' },
  { hash: '#/admin/regions', label: 'Regions', text: 'Where clusters can run: cloud, region, zone, network, image.' },
  { hash: '#/admin/database-role-templates', label: 'Role templates', text: 'SQL run to create database roles.' },
  { hash: '#/admin/playbooks', label: 'Playbooks', text: 'Ansible playbooks with versions; promote a default.' },
];
