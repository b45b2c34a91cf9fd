// Every result shape the stand-in answers itself, in ONE table, transcribed from
// tools/cockroach-standin/docs/result-columns.json (CockroachDB's docs, cockroachdb/docs @ 79e9a5d, v24.1–v25.2 shapes).
// `doc` is the page the columns come from; columns.test.ts checks the names against the JSON. Types are what
// CockroachDB's example output shows (STRING = text, INT = int8, STRING[] = text[]); the docs rarely state them.
import type { ResultField, ResultSet } from './engine.types.js';

export const OID = {
  bool: 16, int8: 20, int4: 23, text: 25, float8: 701, textArray: 1009, timestamp: 1114, timestamptz: 1184, interval: 1186,
  jsonb: 3802,
} as const;
export type ColumnType = keyof typeof OID;

type Shape = { doc: string; columns: [string, ColumnType][] };
const shape = (doc: string, columns: [string, ColumnType][]): Shape => ({ doc, columns });

const JOB_COLUMNS: [string, ColumnType][] = [
  ['job_id', 'int8'], ['job_type', 'text'], ['description', 'text'], ['user_name', 'text'], ['status', 'text'],
  ['running_status', 'text'], ['created', 'timestamptz'], ['started', 'timestamptz'], ['finished', 'timestamptz'],
  ['modified', 'timestamptz'], ['fraction_completed', 'float8'], ['error', 'text'], ['coordinator_id', 'int8'],
];
// SHOW JOB <id> adds statement (after description), trace_id and execution_errors (after coordinator_id).
const JOB_DETAIL_COLUMNS: [string, ColumnType][] = [
  ...JOB_COLUMNS.slice(0, 3), ['statement', 'text'], ...JOB_COLUMNS.slice(3), ['trace_id', 'int8'], ['execution_errors', 'textArray'],
];

// SHOW BACKUP's leading columns; each form appends its own (show-backup.md Response table + examples).
const SHOW_BACKUP_COLUMNS: [string, ColumnType][] = [
  ['database_name', 'text'], ['parent_schema_name', 'text'], ['object_name', 'text'], ['object_type', 'text'], ['backup_type', 'text'],
  ['start_time', 'timestamptz'], ['end_time', 'timestamptz'], ['size_bytes', 'int8'], ['rows', 'int8'], ['is_full_cluster', 'bool'],
];
// What a blocking BACKUP or RESTORE returns when its job ends (backup.md / restore.md "… asynchronously").
const BULK_JOB_COLUMNS: [string, ColumnType][] = [['job_id', 'int8'], ['status', 'text'], ['fraction_completed', 'float8'],
  ['rows', 'int8'], ['index_entries', 'int8'], ['bytes', 'int8']];

