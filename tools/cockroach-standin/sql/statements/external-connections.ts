// CREATE EXTERNAL CONNECTION [IF NOT EXISTS] name AS 'uri', SHOW EXTERNAL CONNECTION[S] [name],
// SHOW CREATE [ALL] EXTERNAL CONNECTION[S] [name], DROP EXTERNAL CONNECTION name.
// Docs: src/current/v24.3/create-external-connection.md, show-external-connection.md (v24.2+),
// show-create-external-connection.md, drop-external-connection.md. Creating needs admin (CockroachDB: admin or the
// EXTERNALCONNECTION system privilege); non-admins see and drop only the connections they own.
import type { ExternalConnection } from '../../catalog/external-connections.js';
import { redactUri } from '../../catalog/external-connections.js';
import { quoteLiteral } from '../../catalog/pg-admin.js';
import { resultOf, tagOnly } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import type { Cursor } from '../cursor.js';
import { SqlError } from '../engine.types.js';

const connName = (c: Cursor) => c.roleName();
const missing = (name: string) => new SqlError('42704', `external connection with name ${name} does not exist`);

const visible = async (ctx: StatementContext, name: string | null): Promise<ExternalConnection[]> => {
  const admin = await ctx.isAdmin();
  const all = name === null ? await ctx.catalog.externalConnections.list() : [await ctx.catalog.externalConnections.get(name)];
  const out = all.filter((x): x is ExternalConnection => !!x && (admin || x.owner === ctx.state.user));
  if (name !== null && out.length === 0) throw missing(name);
  return out;
};

export const externalConnectionsFamily: StatementFamily = {
  name: 'external connections',
  matches: (c) => c.isWords('create', 'external', 'connection') || c.isWords('drop', 'external', 'connection')
    || c.isWords('show', 'external', 'connection') || c.isWords('show', 'external', 'connections')
    || c.isWords('show', 'create', 'external', 'connection') || c.isWords('show', 'create', 'all', 'external', 'connections'),
  async run(ctx) {
    const c = ctx.cursor();
    if (c.acceptWords('create', 'external', 'connection')) {
      const ifNotExists = c.acceptWords('if', 'not', 'exists');
      const name = connName(c);
      c.expectWords('as');
      const uri = c.stringValue() ?? '';
      c.end();
      await ctx.requireAdminOr([], `user ${ctx.state.user} does not have EXTERNALCONNECTION system privilege`);
      const ok = await ctx.catalog.externalConnections.create(name, uri, ctx.state.user);
      if (!ok && !ifNotExists) {
        throw new SqlError('42710', `failed to create external connection: external connection with connection name ${name} already exists`);
      }
      return tagOnly('CREATE EXTERNAL CONNECTION');
    }
    if (c.acceptWords('drop', 'external', 'connection')) {
      const name = connName(c);
      c.end();
      await visible(ctx, name);
      await ctx.catalog.externalConnections.drop(name);
      return tagOnly('DROP EXTERNAL CONNECTION');
    }
    if (c.acceptWords('show', 'create')) {
      const all = c.acceptWords('all', 'external', 'connections');
      if (!all) c.expectWords('external', 'connection');
      const name = all ? null : connName(c);
      c.end();
      const rows = (await visible(ctx, name)).map((x) => [x.name, `CREATE EXTERNAL CONNECTION ${quoteLiteral(x.name)} AS ${quoteLiteral(x.uri)}`]);
      return resultOf('SHOW CREATE EXTERNAL CONNECTION', rows);
    }
    c.expectWords('show', 'external');
    const plural = c.acceptWords('connections') || (c.expectWords('connection'), false);
    const name = plural ? null : connName(c);
    c.end();
    const rows = (await visible(ctx, name)).map((x) => [x.name, redactUri(x.uri), x.connectionType]);
    return resultOf('SHOW EXTERNAL CONNECTIONS', rows);
  },
};
