// The catalog database's own tables. They live in schema `standin`, not `public`, so that a session connected to the
// virtual `system` database (which runs on the catalog database) does not see them under unqualified names.
// Everything about a simulated cluster is here — several node processes share it, so nothing may be cached in memory.
import type pg from 'pg';

const DDL = `
CREATE SCHEMA IF NOT EXISTS standin;
CREATE TABLE IF NOT EXISTS standin.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS standin.roles (
  username TEXT PRIMARY KEY,
  is_role BOOL NOT NULL,
  password_hash TEXT,
  options JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS standin.role_members (
  role TEXT NOT NULL REFERENCES standin.roles(username) ON DELETE CASCADE,
  member TEXT NOT NULL REFERENCES standin.roles(username) ON DELETE CASCADE,
  is_admin BOOL NOT NULL DEFAULT false,
  PRIMARY KEY (role, member));
CREATE TABLE IF NOT EXISTS standin.privileges (
  grantee TEXT NOT NULL,
  object_type TEXT NOT NULL,
  database_name TEXT NOT NULL DEFAULT '',
  schema_name TEXT NOT NULL DEFAULT '',
  object_name TEXT NOT NULL DEFAULT '',
  privilege TEXT NOT NULL,
  grantable BOOL NOT NULL DEFAULT false,
  PRIMARY KEY (grantee, object_type, database_name, schema_name, object_name, privilege));
CREATE TABLE IF NOT EXISTS standin.settings (
  name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE SEQUENCE IF NOT EXISTS standin.database_ids START 100;
CREATE TABLE IF NOT EXISTS standin.databases (
  name TEXT PRIMARY KEY,
  id INT8 NOT NULL UNIQUE,
  pg_name TEXT NOT NULL UNIQUE,
  owner TEXT NOT NULL,
  table_count INT8 NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS standin.schema_owners (
  database_name TEXT NOT NULL, schema_name TEXT NOT NULL, owner TEXT NOT NULL,
  PRIMARY KEY (database_name, schema_name));
CREATE TABLE IF NOT EXISTS standin.nodes (
  node_id INT4 PRIMARY KEY,
  store_dir TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL, sql_address TEXT NOT NULL, http_address TEXT NOT NULL,
  locality TEXT NOT NULL DEFAULT '', build_tag TEXT NOT NULL,
  started_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, expiration TIMESTAMPTZ NOT NULL,
  epoch INT8 NOT NULL DEFAULT 1,
  draining BOOL NOT NULL DEFAULT false,
  membership TEXT NOT NULL DEFAULT 'active',
  capacity_bytes INT8 NOT NULL DEFAULT 0, available_bytes INT8 NOT NULL DEFAULT 0, used_bytes INT8 NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS standin.jobs (
  job_id INT8 PRIMARY KEY,
  job_type TEXT NOT NULL,
  description TEXT NOT NULL,
  statement TEXT NOT NULL DEFAULT '',
  user_name TEXT NOT NULL,
  status TEXT NOT NULL,
  running_status TEXT,
  created TIMESTAMPTZ NOT NULL DEFAULT now(),
  started TIMESTAMPTZ,
  finished TIMESTAMPTZ,
  modified TIMESTAMPTZ NOT NULL DEFAULT now(),
  fraction_completed FLOAT8 NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  coordinator_id INT4,
  trace_id INT8 NOT NULL DEFAULT 0,
  execution_errors TEXT[] NOT NULL DEFAULT '{}',
  payload JSONB NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS standin.external_connections (
  name TEXT PRIMARY KEY,
  uri TEXT NOT NULL,
  connection_type TEXT NOT NULL,
  owner TEXT NOT NULL,
  created TIMESTAMPTZ NOT NULL DEFAULT now());
`;

const RACE_CODES = new Set(['23505', '42P07', '42710', '40P01']);

/**
 * Idempotent and safe when two processes run it at once: CREATE … IF NOT EXISTS is not atomic in PostgreSQL (two
 * sessions can both pass the existence check and one then fails on the catalog's unique index), so retry a few times.
 */
export const ensureCatalogSchema = async (db: pg.Pool): Promise<void> => {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.query(DDL);
      return;
    } catch (err) {
      if (attempt >= 5 || !RACE_CODES.has((err as { code?: string }).code ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    }
  }
};
