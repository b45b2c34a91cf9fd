// BACKUP [DATABASE d, … | [TABLE] t, …] INTO ['subdir' IN | LATEST IN] 'uri' [AS OF SYSTEM TIME …]
//   [WITH revision_history[= bool], detached[= bool]]
// Docs: src/current/v24.3/backup.md (Targets, Options, "Run a backup asynchronously", "Create incremental backups"),
// take-full-and-incremental-backups.md. The work happens in backup/ as a BACKUP job; blocking returns the job's
// summary row, DETACHED only its id. A cluster backup needs admin (backup.md "Required privileges").
import { startBackup, type BackupSpec } from '../../backup/index.js';
import { resultOf } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import { asOfSystemTime, backupTargets, boolOption, redactedStatement, requireSimulatedStorage, storageUri, withOptions } from './backup-syntax.js';

const OPTIONS = ['revision_history', 'detached'];
const UNSIMULATED = ['encryption_passphrase', 'kms', 'incremental_location', 'execution locality', 'include_all_virtual_clusters'];

const backup = async (ctx: StatementContext) => {
  const c = ctx.cursor();
  c.expectWords('backup');
  const targets = await backupTargets(ctx, c);
  c.expectWords('into');
  let appendTo: string | null = null;
  let collection: string;
  if (c.acceptWords('latest')) {
    c.expectWords('in');
    appendTo = 'LATEST';
    collection = storageUri(c);
  } else {
    const first = storageUri(c);
    if (c.acceptWords('in')) { appendTo = first; collection = storageUri(c); } else collection = first;
  }
  const asOf = await asOfSystemTime(ctx, c);
  const opts = withOptions(c, OPTIONS, UNSIMULATED);
  c.end();
  await requireSimulatedStorage(ctx, collection);
  if (targets.kind === 'cluster') await ctx.requireAdminOr([], `user ${ctx.state.user} does not have BACKUP system privilege`);
  const spec: BackupSpec = { targets, collection, appendTo, asOf, revisionHistory: boolOption(opts, 'revision_history') };
  const detached = boolOption(opts, 'detached');
  const started = await startBackup({ catalog: ctx.catalog, nodeId: ctx.node.nodeId(), buildTag: ctx.node.buildTag, user: ctx.state.user },
    spec, { description: redactedStatement(c), detached });
  if (!started.result) return resultOf('BACKUP INTO ... WITH DETACHED', [[started.jobId]]);
  const r = await started.result;
  return resultOf('BACKUP INTO ... (blocking)', [[started.jobId, 'succeeded', '1', String(r.rows), String(r.indexEntries), String(r.bytes)]]);
};

export const backupFamily: StatementFamily = {
  name: 'backup',
  matches: (c) => c.isWords('backup') && !c.isWords('backup', 'schedule'),
  run: backup,
};
