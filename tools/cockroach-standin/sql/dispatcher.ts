// Which code answers a statement. CockroachDB-only statement families first (each owns its leading words), then the
// refusal list of CockroachDB statements the stand-in does not implement (42601, loudly), then the generic families
// (session variables, virtual-table queries), and finally portable SQL, forwarded to PostgreSQL.
// To add a statement family: write statements/<family>.ts and add it to FAMILIES.
import type { StatementContext, StatementFamily } from './context.js';
import type { ResultSet } from './engine.types.js';
import { applySplices, identitySplices } from './rewrite.js';
import { backupFamily } from './statements/backup.js';
import { clusterSettingsFamily } from './statements/cluster-settings.js';
import { databasesFamily } from './statements/databases.js';
import { externalConnectionsFamily } from './statements/external-connections.js';
import { grantsFamily } from './statements/grants.js';
import { jobsFamily } from './statements/jobs.js';
import { restoreFamily } from './statements/restore.js';
import { schedulesFamily } from './statements/schedules.js';
import { sessionVarsFamily } from './statements/session-vars.js';
import { showBackupFamily } from './statements/show-backup.js';
import { showGrantsFamily } from './statements/show-grants.js';
import { usersFamily } from './statements/users.js';
import { virtualTablesFamily } from './statements/virtual-tables.js';
import { isUnsupportedCockroachStatement, unsupported } from './unsupported.js';
import { versionString } from '../catalog/versions.js';

export const FAMILIES: StatementFamily[] = [usersFamily, grantsFamily, showGrantsFamily, databasesFamily, clusterSettingsFamily,
  jobsFamily, externalConnectionsFamily, backupFamily, restoreFamily, showBackupFamily, schedulesFamily];
const GENERIC: StatementFamily[] = [virtualTablesFamily, sessionVarsFamily];

const QUERY_STARTS = new Set(['select', 'with', 'values', 'table']);

/** Portable SQL: PostgreSQL answers, except that it must report the CockroachDB session's identity, not its own. */
const forwardPortable = async (ctx: StatementContext): Promise<ResultSet> => {
  const c = ctx.cursor();
  const first = c.peek();
  const isQuery = first?.type === 'word' ? QUERY_STARTS.has(first.value) : first?.text === '(';
  const sql = isQuery
    ? applySplices(ctx.sql, identitySplices(c.tokens, { user: ctx.state.user, database: ctx.state.database, version: versionString(ctx.node.buildTag) }))
    : ctx.sql;
  return ctx.forward(sql, ctx.params);
};

export const dispatch = async (ctx: StatementContext): Promise<ResultSet> => {
  for (const f of FAMILIES) if (f.matches(ctx.cursor())) return f.run(ctx);
  if (isUnsupportedCockroachStatement(ctx.cursor().tokens)) throw unsupported(ctx.sql);
  for (const f of GENERIC) if (f.matches(ctx.cursor())) return f.run(ctx);
  return forwardPortable(ctx);
};
