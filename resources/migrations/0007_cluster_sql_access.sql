-- SQL access to managed clusters (issue 10). CockroachDB-portable, like 0001.

-- The admin SQL user for people (setting cluster.default_username at create) and its password, AES-256-GCM under
-- AAD cluster:<id>:admin_password; rotated through POST /api/clusters/{id}/connection/password.
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS admin_username TEXT;
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS encrypted_admin_password BYTEA;
-- A cluster explicitly run without TLS (CockroachDB --insecure): cp then connects over plain TCP. Never set by cp
-- for the clusters it creates (they always get a CA); an operator sets it for an insecure lab cluster it imports.
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS sql_insecure BOOL NOT NULL DEFAULT false;
