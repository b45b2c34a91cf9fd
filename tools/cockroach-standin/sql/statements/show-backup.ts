// SHOW BACKUPS IN 'uri'; SHOW BACKUP [SCHEMAS] FROM <'subdir' | LATEST> IN 'uri' [WITH check_files].
// Docs: src/current/v24.3/show-backup.md (Response, examples), _includes/v24.3/backups/check-files-validate.md.
// The syntax without IN was removed in v24.3 and is refused with CockroachDB's syntax error. as_json, debug_ids,
// privileges and encryption options are refused with 42601.
import { showBackup, showBackups, type ShowBackupVariant } from '../../backup/index.js';
import { resultOf } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import { boolOption, notSimulated, requireSimulatedStorage, storageUri, withOptions } from './backup-syntax.js';

const run = async (ctx: StatementContext) => {
  const c = ctx.cursor();
  c.expectWords('show');
  if (c.acceptWords('backups', 'in')) {
    const collection = storageUri(c);
    c.end();
    await requireSimulatedStorage(ctx, collection);
    return resultOf("SHOW BACKUPS IN 'uri'", await showBackups(ctx.catalog, collection));
  }
  c.expectWords('backup');
  const schemas = c.acceptWords('schemas');
  c.expectWords('from');
  const from = c.acceptWords('latest') ? 'LATEST' : storageUri(c);
  c.expectWords('in');
  const collection = storageUri(c);
  const opts = withOptions(c, ['check_files'], ['as_json', 'debug_ids', 'privileges', 'encryption_passphrase', 'kms', 'incremental_location']);
  c.end();
  await requireSimulatedStorage(ctx, collection);
  const checkFiles = boolOption(opts, 'check_files');
  if (schemas && checkFiles) throw notSimulated(ctx.sql, 'SHOW BACKUP SCHEMAS … WITH check_files');
  const variant: ShowBackupVariant = schemas ? 'schemas' : checkFiles ? 'check_files' : 'plain';
  const rows = await showBackup(ctx.catalog, { collection, from, variant });
  if (variant === 'schemas') return resultOf("SHOW BACKUP SCHEMAS FROM subdir IN 'uri'", rows);
  if (variant === 'check_files') return resultOf('SHOW BACKUP ... WITH check_files', rows);
  return resultOf("SHOW BACKUP FROM {subdir|LATEST} IN 'uri'", rows);
};

export const showBackupFamily: StatementFamily = {
  name: 'show backup',
  matches: (c) => c.isWords('show', 'backups') || c.isWords('show', 'backup'),
  run,
};
