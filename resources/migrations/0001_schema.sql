-- cp metadata schema, version 1: every domain of the control plane.
--
-- CockroachDB-portable on purpose (it is also run on PostgreSQL 15 and PGlite in tests): no triggers, no functions,
-- no sequences/SERIAL, no ON UPDATE clauses, no LISTEN/NOTIFY, no advisory locks. Timestamps such as updated_at are
-- written by the repositories; retention is cp's own sweeper job (not row-level TTL). Types are limited to
-- UUID, TEXT, INT8, BOOL, JSONB, TIMESTAMPTZ, BYTEA and arrays of TEXT. Status columns carry CHECK constraints
-- listing every legal value, so a typo in code fails loudly instead of writing an unknown state.

-- ---------------------------------------------------------------------------------------------------------------
-- Clusters
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS clusters (
  cluster_id TEXT PRIMARY KEY,                       -- the cluster name: ^[a-z][a-z0-9-]{2,38}[a-z0-9]$
  grp TEXT NOT NULL,                                 -- owning IdP group: the visibility key
  status TEXT NOT NULL CHECK (status IN (
    'CREATING', 'ACTIVE', 'UNHEALTHY', 'CREATE_FAILED', 'SCALING', 'SCALE_FAILED', 'RESTORING', 'RESTORE_FAILED',
    'DELETING', 'DELETED', 'DELETE_FAILED', 'UPGRADING', 'UPGRADE_FAILED')),
  version TEXT NOT NULL,                             -- running CockroachDB version, vYY.R.P
  node_count INT8 NOT NULL CHECK (node_count > 0),   -- nodes PER REGION
  node_cpus INT8 NOT NULL CHECK (node_cpus > 0),
  disk_size INT8 NOT NULL CHECK (disk_size > 0),     -- GB
  regions TEXT[] NOT NULL DEFAULT '{}',              -- requested "cloud:region" ids
  cluster_inventory JSONB NOT NULL DEFAULT '[]',     -- [{cloud, region, nodes: [ip]}]
  lbs_inventory JSONB NOT NULL DEFAULT '[]',         -- [{cloud, region, dns_address}]
  previous_version TEXT,                             -- set while an upgrade awaits finalization
  upgrade_finalized BOOL NOT NULL DEFAULT true,
  sql_username TEXT,                                 -- cp's dedicated service user on the cluster
  encrypted_sql_password BYTEA,                      -- AES-256-GCM (see src/infra/crypto)
  ca_cert TEXT,                                      -- cluster CA certificate (PEM), public
  encrypted_ca_key BYTEA,                            -- cluster CA private key, when cp generated the CA
  health JSONB NOT NULL DEFAULT '{}',                -- last health probe summary per node
  health_checked_at TIMESTAMPTZ,
  status_reason TEXT,                                -- why the cluster is in its status (e.g. failure summary)
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by TEXT NOT NULL,
  deleted_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS clusters_grp_idx ON clusters (grp, created_at DESC);
CREATE INDEX IF NOT EXISTS clusters_status_idx ON clusters (status);
CREATE INDEX IF NOT EXISTS clusters_created_idx ON clusters (created_at DESC, cluster_id);

-- Per-cluster storage connections (today: the backup bucket).
CREATE TABLE IF NOT EXISTS external_connections (
  cluster_id TEXT NOT NULL REFERENCES clusters (cluster_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  connection_type TEXT NOT NULL DEFAULT 's3' CHECK (connection_type IN ('s3')),
  provider TEXT NOT NULL DEFAULT 's3',
  endpoint TEXT NOT NULL,
  region TEXT NOT NULL DEFAULT 'us-east-1',
  bucket_name TEXT NOT NULL,
  access_key_id TEXT NOT NULL,
  encrypted_secret_access_key BYTEA NOT NULL,
  metadata JSONB NOT NULL DEFAULT '{}',              -- {policy_name, retention_days, s3_addressing_style}
  status TEXT NOT NULL DEFAULT 'READY' CHECK (status IN ('PENDING', 'READY', 'FAILED', 'RETIRED')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by TEXT NOT NULL,
  PRIMARY KEY (cluster_id, name)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Jobs: the durable queue. One row per job; claimed with FOR UPDATE SKIP LOCKED, executed under a lease.
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS jobs (
  job_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  kind TEXT NOT NULL,                                -- CREATE_CLUSTER, SCALE_CLUSTER, ... (see src/jobs registry)
  status TEXT NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  payload JSONB NOT NULL DEFAULT '{}',
  result JSONB,                                      -- handler output (e.g. the playbook's Data)
  error TEXT,                                        -- last failure, human readable
  cluster_id TEXT REFERENCES clusters (cluster_id) ON DELETE CASCADE,
  exclusive BOOL NOT NULL DEFAULT false,             -- at most one active exclusive job per cluster
  priority INT8 NOT NULL DEFAULT 0,                  -- higher first
  attempts INT8 NOT NULL DEFAULT 0,
  max_attempts INT8 NOT NULL DEFAULT 1 CHECK (max_attempts >= 1),
  run_at TIMESTAMPTZ NOT NULL DEFAULT now(),         -- not before (backoff, delayed jobs)
  lease_owner TEXT,                                  -- worker id holding the lease while RUNNING
  lease_expires_at TIMESTAMPTZ,
  cancel_requested_at TIMESTAMPTZ,
  cancel_requested_by TEXT,
  task_seq INT8 NOT NULL DEFAULT 0,                  -- last job_tasks.seq handed out
  schedule_name TEXT,                                -- set when fired by a schedule
  rescheduled_from UUID REFERENCES jobs (job_id) ON DELETE SET NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ,
  CHECK (status <> 'RUNNING' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);
-- The database serialises mutating operations on one cluster: a second active exclusive job is a unique violation.
CREATE UNIQUE INDEX IF NOT EXISTS jobs_one_active_exclusive_per_cluster
  ON jobs (cluster_id) WHERE exclusive AND status IN ('QUEUED', 'RUNNING');
CREATE INDEX IF NOT EXISTS jobs_claim_idx ON jobs (priority DESC, run_at) WHERE status = 'QUEUED';
CREATE INDEX IF NOT EXISTS jobs_lease_idx ON jobs (lease_expires_at) WHERE status = 'RUNNING';
CREATE INDEX IF NOT EXISTS jobs_cluster_idx ON jobs (cluster_id, created_at DESC);
CREATE INDEX IF NOT EXISTS jobs_created_idx ON jobs (created_at DESC, job_id);
CREATE INDEX IF NOT EXISTS jobs_kind_status_idx ON jobs (kind, status);

-- Progress lines of a job. seq is per job and monotonic (handed out from jobs.task_seq), so failure rows can never
-- collide with progress rows.
CREATE TABLE IF NOT EXISTS job_tasks (
  job_id UUID NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
  seq INT8 NOT NULL,
  ts TIMESTAMPTZ NOT NULL DEFAULT now(),
  level TEXT NOT NULL DEFAULT 'info' CHECK (level IN ('debug', 'info', 'warning', 'error')),
  name TEXT NOT NULL,
  detail TEXT,
  PRIMARY KEY (job_id, seq)
);

-- Recurring internal work. Each schedule fires once per period across all instances: an instance claims a run by
-- advancing next_run_at with a conditional UPDATE, then enqueues an ordinary job.
CREATE TABLE IF NOT EXISTS schedules (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payload JSONB NOT NULL DEFAULT '{}',
  interval_seconds INT8 NOT NULL CHECK (interval_seconds > 0),
  enabled BOOL NOT NULL DEFAULT true,
  next_run_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_run_at TIMESTAMPTZ,
  last_job_id UUID,
  description TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by TEXT NOT NULL DEFAULT 'system'
);

-- cp processes that are alive (heartbeat), for operations and to tell a live lease owner from a dead one.
CREATE TABLE IF NOT EXISTS instances (
  instance_id TEXT PRIMARY KEY,
  hostname TEXT NOT NULL,
  pid INT8 NOT NULL,
  roles TEXT[] NOT NULL DEFAULT '{}',
  version TEXT NOT NULL,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------------------------
-- Admin configuration
-- ---------------------------------------------------------------------------------------------------------------

-- Deployment catalogue: one row per zone. Users choose "cloud:region".
CREATE TABLE IF NOT EXISTS regions (
  cloud TEXT NOT NULL,
  region TEXT NOT NULL,
  zone TEXT NOT NULL,
  vpc_id TEXT NOT NULL DEFAULT '',
  subnet TEXT NOT NULL DEFAULT '',
  image TEXT NOT NULL DEFAULT '',
  security_groups TEXT[] NOT NULL DEFAULT '{}',
  extras JSONB NOT NULL DEFAULT '{}',                -- merged into the Ansible deployment group
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL DEFAULT 'system',
  PRIMARY KEY (cloud, region, zone)
);

-- Option lists for the create and scale dialogs.
CREATE TABLE IF NOT EXISTS versions (
  version TEXT PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL DEFAULT 'system'
);
CREATE TABLE IF NOT EXISTS node_counts (
  node_count INT8 PRIMARY KEY CHECK (node_count > 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL DEFAULT 'system'
);
CREATE TABLE IF NOT EXISTS cpu_counts (
  cpu_count INT8 PRIMARY KEY CHECK (cpu_count > 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL DEFAULT 'system'
);
CREATE TABLE IF NOT EXISTS disk_sizes (
  size_gb INT8 PRIMARY KEY CHECK (size_gb > 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL DEFAULT 'system'
);

-- Typed settings. Definitions (type, default, category, secrecy, description) are owned by the code registry
-- (src/services/settings) and upserted here at start; `value` NULL means "use the default". Secret values are
-- stored only in encrypted_value.
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT,
  encrypted_value BYTEA,
  default_value TEXT NOT NULL DEFAULT '',
  value_type TEXT NOT NULL CHECK (value_type IN ('string', 'integer', 'boolean', 'url', 'csv', 'json', 'path', 'enum')),
  enum_values TEXT[] NOT NULL DEFAULT '{}',
  category TEXT NOT NULL,
  is_secret BOOL NOT NULL DEFAULT false,
  description TEXT NOT NULL DEFAULT '',
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by TEXT NOT NULL DEFAULT 'system',
  CHECK (NOT is_secret OR value IS NULL)
);

-- Versioned playbooks. Integer versions per name; the default is the promoted version, else the newest.
CREATE TABLE IF NOT EXISTS playbooks (
  name TEXT NOT NULL CHECK (name IN ('CREATE_CLUSTER', 'DELETE_CLUSTER', 'SCALE_CLUSTER_IN', 'SCALE_CLUSTER_OUT',
    'SCALE_DISK_SIZE', 'SCALE_NODE_CPUS', 'UPGRADE_CLUSTER', 'HEALTHCHECK_CLUSTER')),
  version INT8 NOT NULL CHECK (version > 0),
  content TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL,
  PRIMARY KEY (name, version)
);
-- The promoted version of each playbook. The FK (default NO ACTION) makes deleting the promoted version fail.
CREATE TABLE IF NOT EXISTS playbook_defaults (
  name TEXT PRIMARY KEY,
  version INT8 NOT NULL,
  promoted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  promoted_by TEXT NOT NULL,
  FOREIGN KEY (name, version) REFERENCES playbooks (name, version)
);

-- Templates that materialise database roles in managed clusters.
CREATE TABLE IF NOT EXISTS database_role_templates (
  name TEXT PRIMARY KEY,
  scope_type TEXT NOT NULL DEFAULT 'schema' CHECK (scope_type IN ('database', 'schema')),
  sql_statement TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by TEXT NOT NULL
);

-- ---------------------------------------------------------------------------------------------------------------
-- Database access inside managed clusters
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS cluster_database_objects (
  cluster_id TEXT NOT NULL REFERENCES clusters (cluster_id) ON DELETE CASCADE,
  database_name TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by TEXT NOT NULL,
  PRIMARY KEY (cluster_id, database_name)
);

CREATE TABLE IF NOT EXISTS cluster_database_roles (
  cluster_id TEXT NOT NULL REFERENCES clusters (cluster_id) ON DELETE CASCADE,
  database_role TEXT NOT NULL,
  database_name TEXT NOT NULL,
  schema_name TEXT,                                  -- NULL for database-scoped roles
  template_name TEXT NOT NULL REFERENCES database_role_templates (name),
  scope_type TEXT NOT NULL CHECK (scope_type IN ('database', 'schema')),
  sql_statement TEXT NOT NULL,                       -- the rendered SQL that was executed
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, database_role),
  FOREIGN KEY (cluster_id, database_name) REFERENCES cluster_database_objects (cluster_id, database_name) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS cluster_database_roles_template_idx ON cluster_database_roles (template_name);

CREATE TABLE IF NOT EXISTS cluster_database_role_group_mappings (
  cluster_id TEXT NOT NULL,
  database_role TEXT NOT NULL,
  group_name TEXT NOT NULL,
  applied_at TIMESTAMPTZ,                            -- when cp last applied the mapping on the cluster
  apply_error TEXT,                                  -- why it could not be applied, shown to users
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by TEXT NOT NULL,
  PRIMARY KEY (cluster_id, database_role, group_name),
  FOREIGN KEY (cluster_id, database_role) REFERENCES cluster_database_roles (cluster_id, database_role) ON DELETE CASCADE
);

-- ---------------------------------------------------------------------------------------------------------------
-- Backup catalog (built from the backup bucket by cp's catalog sync)
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS cluster_backup_catalog (
  cluster_id TEXT NOT NULL REFERENCES clusters (cluster_id) ON DELETE CASCADE,
  backup_path TEXT NOT NULL,
  grp TEXT NOT NULL,                                 -- copied from the cluster at sync time
  backup_type TEXT,                                  -- full | incremental
  start_time TIMESTAMPTZ,
  end_time TIMESTAMPTZ,
  is_full_cluster BOOL NOT NULL DEFAULT false,
  status TEXT NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'NOT_SEEN_RECENTLY', 'SOURCE_UNAVAILABLE')),
  object_count INT8 NOT NULL DEFAULT 0,
  size_bytes INT8,
  first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_seen_at TIMESTAMPTZ,
  missing_since TIMESTAMPTZ,                         -- pruned after a grace period
  sync_error TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster_id, backup_path)
);
CREATE INDEX IF NOT EXISTS cluster_backup_catalog_grp_idx ON cluster_backup_catalog (grp, is_full_cluster, end_time DESC);

CREATE TABLE IF NOT EXISTS cluster_backup_catalog_objects (
  cluster_id TEXT NOT NULL,
  backup_path TEXT NOT NULL,
  ordinal INT8 NOT NULL,
  database_name TEXT,
  parent_schema_name TEXT,
  object_name TEXT NOT NULL,
  object_type TEXT NOT NULL,
  backup_type TEXT,
  start_time TIMESTAMPTZ,
  end_time TIMESTAMPTZ,
  size_bytes INT8,
  row_count INT8,
  is_full_cluster BOOL NOT NULL DEFAULT false,
  regions TEXT,
  last_seen_at TIMESTAMPTZ,
  PRIMARY KEY (cluster_id, backup_path, ordinal),
  FOREIGN KEY (cluster_id, backup_path) REFERENCES cluster_backup_catalog (cluster_id, backup_path) ON DELETE CASCADE
);

-- ---------------------------------------------------------------------------------------------------------------
-- Audit log and alerts
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS event_log (
  event_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  ts TIMESTAMPTZ NOT NULL DEFAULT now(),
  actor TEXT NOT NULL,                               -- username claim, or the API access key
  auth_type TEXT NOT NULL DEFAULT 'system' CHECK (auth_type IN ('oidc', 'api_key', 'system', 'cli')),
  action TEXT NOT NULL,                              -- CLUSTER_CREATE_REQUESTED, SETTING_UPDATED, ...
  target_type TEXT,                                  -- cluster, setting, api_key, job, ...
  target_id TEXT,
  cluster_id TEXT,                                   -- no FK: events outlive their clusters
  details JSONB NOT NULL DEFAULT '{}',               -- never contains secrets
  request_id TEXT,
  source_ip TEXT
);
CREATE INDEX IF NOT EXISTS event_log_ts_idx ON event_log (ts DESC, event_id);
CREATE INDEX IF NOT EXISTS event_log_cluster_idx ON event_log (cluster_id, ts DESC);
CREATE INDEX IF NOT EXISTS event_log_actor_idx ON event_log (actor, ts DESC);
CREATE INDEX IF NOT EXISTS event_log_action_idx ON event_log (action, ts DESC);

CREATE TABLE IF NOT EXISTS alerts (
  fingerprint TEXT PRIMARY KEY,
  status TEXT NOT NULL DEFAULT 'firing' CHECK (status IN ('firing', 'resolved')),
  alert_type TEXT NOT NULL,
  cluster_id TEXT,
  nodes TEXT[] NOT NULL DEFAULT '{}',
  severity TEXT,
  summary TEXT,
  description TEXT,
  labels JSONB NOT NULL DEFAULT '{}',
  annotations JSONB NOT NULL DEFAULT '{}',
  starts_at TIMESTAMPTZ NOT NULL,
  ends_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS alerts_status_idx ON alerts (status, starts_at DESC);
CREATE INDEX IF NOT EXISTS alerts_cluster_idx ON alerts (cluster_id, starts_at DESC);

-- ---------------------------------------------------------------------------------------------------------------
-- Authentication
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS api_keys (
  access_key TEXT PRIMARY KEY,                       -- "cp-" + random
  encrypted_secret BYTEA NOT NULL,                   -- reversible: the HMAC needs the secret
  owner TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  roles TEXT[] NOT NULL DEFAULT '{}',                -- CP_READONLY | CP_USER | CP_ADMIN
  groups TEXT[] NOT NULL DEFAULT '{}',               -- cluster visibility, like an IdP user's groups
  valid_until TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_used_at TIMESTAMPTZ
);

-- Replay protection: each accepted signature is recorded until its timestamp window has passed.
CREATE TABLE IF NOT EXISTS api_key_signatures (
  access_key TEXT NOT NULL,
  signature TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (access_key, signature)
);
CREATE INDEX IF NOT EXISTS api_key_signatures_expiry_idx ON api_key_signatures (expires_at);

-- Pending OIDC logins: state, nonce and PKCE verifier live server-side until the callback.
CREATE TABLE IF NOT EXISTS oidc_login_attempts (
  state_hash TEXT PRIMARY KEY,                       -- sha256 of the state parameter
  encrypted_code_verifier BYTEA NOT NULL,
  nonce TEXT NOT NULL,
  next_path TEXT NOT NULL DEFAULT '/',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS oidc_login_attempts_expiry_idx ON oidc_login_attempts (expires_at);

-- Server-side sessions. The cookie carries a random id; only its sha256 is stored, and tokens are encrypted.
CREATE TABLE IF NOT EXISTS sessions (
  session_hash TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  username TEXT NOT NULL,
  groups TEXT[] NOT NULL DEFAULT '{}',
  claims JSONB NOT NULL DEFAULT '{}',                -- non-secret identity claims for /api/auth/me
  csrf_token_hash TEXT NOT NULL,
  encrypted_id_token BYTEA,
  encrypted_access_token BYTEA,
  encrypted_refresh_token BYTEA,
  token_expires_at TIMESTAMPTZ,
  session_expires_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions (session_expires_at);
