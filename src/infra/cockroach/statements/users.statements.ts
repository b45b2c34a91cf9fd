// SQL users on a managed cluster. Names are always quoted identifiers; passwords always travel as parameters, so
// they never appear in a statement text, a log line or a CockroachDB error message.
import type { ClusterSql } from '../cluster-sql.js';
import { ident } from '../quote.js';
import type { ClusterTarget } from '../target.js';

/** ALTER USER … WITH PASSWORD $1 (create-user.md / alter-user.md). */
export const setUserPassword = async (sql: ClusterSql, t: ClusterTarget, username: string, password: string): Promise<void> => {
  await sql.query(t, `ALTER USER ${ident(username)} WITH PASSWORD $1`, [password]);
};

/** SHOW USERS, as the documented columns username | options | member_of (show-users.md). */
export const listSqlUsers = async (sql: ClusterSql, t: ClusterTarget) =>
  (await sql.query(t, 'SHOW USERS')).map((r) => ({ username: r.username ?? '', options: r.options ?? '', member_of: r.member_of ?? '{}' }));

/** CREATE USER "<name>" WITH LOGIN PASSWORD $1 (an existing name is 42710 → 409). Not replayed after a lost connection. */
export const createPasswordUser = async (sql: ClusterSql, t: ClusterTarget, username: string, password: string): Promise<void> => {
  await sql.query(t, `CREATE USER ${ident(username)} WITH LOGIN PASSWORD $1`, [password], { idempotent: false });
};

/** CREATE USER IF NOT EXISTS "<name>" WITH LOGIN PASSWORD NULL: a login that only SSO (JWT) can open. */
export const createSsoOnlyUser = async (sql: ClusterSql, t: ClusterTarget, username: string): Promise<void> => {
  await sql.query(t, `CREATE USER IF NOT EXISTS ${ident(username)} WITH LOGIN PASSWORD NULL`);
};

/** DROP USER IF EXISTS "<name>" (drop-user.md). */
export const dropUserIfExists = async (sql: ClusterSql, t: ClusterTarget, username: string): Promise<void> => {
  await sql.query(t, `DROP USER IF EXISTS ${ident(username)}`);
};
