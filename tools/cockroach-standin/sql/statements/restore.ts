// RESTORE [DATABASE d, … | [TABLE] t, …] FROM <'subdir' | LATEST> IN 'uri' [AS OF SYSTEM TIME …]
//   [WITH into_db = 'x', new_db_name = 'x', detached, skip_missing_foreign_keys, skip_missing_views, schema_only, …]
// Docs: src/current/v24.3/restore.md (Parameters, Options, "Restore a backup asynchronously"). Nothing before FROM =
// a full cluster restore (admin only; restore.md "Required privileges"). The checks and the work are in backup/.
import { startRestore, type RestoreSpec, type RestoreTargets } from '../../backup/index.js';
import { resultOf } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import { asOfSystemTime, boolOption, redactedStatement, requireSimulatedStorage, storageUri, stringOption, withOptions } from './backup-syntax.js';

const OPTIONS = ['into_db', 'new_db_name', 'detached', 'skip_missing_foreign_keys', 'skip_missing_views', 'skip_missing_sequences',
  'skip_missing_sequence_owners', 'skip_missing_udfs', 'skip_localities_check', 'schema_only'];
const UNSIMULATED = ['encryption_passphrase', 'kms', 'incremental_location', 'execution locality', 'verify_backup_table_data',
  'virtual_cluster_name', 'virtual_cluster', 'remove_regions'];

const restore = async (ctx: StatementContext) => {
  const c = ctx.cursor();
  c.expectWords('restore');
  let targets: RestoreTargets;
  if (c.isWords('from')) targets = { kind: 'cluster' };
  else if (c.acceptWords('database')) targets = { kind: 'databases', names: c.nameList() };
  else {
    c.acceptWords('table');
    targets = { kind: 'tables', names: c.nameList(() => c.qualifiedName().join('\u0000')).map((x) => x.split('\u0000')), currentDatabase: ctx.state.database };
  }
  c.expectWords('from');
  const from = c.acceptWords('latest') ? 'LATEST' : storageUri(c);
  c.expectWords('in');
  const collection = storageUri(c);
  const asOf = await asOfSystemTime(ctx, c);
  const opts = withOptions(c, OPTIONS, UNSIMULATED);
  c.end();
  await requireSimulatedStorage(ctx, collection);
  if (targets.kind !== 'tables') await ctx.requireAdminOr([], `user ${ctx.state.user} does not have RESTORE system privilege`);
  const spec: RestoreSpec = {
    targets, collection, from, asOf,
    intoDb: stringOption(opts, 'into_db'), newDbName: stringOption(opts, 'new_db_name'),
    skipMissingForeignKeys: boolOption(opts, 'skip_missing_foreign_keys'), skipMissingViews: boolOption(opts, 'skip_missing_views'),
    schemaOnly: boolOption(opts, 'schema_only'),
  };
  const started = await startRestore({ catalog: ctx.catalog, nodeId: ctx.node.nodeId(), buildTag: ctx.node.buildTag, user: ctx.state.user },
    spec, { description: redactedStatement(c), detached: boolOption(opts, 'detached') });
  if (!started.result) return resultOf('RESTORE ... WITH DETACHED', [[started.jobId]]);
  const r = await started.result;
  return resultOf('RESTORE (blocking)', [[started.jobId, 'succeeded', '1', String(r.rows), String(r.indexEntries), String(r.bytes)]]);
};

export const restoreFamily: StatementFamily = { name: 'restore', matches: (c) => c.isWords('restore'), run: restore };
