// What a parsed BACKUP / RESTORE asks for. Plain JSON, so a schedule can store it and run it later without a session.

/** A table named by BACKUP/RESTORE: `table` may be `*` (every table of the schema). */
export type TableTarget = { database: string; schema: string; table: string };

export type BackupTargets =
  | { kind: 'cluster' }
  | { kind: 'databases'; names: string[] }
  | { kind: 'tables'; tables: TableTarget[] };

export type BackupSpec = {
  targets: BackupTargets;
  /** The collection URI as written (s3://… or external://…). */
  collection: string;
  /** null: a new full backup; 'LATEST' or a subdirectory: an incremental layer on that chain. */
  appendTo: string | null;
  /** AS OF SYSTEM TIME, resolved to an instant (ISO); null = now. */
  asOf: string | null;
  revisionHistory: boolean;
};

export type RestoreTargets =
  | { kind: 'cluster' }
  | { kind: 'databases'; names: string[] }
  /** Tables as written: [table] | [db, table] | [db, schema, table]; `*` allowed last. */
  | { kind: 'tables'; names: string[][]; currentDatabase: string };

export type RestoreSpec = {
  targets: RestoreTargets;
  collection: string;
  /** 'LATEST' or a subdirectory. */
  from: string;
  asOf: string | null;
  intoDb: string | null;
  newDbName: string | null;
  skipMissingForeignKeys: boolean;
  skipMissingViews: boolean;
  schemaOnly: boolean;
};

/** The numbers BACKUP and RESTORE report (backup.md / restore.md "Run … asynchronously" example rows). */
export type BulkResult = { rows: number; indexEntries: number; bytes: number };
