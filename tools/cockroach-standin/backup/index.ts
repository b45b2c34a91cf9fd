// The backup room's entry points. The SQL room's statement families (sql/statements/backup.ts, restore.ts,
// show-backup.ts, schedules.ts) parse statements and call these; the node process calls runDueSchedules from its
// liveness loop.
export { runDueSchedules, createBackupSchedule, showSchedules, controlSchedules, backupStatement } from './schedules.js';
export { startBackup, startRestore, type JobEnv } from './jobs.js';
export { showBackup, showBackups, type ShowBackupVariant } from './show.js';
export type { BackupSpec, BackupTargets, RestoreSpec, RestoreTargets, TableTarget, BulkResult } from './spec.js';
export { storageScheme } from './storage.js';
