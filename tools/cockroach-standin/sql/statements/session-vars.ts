// Session variables: SET/RESET/SHOW <var>. PostgreSQL's own parameters (statement_timeout, application_name,
// search_path, TimeZone, …) are forwarded to the session's connection; CockroachDB-only ones (sql_safe_updates,
// default_transaction_use_follower_reads, …) are accepted and stored in the session. A few are answered here because
// PostgreSQL would answer them as itself: database, session_user/current_user, server_version, node_id.
// Docs: src/current/v24.3/set-vars.md, show-vars.md, session-variables.md.
import { tagOnly } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import type { Cursor } from '../cursor.js';
import { SqlError, type ResultSet } from '../engine.types.js';

const one = (name: string, value: string | null): ResultSet =>
  ({ fields: [{ name, typeOid: 25 }], rows: [[value]], command: 'SELECT 1' });

const pgKnows = async (ctx: StatementContext, name: string) =>
  (await ctx.forward('SELECT 1 FROM pg_settings WHERE name = $1', [name])).rows.length > 0;

const varName = (c: Cursor) => c.qualifiedName().join('.').toLowerCase();

const set = async (ctx: StatementContext, c: Cursor) => {
  const local = c.acceptWords('local');
  if (!local) c.acceptWords('session');
  if (c.isWords('time', 'zone') || c.isWords('transaction') || c.isWords('names')) return ctx.forward(ctx.sql, ctx.params);
  if (c.isWords('session', 'authorization') || c.isWords('role')) throw new SqlError('42601', `cockroach stand-in: statement not supported: ${ctx.sql}`);
  const name = varName(c);
  if (!c.acceptPunct('=')) c.expectWords('to');
  const values: (string | null)[] = [];
  do values.push(c.isWords('default') ? (c.next(), null) : c.settingValue()); while (c.acceptPunct(','));
  c.end();
  if (name === 'database') {
    if (!values[0]) throw new SqlError('22023', 'database name cannot be empty');
    await ctx.useDatabase(values[0]);
    return tagOnly('SET');
  }
  if (name === 'application_name') ctx.state.applicationName = values[0] ?? '';
  if (await pgKnows(ctx, name)) return local ? ctx.forward(ctx.sql, ctx.params) : ctx.forwardSessionSet(ctx.sql, ctx.params);
  if (values[0] === null) ctx.state.vars.delete(name);
  else ctx.state.vars.set(name, values.join(', '));
  return tagOnly('SET');
};

const reset = async (ctx: StatementContext, c: Cursor) => {
  if (c.acceptWords('all')) { c.end(); ctx.state.vars.clear(); return ctx.forwardSessionSet(ctx.sql); }
  const name = varName(c);
  c.end();
  ctx.state.vars.delete(name);
  if (await pgKnows(ctx, name)) return ctx.forwardSessionSet(ctx.sql);
  return tagOnly('RESET');
};

const show = async (ctx: StatementContext, c: Cursor) => {
  if (c.isWords('time', 'zone') || c.isWords('transaction', 'isolation', 'level')) return ctx.forward(ctx.sql);
  const name = varName(c);
  c.end();
  switch (name) {
    case 'database': return one('database', ctx.state.database);
    case 'session_user': case 'current_user': case 'user': return one(name, ctx.state.user);
    case 'server_version': return one(name, '13.0.0');
    case 'server_version_num': return one(name, '130000');
    case 'crdb_version': return one(name, `CockroachDB CCL ${ctx.node.buildTag}`);
    case 'node_id': return one(name, String(ctx.node.nodeId() ?? ''));
    case 'application_name': return one(name, ctx.state.applicationName);
  }
  const local = ctx.state.vars.get(name);
  if (local !== undefined) return one(name, local);
  if (await pgKnows(ctx, name)) return ctx.forward(ctx.sql);
  throw new SqlError('42704', `unrecognized configuration parameter "${name}"`);
};

export const sessionVarsFamily: StatementFamily = {
  name: 'session variables',
  matches: (c) => c.isWords('set') || c.isWords('reset') || (c.isWords('show') && (c.tokens.length === 2 || c.tokens.length === 4
    || c.isWords('show', 'time', 'zone') || c.isWords('show', 'transaction', 'isolation', 'level'))),
  async run(ctx) {
    const c = ctx.cursor();
    const verb = c.next().value;
    if (verb === 'set') return set(ctx, c);
    if (verb === 'reset') return reset(ctx, c);
    return show(ctx, c);
  },
};
