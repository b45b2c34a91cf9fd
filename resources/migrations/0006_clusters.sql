-- Cluster lifecycle (issue 6). CockroachDB-portable, like 0001.

-- The status a cluster had when its current operation was requested. A job cancelled before it started puts the
-- cluster back there (nothing was done); every other failure uses the operation's failure state
-- (src/services/clusters/cluster-state.ts).
ALTER TABLE clusters ADD COLUMN IF NOT EXISTS operation_from_status TEXT;

