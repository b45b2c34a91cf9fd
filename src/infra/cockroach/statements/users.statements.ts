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
