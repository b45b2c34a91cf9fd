// One client session: its CockroachDB identity and current database, and its own PostgreSQL connection to that
// database's backing PostgreSQL database (switched on USE / SET database). Transactions are PostgreSQL's: BEGIN,
// COMMIT and ROLLBACK are forwarded, so txStatus is whatever PostgreSQL says. Catalog statements inside a
// transaction take effect immediately (they are not part of it) — a documented gap.
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import { databaseUrl } from '../catalog/pg-admin.js';
import type { EngineNode, SessionState, StatementContext } from './context.js';
import { Cursor } from './cursor.js';
import { dispatch } from './dispatcher.js';
import { SqlError, type ResultSet, type SessionInfo, type SqlSession, type TxStatus } from './engine.types.js';
import { LexError, splitStatements, type Statement } from './lexer.js';
import { databaseMissing } from './objects.js';
import { openPgConnection, type PgConnection } from './pg-connection.js';
import { classify, type StatementKind } from './statement-kind.js';

export type SessionDeps = {
  catalog: ClusterCatalog; adminUrl: string; node: EngineNode;
  onStatement?: (kind: StatementKind, latencyMs: number, ok: boolean) => void;
};

const TX_END = new Set(['rollback', 'abort', 'commit', 'end']);

export const createSession = async (deps: SessionDeps, info: SessionInfo, parameterStatus: Record<string, string>): Promise<SqlSession> => {
  const { catalog } = deps;
  const state: SessionState = { user: info.user, database: info.database || 'defaultdb', applicationName: info.applicationName, vars: new Map() };
  const rememberedSets: string[] = [];
  let conn: PgConnection | null = null;

  const urlFor = async (database: string) => {
    if (database === 'system') return databaseUrl(deps.adminUrl, catalog.pgDatabase);
    const db = await catalog.databases.get(database);
    if (!db) throw databaseMissing(database);
    return databaseUrl(deps.adminUrl, db.pgName);
  };
  const connection = async (): Promise<PgConnection> => {
    if (conn?.alive()) return conn;
    conn = await openPgConnection(await urlFor(state.database), state.applicationName || 'cockroach-standin');
    for (const s of rememberedSets) await conn.query(s).catch(() => undefined);
    return conn;
  };
  const isAdmin = () => catalog.roles.isAdmin(state.user);

  const requireConnect = async (database: string) => {
    if (database === 'system' || (await isAdmin())) return;
    const who = [state.user, 'public', ...(await catalog.roles.rolesOf(state.user))];
    const grants = await catalog.privileges.list({ database, objectType: 'database', grantees: who });
    const owner = (await catalog.databases.get(database))?.owner === state.user;
    if (!owner && !grants.some((g) => g.privilege === 'CONNECT' || g.privilege === 'ALL')) {
      throw new SqlError('42501', `user ${state.user} does not have CONNECT privilege on database ${database}`);
    }
  };

  const makeContext = (stmt: Statement, params: (string | null)[]): StatementContext => {
    const ctx: StatementContext = {
      catalog, node: deps.node, state, sql: stmt.sql, params,
      cursor: () => new Cursor(stmt.tokens, stmt.sql, params),
      forward: async (sql, p = []) => (await connection()).query(sql, p),
      forwardSessionSet: async (sql, p = []) => {
        const r = await (await connection()).query(sql, p);
        if (p.length === 0) rememberedSets.push(sql);
        return r;
      },
      queryIn: async (database, sql, p = []) => {
        if (database === state.database) return ctx.forward(sql, p);
        const other = await openPgConnection(await urlFor(database), 'cockroach-standin');
        try { return await other.query(sql, p); } finally { await other.close(); }
      },
      run: async (sql) => {
        const inner = splitStatements(sql);
        if (inner.length !== 1) throw new SqlError('42601', `expected one statement, got: ${sql}`);
        return dispatch(makeContext(inner[0]!, params));
      },
      useDatabase: async (name) => {
        if (name === state.database) return;
        if (name !== 'system' && !(await catalog.databases.get(name))) throw databaseMissing(name);
        await requireConnect(name);
        if (conn && conn.txStatus() !== 'I') throw new SqlError('25001', 'cannot change the current database inside a transaction');
        await conn?.close();
        conn = null;
        state.database = name;
        await connection();
      },
      isAdmin,
      requireAdminOr: async (options, message) => {
        if (await isAdmin()) return;
        for (const o of options) if (await catalog.roles.hasOption(state.user, o)) return;
        throw new SqlError('42501', message);
      },
    };
    return ctx;
  };

  if (state.database !== 'system' && !(await catalog.databases.get(state.database))) throw databaseMissing(state.database);
  await requireConnect(state.database);
  await connection();

  const runOne = async (stmt: Statement, params: (string | null)[]): Promise<ResultSet> => {
    const first = stmt.tokens[0];
    if (conn?.txStatus() === 'E' && !(first?.type === 'word' && TX_END.has(first.value))) {
      throw new SqlError('25P02', 'current transaction is aborted, commands ignored until end of transaction block');
    }
    const kind = classify(stmt.tokens);
    const t0 = performance.now();
    try {
      const r = await dispatch(makeContext(stmt, params));
      deps.onStatement?.(kind, performance.now() - t0, true);
      if (kind === 'ddl' && state.database !== 'system') await recordTableCount();
      return r;
    } catch (err) {
      deps.onStatement?.(kind, performance.now() - t0, false);
      throw err;
    }
  };

  /** The range model counts tables; DDL may have changed how many the current database has. */
  const recordTableCount = async () => {
    if (!conn?.alive() || conn.txStatus() === 'E' || !(await catalog.databases.get(state.database))) return;
    const r = await conn.query(`SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`);
    await catalog.databases.setTableCount(state.database, Number(r.rows[0]?.[0] ?? 0));
  };

  return {
    async execute(sql, params) {
      let statements: Statement[];
      try { statements = splitStatements(sql); } catch (err) {
        if (err instanceof LexError) throw new SqlError('42601', `lexical error: ${err.message}`, { detail: `source SQL:\n${sql}` });
        throw err;
      }
      if (params.length > 0 && statements.length > 1) throw new SqlError('42601', 'cannot insert multiple commands into a prepared statement');
      const out: ResultSet[] = [];
      for (const s of statements) out.push(await runOne(s, params));
      return out;
    },
    txStatus: (): TxStatus => conn?.txStatus() ?? 'I',
    parameterStatus: () => ({ ...parameterStatus, application_name: state.applicationName }),
    async close() { await conn?.close(); conn = null; },
  };
};