export const COLUMNS = {
  'SHOW USERS': shape('src/current/v24.3/show-users.md', [['username', 'text'], ['options', 'text'], ['member_of', 'textArray']]),
  'SHOW ROLES': shape('src/current/v24.3/show-roles.md', [['username', 'text'], ['options', 'text'], ['member_of', 'textArray']]),
  'SHOW GRANTS': shape('src/current/v24.3/show-grants.md', [['database_name', 'text'], ['schema_name', 'text'],
    ['object_name', 'text'], ['object_type', 'text'], ['grantee', 'text'], ['privilege_type', 'text'], ['is_grantable', 'bool']]),
  'SHOW GRANTS FOR user': shape('src/current/v24.3/show-grants.md', [['database_name', 'text'], ['schema_name', 'text'],
    ['object_name', 'text'], ['object_type', 'text'], ['grantee', 'text'], ['privilege_type', 'text'], ['is_grantable', 'bool']]),
  'SHOW GRANTS ON DATABASE x': shape('src/current/v24.3/show-grants.md', [['database_name', 'text'], ['grantee', 'text'],
    ['privilege_type', 'text'], ['is_grantable', 'bool']]),
  // From the notes of the SHOW GRANTS ON TABLE entry ("Related forms").
  'SHOW GRANTS ON SCHEMA x': shape('src/current/v24.3/show-grants.md', [['database_name', 'text'], ['schema_name', 'text'],
    ['grantee', 'text'], ['privilege_type', 'text'], ['is_grantable', 'bool']]),
  'SHOW GRANTS ON TABLE x': shape('src/current/v24.3/show-grants.md', [['database_name', 'text'], ['schema_name', 'text'],
    ['table_name', 'text'], ['grantee', 'text'], ['privilege_type', 'text'], ['is_grantable', 'bool']]),
  'SHOW GRANTS ON EXTERNAL CONNECTION x': shape('src/current/v24.3/show-grants.md', [['connection_name', 'text'], ['grantee', 'text'],
    ['privilege_type', 'text'], ['is_grantable', 'bool']]),
  'SHOW GRANTS ON ROLE': shape('src/current/v24.3/show-grants.md', [['role_name', 'text'], ['member', 'text'], ['is_admin', 'bool']]),
  'SHOW DATABASES': shape('src/current/v24.3/show-databases.md', [['database_name', 'text'], ['owner', 'text'],
    ['primary_region', 'text'], ['secondary_region', 'text'], ['regions', 'textArray'], ['survival_goal', 'text']]),
  'SHOW SCHEMAS FROM db': shape('src/current/v24.3/show-schemas.md + system-catalogs.md', [['schema_name', 'text'], ['owner', 'text']]),
  'SHOW CLUSTER SETTINGS': shape('src/current/v24.3/show-cluster-setting.md', [['variable', 'text'], ['value', 'text'],
    ['setting_type', 'text'], ['description', 'text'], ['default_value', 'text'], ['origin', 'text']]),
  'SHOW ALL CLUSTER SETTINGS': shape('src/current/v24.3/show-cluster-setting.md', [['variable', 'text'], ['value', 'text'],
    ['setting_type', 'text'], ['public', 'bool'], ['description', 'text'], ['default_value', 'text'], ['origin', 'text']]),
  'SHOW JOBS': shape('src/current/v24.3/show-jobs.md + releases/v24.1/v24.1.0-beta.1.md', JOB_COLUMNS),
  'SHOW JOB <id>': shape('src/current/v24.3/show-jobs.md + releases/v24.1/v24.1.0-beta.1.md', JOB_DETAIL_COLUMNS),
  'SHOW EXTERNAL CONNECTIONS': shape('src/current/v24.3/show-external-connection.md', [['connection_name', 'text'],
    ['connection_uri', 'text'], ['connection_type', 'text']]),
  // v24.1's only way to list them (show-external-connection.md is new in v24.2); the URI is not redacted here.
  'SHOW CREATE EXTERNAL CONNECTION': shape('src/current/v24.3/show-create-external-connection.md', [['connection_name', 'text'],
    ['create_statement', 'text']]),
  // crdb_internal: the docs list the tables without columns; these follow the source_hint lists (see result-columns.json).
  'crdb_internal.gossip_nodes': shape('src/current/v24.3/crdb-internal.md (source_hint)', [['node_id', 'int8'], ['network', 'text'],
    ['address', 'text'], ['advertise_address', 'text'], ['sql_network', 'text'], ['sql_address', 'text'],
    ['advertise_sql_address', 'text'], ['attrs', 'jsonb'], ['locality', 'text'], ['cluster_name', 'text'],
    ['server_version', 'text'], ['build_tag', 'text'], ['started_at', 'timestamp'], ['is_live', 'bool'], ['ranges', 'int8'],
    ['leases', 'int8']]),
  // + membership, which v24 has (cockroach node status --decommission shows it) and the old source hint lacks.
  'crdb_internal.gossip_liveness': shape('src/current/v24.3/crdb-internal.md (source_hint + membership)', [['node_id', 'int8'],
    ['epoch', 'int8'], ['expiration', 'text'], ['draining', 'bool'], ['decommissioning', 'bool'], ['membership', 'text'],
    ['updated_at', 'timestamp']]),
  'crdb_internal.kv_node_status': shape('src/current/v24.3/crdb-internal.md (source_hint)', [['node_id', 'int8'], ['network', 'text'],
    ['address', 'text'], ['attrs', 'jsonb'], ['locality', 'text'], ['server_version', 'text'], ['go_version', 'text'],
    ['tag', 'text'], ['time', 'text'], ['revision', 'text'], ['cgo_compiler', 'text'], ['platform', 'text'],
    ['distribution', 'text'], ['type', 'text'], ['dependencies', 'text'], ['started_at', 'timestamp'], ['updated_at', 'timestamp'],
    ['metrics', 'jsonb'], ['args', 'jsonb'], ['env', 'jsonb'], ['activity', 'jsonb']]),
  'crdb_internal.kv_store_status': shape('src/current/v24.3/crdb-internal.md (source_hint; store_id confirmed by alter-range.md)', [
    ['node_id', 'int8'], ['store_id', 'int8'], ['attrs', 'jsonb'], ['capacity', 'int8'], ['available', 'int8'], ['used', 'int8'],
    ['logical_bytes', 'int8'], ['range_count', 'int8'], ['lease_count', 'int8'], ['writes_per_second', 'float8'],
    ['bytes_per_replica', 'jsonb'], ['writes_per_replica', 'jsonb'], ['metrics', 'jsonb']]),
  'crdb_internal.jobs': shape('src/current/v24.3/crdb-internal.md (same columns as SHOW JOB <id>)', JOB_DETAIL_COLUMNS),
  // Column list as shown for crdb_internal.cluster_settings.txt in src/current/v25.4/cockroach-debug-zip.md.
  'crdb_internal.cluster_settings': shape('src/current/v25.4/cockroach-debug-zip.md', [['variable', 'text'], ['value', 'text'],
    ['type', 'text'], ['public', 'bool'], ['sensitive', 'bool'], ['reportable', 'bool'], ['description', 'text'],
    ['default_value', 'text'], ['origin', 'text']]),
  // Backups, restores and schedules (backup/, sql/statements/backup.ts, restore.ts, show-backup.ts, schedules.ts).
  // SHOW BACKUP's types are the page's; the rest follow the example output (job ids INT8, fractions FLOAT).
  "SHOW BACKUPS IN 'uri'": shape('src/current/v24.3/show-backup.md', [['path', 'text']]),
  "SHOW BACKUP FROM {subdir|LATEST} IN 'uri'": shape('src/current/v24.3/show-backup.md', [...SHOW_BACKUP_COLUMNS, ['regions', 'text']]),
  'SHOW BACKUP ... WITH check_files': shape('src/current/_includes/v24.3/backups/check-files-validate.md', [...SHOW_BACKUP_COLUMNS,
    ['file_bytes', 'int8']]),
  "SHOW BACKUP SCHEMAS FROM subdir IN 'uri'": shape('src/current/v24.3/show-backup.md', [...SHOW_BACKUP_COLUMNS, ['create_statement', 'text']]),
  'BACKUP INTO ... (blocking)': shape('src/current/v24.3/backup.md', BULK_JOB_COLUMNS),
  'BACKUP INTO ... WITH DETACHED': shape('src/current/v24.3/backup.md', [['job_id', 'int8']]),
  'RESTORE (blocking)': shape('src/current/v24.3/restore.md', BULK_JOB_COLUMNS),
  'RESTORE ... WITH DETACHED': shape('src/current/v24.3/restore.md', [['job_id', 'int8']]),
  // next_run/created: the page says TIMESTAMP, every example prints an offset (result-columns-notes.md #10).
  'SHOW SCHEDULES': shape('src/current/v24.3/show-schedules.md', [['id', 'int8'], ['label', 'text'], ['schedule_status', 'text'],
    ['next_run', 'timestamptz'], ['state', 'text'], ['recurrence', 'text'], ['jobsrunning', 'int8'], ['owner', 'text'],
    ['created', 'timestamptz'], ['on_previous_running', 'text'], ['on_execution_failure', 'text'], ['command', 'jsonb']]),
  // SHOW RUNNING SCHEDULES prints command as the plain statement (show-schedules.md "Show running schedules").
  'SHOW RUNNING SCHEDULES': shape('src/current/v24.3/show-schedules.md', [['id', 'int8'], ['label', 'text'], ['schedule_status', 'text'],
    ['next_run', 'timestamptz'], ['state', 'text'], ['recurrence', 'text'], ['jobsrunning', 'int8'], ['owner', 'text'],
    ['created', 'timestamptz'], ['on_previous_running', 'text'], ['on_execution_failure', 'text'], ['command', 'text']]),
  'CREATE SCHEDULE FOR BACKUP': shape('src/current/v24.3/create-schedule-for-backup.md', [['schedule_id', 'int8'], ['label', 'text'],
    ['status', 'text'], ['first_run', 'timestamptz'], ['schedule', 'text'], ['backup_stmt', 'text']]),
} satisfies Record<string, Shape>;

export type ShapeKey = keyof typeof COLUMNS;

export const fieldsOf = (key: ShapeKey): ResultField[] => COLUMNS[key].columns.map(([name, t]) => ({ name, typeOid: OID[t] }));

/** A result in one of the documented shapes; rows must already be text in column order. */
export const resultOf = (key: ShapeKey, rows: (string | null)[][], command = `SELECT ${rows.length}`): ResultSet =>
  ({ fields: fieldsOf(key), rows, command });

/** A result with no rows and no columns, just a command tag (CREATE ROLE, GRANT, SET CLUSTER SETTING, …). */
export const tagOnly = (command: string): ResultSet => ({ fields: [], rows: [], command });
