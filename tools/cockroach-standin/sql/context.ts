// What a statement family gets to work with. A family is one file in statements/: it says which statements it owns
// (by their leading words) and answers them, reading and writing the catalog and, when it needs PostgreSQL, the
// session's own connection through `forward`. Adding a statement family = one new file + one line in dispatcher.ts.
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import type { Cursor } from './cursor.js';
import type { ResultSet } from './engine.types.js';

export type EngineNode = { nodeId(): number | null; buildTag: string; isDraining(): boolean };

export type SessionState = {
  user: string;
  database: string;
  applicationName: string;
  /** CockroachDB session variables PostgreSQL does not have: accepted, stored, shown back. */
  vars: Map<string, string>;
};

export type StatementContext = {
  catalog: ClusterCatalog;
  node: EngineNode;
  state: SessionState;
  /** A fresh cursor over this statement's tokens. */
  cursor(): Cursor;
  sql: string;
  params: (string | null)[];
  /** Runs SQL on the session's PostgreSQL connection (current database), as PostgreSQL answers it. */
  forward(sql: string, params?: (string | null)[]): Promise<ResultSet>;
  /** Forwards a session SET/RESET and remembers it, so it is replayed when USE moves the session to another connection. */
  forwardSessionSet(sql: string, params?: (string | null)[]): Promise<ResultSet>;
  /** Runs SQL in any simulated database's PostgreSQL database (a short-lived connection unless it is the current one). */
  queryIn(database: string, sql: string, params?: (string | null)[]): Promise<ResultSet>;
  /** Runs a nested statement through the dispatcher (bracket `[SHOW …]`, `WHEN COMPLETE (SELECT …)`). */
  run(sql: string): Promise<ResultSet>;
  /** Switches the session's current database (USE / SET database), checking it exists and CONNECT. */
  useDatabase(name: string): Promise<void>;
  isAdmin(): Promise<boolean>;
  /** 42501 unless the session user is an admin or holds one of the role options. */
  requireAdminOr(options: string[], message: string): Promise<void>;
};

export type StatementFamily = {
  name: string;
  matches(c: Cursor): boolean;
  run(ctx: StatementContext): Promise<ResultSet>;
};
