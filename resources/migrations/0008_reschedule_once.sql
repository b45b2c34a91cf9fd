-- A job is rescheduled at most once (issue 11): its re-run is THE re-run; a second request is a 409 that names it.
-- The unique index makes that hold under any concurrency, across instances. CockroachDB-portable, like 0001.
CREATE UNIQUE INDEX IF NOT EXISTS jobs_rescheduled_once ON jobs (rescheduled_from) WHERE rescheduled_from IS NOT NULL;
