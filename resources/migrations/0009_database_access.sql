-- Database access inside managed clusters (issue 13). CockroachDB-portable, like 0001 (no triggers, functions or
-- ON UPDATE; updated_at is written by the repositories).

-- Where a database row came from: created through cp ('cp') or found on the cluster by a sync ('discovered').
ALTER TABLE cluster_database_objects ADD COLUMN IF NOT EXISTS origin TEXT NOT NULL DEFAULT 'cp';

-- The privileges a generated role held right after cp materialised it (SHOW GRANTS FOR <role>, as
-- ["<object_type>:<object>:<privilege>", …]); drift detection compares the cluster's current grants with this.
ALTER TABLE cluster_database_roles ADD COLUMN IF NOT EXISTS expected_grants JSONB NOT NULL DEFAULT '[]';

-- SQL users cp created on a cluster (its "managed" users), and the generated roles cp granted to any user (managed or
-- not: a grant through cp is cp's declaration). Users created by hand are listed live from SHOW USERS, without a row.
CREATE TABLE IF NOT EXISTS cluster_database_users (
  cluster_id TEXT NOT NULL REFERENCES clusters (cluster_id) ON DELETE CASCADE,
  username TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'password' CHECK (kind IN ('password', 'idp_group')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by TEXT NOT NULL,
  PRIMARY KEY (cluster_id, username)
);

CREATE TABLE IF NOT EXISTS cluster_database_user_roles (
  cluster_id TEXT NOT NULL,
  username TEXT NOT NULL,
  database_role TEXT NOT NULL,
  granted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  granted_by TEXT NOT NULL,
  PRIMARY KEY (cluster_id, username, database_role),
  FOREIGN KEY (cluster_id, database_role) REFERENCES cluster_database_roles (cluster_id, database_role) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS cluster_database_user_roles_role_idx ON cluster_database_user_roles (cluster_id, database_role);

-- The last drift check per cluster (scheduled job ACCESS_DRIFT_CHECK or GET …/access-drift): the differences found
-- and, when the cluster could not be asked, why.
CREATE TABLE IF NOT EXISTS cluster_access_drift (
  cluster_id TEXT PRIMARY KEY REFERENCES clusters (cluster_id) ON DELETE CASCADE,
  checked_at TIMESTAMPTZ NOT NULL,
  difference_count INT8 NOT NULL DEFAULT 0,
  differences JSONB NOT NULL DEFAULT '[]',
  error TEXT
);
