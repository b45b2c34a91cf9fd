// The SQL room's entry point: an SqlEngine (engine.types.ts, the seam to the wire room) for one simulated cluster
// and one node. Passwords and logins are checked against the cluster's own catalog, never PostgreSQL roles.
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import { versionString } from '../catalog/versions.js';
import type { EngineNode } from './context.js';
import { SqlError, type SqlEngine, type SqlSession } from './engine.types.js';
import { createSession } from './session.js';
import type { StatementKind } from './statement-kind.js';

export type { StatementKind } from './statement-kind.js';

export const createSqlEngine = (o: {
  catalog: ClusterCatalog; adminUrl: string; node: EngineNode;
  onStatement?: (kind: StatementKind, latencyMs: number, ok: boolean) => void;
}): SqlEngine & { close(): Promise<void> } => {
  const sessions = new Set<SqlSession>();
  return {
    checkPassword: (user, password) => o.catalog.roles.checkPassword(user.toLowerCase(), password),
    canLogin: (user) => o.catalog.roles.canLogin(user.toLowerCase()),
    async openSession(info) {
      // CockroachDB refuses new SQL clients while draining (57P01) and serves none before `cockroach init`.
      if (o.node.isDraining()) throw new SqlError('57P01', 'server is not accepting clients, try another node', { severity: 'FATAL' });
      if (!(await o.catalog.isInitialized())) {
        throw new SqlError('57P01', 'server is not accepting clients: the cluster has not yet been initialized (run cockroach init)', { severity: 'FATAL' });
      }
      const user = info.user.toLowerCase();
      if (!(await o.catalog.roles.exists(user))) throw new SqlError('28000', `password authentication failed for user ${user}`, { severity: 'FATAL' });
      const admin = await o.catalog.roles.isAdmin(user);
      const session = await createSession(o, { ...info, user }, {
        server_version: '13.0.0',
        crdb_version: versionString(o.node.buildTag),
        server_encoding: 'UTF8',
        client_encoding: 'UTF8',
        DateStyle: 'ISO, MDY',
        IntervalStyle: 'postgres',
        TimeZone: 'UTC',
        integer_datetimes: 'on',
        standard_conforming_strings: 'on',
        session_authorization: user,
        is_superuser: admin ? 'on' : 'off',
        application_name: info.applicationName,
      });
      sessions.add(session);
      return {
        execute: (sql, params) => session.execute(sql, params),
        txStatus: () => session.txStatus(),
        parameterStatus: () => session.parameterStatus(),
        close: async () => { sessions.delete(session); await session.close(); },
      };
    },
    async close() {
      await Promise.all([...sessions].map((s) => s.close()));
      sessions.clear();
    },
  };
};
