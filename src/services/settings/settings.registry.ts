// Every setting cp knows: its type, default, category, secrecy and meaning. This registry is the source of truth;
// at start the definitions are upserted into the settings table (values are never touched). docs/SETTINGS.md
// documents each key. Keys follow the reference (spec §1.4), corrected per spec/decisions.md.

export const SETTING_TYPES = ['string', 'integer', 'boolean', 'url', 'csv', 'json', 'path', 'enum'] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

export type SettingDefinition = {
  key: string;
  type: SettingType;
  default: string;
  category: string;
  description: string;
  secret?: boolean;
  enumValues?: readonly string[];
  min?: number;
  max?: number;
};

const def = (d: SettingDefinition) => d;

export const SETTING_DEFINITIONS: readonly SettingDefinition[] = [
  // auth
  def({ key: 'auth.api_key_signature_ttl_seconds', type: 'integer', default: '300', category: 'auth', min: 10, max: 3600,
    description: 'Largest accepted difference between X-Timestamp and server time for signed API requests; a signature is accepted once within this window.' }),
  def({ key: 'auth.login_rate_limit_per_minute', type: 'integer', default: '30', category: 'auth', min: 1, max: 10000,
    description: 'Login and callback requests allowed per client IP per minute (429 beyond).' }),
  def({ key: 'auth.api_key_failure_limit_per_minute', type: 'integer', default: '20', category: 'auth', min: 1, max: 10000,
    description: 'Failed API-key verifications allowed per client IP per minute before requests are refused with 429.' }),

  // oidc
  def({ key: 'oidc.issuer_url', type: 'url', default: '', category: 'oidc',
    description: 'OIDC issuer. Empty: cp serves its embedded development IdP under /dev-idp (refused when NODE_ENV=production).' }),
  def({ key: 'oidc.client_id', type: 'string', default: '', category: 'oidc', description: 'OIDC client id registered at the IdP; required with an issuer.' }),
  def({ key: 'oidc.client_secret', type: 'string', default: '', category: 'oidc', secret: true, description: 'OIDC client secret.' }),
  def({ key: 'oidc.scopes', type: 'string', default: 'openid profile email offline_access', category: 'oidc',
    description: 'Space-separated scopes requested at login; offline_access lets sessions refresh.' }),
  def({ key: 'oidc.audience', type: 'string', default: '', category: 'oidc', description: 'Optional `audience` parameter sent to the authorization endpoint.' }),
  def({ key: 'oidc.extra_auth_params', type: 'json', default: '{}', category: 'oidc',
    description: 'JSON object of extra parameters added to the authorization request.' }),
  def({ key: 'oidc.redirect_uri', type: 'url', default: '', category: 'oidc',
    description: 'Callback URL registered at the IdP. Empty: CP_PUBLIC_URL + /api/auth/callback.' }),
  def({ key: 'oidc.login_path', type: 'path', default: '/api/auth/login', category: 'oidc',
    description: 'Returned in X-Auth-Login-Url on 401 responses; the webapp navigates there to sign in.' }),
  def({ key: 'oidc.session_max_age_seconds', type: 'integer', default: '43200', category: 'oidc', min: 300, max: 31536000,
    description: 'Absolute lifetime of a web session (default 12 hours).' }),
  def({ key: 'oidc.refresh_leeway_seconds', type: 'integer', default: '60', category: 'oidc', min: 0, max: 3600,
    description: 'Refresh tokens this many seconds before the ID token expires.' }),
  def({ key: 'oidc.cookie_secure', type: 'enum', default: 'auto', enumValues: ['auto', 'true', 'false'], category: 'oidc',
    description: 'Secure flag on auth cookies. auto: set when CP_PUBLIC_URL is https.' }),
  def({ key: 'oidc.cookie_samesite', type: 'enum', default: 'lax', enumValues: ['lax', 'strict', 'none'], category: 'oidc',
    description: 'SameSite attribute of auth cookies (none requires Secure).' }),
  def({ key: 'oidc.cookie_domain', type: 'string', default: '', category: 'oidc', description: 'Optional Domain attribute of auth cookies.' }),
  def({ key: 'oidc.ui_username_claim', type: 'string', default: 'email', category: 'oidc',
    description: 'Claim shown as the user name and recorded as the audit actor (falls back to preferred_username, then sub).' }),
  def({ key: 'oidc.authz_groups_claim', type: 'string', default: 'groups', category: 'oidc',
    description: 'Claim that holds the user groups (a list or a comma-separated string).' }),
  def({ key: 'oidc.authz_readonly_groups', type: 'csv', default: 'cp-readonly', category: 'oidc', description: 'IdP groups granted CP_READONLY.' }),
  def({ key: 'oidc.authz_user_groups', type: 'csv', default: 'cp-users', category: 'oidc', description: 'IdP groups granted CP_USER.' }),
  def({ key: 'oidc.authz_admin_groups', type: 'csv', default: 'cp-admins', category: 'oidc', description: 'IdP groups granted CP_ADMIN.' }),
  def({ key: 'oidc.cache_ttl_seconds', type: 'integer', default: '300', category: 'oidc', min: 10, max: 86400,
    description: 'How long IdP discovery metadata and keys are cached.' }),

  // cluster
  def({ key: 'cluster.service_username', type: 'string', default: 'cp_service', category: 'cluster',
    description: 'SQL user cp creates in every new cluster and connects as (never the built-in root/admin users).' }),
  def({ key: 'cluster.default_username', type: 'string', default: 'dbadmin', category: 'cluster',
    description: 'Admin SQL user for people, created in every new cluster with a generated password that cp keeps encrypted; its connection page rotates it. Empty: none.' }),
  def({ key: 'cluster.sql_connect_timeout_seconds', type: 'integer', default: '5', category: 'cluster', min: 1, max: 120,
    description: 'Connect timeout for SQL connections to managed clusters (each load balancer is tried in turn).' }),
  def({ key: 'cluster.healthcheck_timeout_seconds', type: 'integer', default: '5', category: 'cluster', min: 1, max: 120,
    description: 'Timeout of one node health probe (/health?ready=1).' }),

  // cockroach
  def({ key: 'cockroach.license_key', type: 'string', default: '', category: 'cockroach', secret: true,
    description: 'CockroachDB enterprise license passed to the CREATE_CLUSTER playbook.' }),
  def({ key: 'cockroach.license_org', type: 'string', default: '', category: 'cockroach',
    description: 'CockroachDB cluster.organization passed to the CREATE_CLUSTER playbook.' }),

  // storage
  def({ key: 'storage.s3.url', type: 'url', default: '', category: 'storage',
    description: 'S3-compatible endpoint for cluster backups (RustFS, MinIO, AWS, Ceph RGW). Required to create clusters with backups.' }),
  def({ key: 'storage.s3.region', type: 'string', default: 'us-east-1', category: 'storage', description: 'S3 region name.' }),
  def({ key: 'storage.s3.admin_access_key', type: 'string', default: '', category: 'storage', secret: true,
    description: 'Access key cp uses to create buckets and apply lifecycle rules.' }),
  def({ key: 'storage.s3.admin_secret_key', type: 'string', default: '', category: 'storage', secret: true,
    description: 'Secret key matching storage.s3.admin_access_key.' }),
  def({ key: 'storage.s3.default_retention_days', type: 'integer', default: '30', category: 'storage', min: 1, max: 3650,
    description: 'Days backups are kept (bucket lifecycle expiration); also how long a deleted cluster stays recoverable.' }),

  // observability
  def({ key: 'observability.prometheus_url', type: 'url', default: '', category: 'observability',
    description: 'Prometheus base URL (e.g. http://prometheus:9090); cp builds the API paths.' }),
  def({ key: 'observability.alertmanager_url', type: 'url', default: '', category: 'observability',
    description: 'Alertmanager base URL (e.g. http://alertmanager:9093), for links and silences.' }),
  def({ key: 'observability.alert_webhook_token', type: 'string', default: '', category: 'observability', secret: true,
    description: 'Bearer token Alertmanager must send to POST /api/alerts/webhook. Empty: the webhook is disabled.' }),
  def({ key: 'observability.prom_sd_token', type: 'string', default: '', category: 'observability', secret: true,
    description: 'Bearer token Prometheus sends to GET /api/prom-targets (API keys are accepted too).' }),

  // database access (issue 13)
  def({ key: 'database_access.password_min_length', type: 'integer', default: '12', category: 'database_access', min: 8, max: 128,
    description: 'Shortest password accepted for SQL users created or changed through cp (it must also mix three of: lower, upper, digits, other).' }),

  // retention
  def({ key: 'retention.jobs_days', type: 'integer', default: '90', category: 'retention', min: 1, max: 3650,
    description: 'Finished jobs (and their tasks) older than this are deleted by the retention sweeper.' }),
  def({ key: 'retention.events_days', type: 'integer', default: '365', category: 'retention', min: 1, max: 3650,
    description: 'Audit events older than this are deleted by the retention sweeper.' }),
  def({ key: 'retention.alerts_days', type: 'integer', default: '90', category: 'retention', min: 1, max: 3650,
    description: 'Resolved alerts older than this are deleted by the retention sweeper.' }),
  def({ key: 'retention.deleted_clusters_days', type: 'integer', default: '90', category: 'retention', min: 1, max: 3650,
    description: 'DELETED cluster rows (and their metadata) are purged this long after deletion.' }),

  // logging
  def({ key: 'logging.level', type: 'enum', default: 'info', enumValues: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'], category: 'logging',
    description: 'Log level, applied on every instance without restart (CP_LOG_LEVEL sets the level before the database is reachable).' }),
];

export const SETTINGS_BY_KEY: ReadonlyMap<string, SettingDefinition> = new Map(SETTING_DEFINITIONS.map((d) => [d.key, d]));
