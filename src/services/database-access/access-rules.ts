// The rules of database access, checked before anything reaches a cluster (a broken rule is a 400 naming it):
// database, user, role and group names, reserved and protected names, the password policy, and how a generated
// role's name is derived (reference §7.3: lower-cased, runs outside [a-z0-9_] → "_", repeated "_" collapsed,
// trimmed). CockroachDB folds user and role names to lower case even when quoted, so cp accepts lower case only.
import { ForbiddenError, ValidationError } from '../../shared/errors.js';

export const DATABASE_NAME_RULE = 'a database name is 1-63 characters: lower-case letters, digits and underscores, not starting with a digit';
const DATABASE_NAME_RE = /^[a-z_][a-z0-9_]{0,62}$/;
/** CockroachDB's own databases: never created, dropped or listed as cp's. */
export const SYSTEM_DATABASES = new Set(['defaultdb', 'postgres', 'system']);

export const USERNAME_RULE = 'a SQL user name is 1-63 characters: lower-case letters, digits, underscores, dots and hyphens, starting with a letter or underscore';
const USERNAME_RE = /^[a-z_][a-z0-9_.-]{0,62}$/;
/** Names CockroachDB reserves for itself (create-user.md: root, admin, public, none, node; pg_ and crdb_internal prefixes). */
const RESERVED_PRINCIPALS = new Set(['root', 'admin', 'public', 'none', 'node']);
const RESERVED_PREFIXES = ['pg_', 'crdb_internal'];

export const GROUP_NAME_RULE = 'an IdP group name is 1-255 characters without whitespace, quotes, backslashes or "#", not starting with "/" (it becomes an exact-match entry of CockroachDB\'s identity map)';
const GROUP_NAME_RE = /^(?!\/)[^\s"'\\#]{1,255}$/;

export const PASSWORD_MAX = 128;

const bad = (message: string, field: string) => new ValidationError(message, { fields: [{ location: 'body', path: field, message }] });

export const checkDatabaseName = (name: string, field = 'database_name'): string => {
  if (!DATABASE_NAME_RE.test(name)) throw bad(`Database name "${name}" is invalid: ${DATABASE_NAME_RULE}.`, field);
  if (SYSTEM_DATABASES.has(name) || name.startsWith('crdb_internal') || name.startsWith('pg_')) {
    throw bad(`Database name "${name}" is reserved by CockroachDB (defaultdb, postgres, system, pg_*, crdb_internal*).`, field);
  }
  return name;
};

export const checkUsername = (name: string, field = 'username'): string => {
  if (!USERNAME_RE.test(name)) throw bad(`User name "${name}" is invalid: ${USERNAME_RULE}.`, field);
  if (RESERVED_PRINCIPALS.has(name) || RESERVED_PREFIXES.some((p) => name.startsWith(p))) {
    throw bad(`User name "${name}" is reserved by CockroachDB (root, admin, public, none, node, pg_*, crdb_internal*).`, field);
  }
  return name;
};

export const checkGroupName = (name: string, field = 'groups'): string => {
  if (!GROUP_NAME_RE.test(name)) throw bad(`Group "${name}" is invalid: ${GROUP_NAME_RULE}.`, field);
  return name;
};

/** The password policy (setting database_access.password_min_length): length bounds and three character classes. */
export const checkPassword = (password: string, minLength: number, field = 'password'): void => {
  if (password.length < minLength) throw bad(`The password is too short: at least ${minLength} characters (setting database_access.password_min_length).`, field);
  if (password.length > PASSWORD_MAX) throw bad(`The password is too long: at most ${PASSWORD_MAX} characters.`, field);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) throw bad('The password must mix at least three of: lower-case letters, upper-case letters, digits, other characters.', field);
};

/** De-duplicated, trimmed role list (reference §7.2); empty entries are a 400. */
export const normaliseRoleList = (roles: readonly string[], field = 'database_roles'): string[] => {
  const out = [...new Set(roles.map((r) => r.trim()))];
  if (out.some((r) => r === '')) throw bad('A database role name must not be empty.', field);
  return out;
};

/** Role name rule of §7.3. */
export const normaliseRoleName = (raw: string): string =>
  raw.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '').slice(0, 63);

export const generatedRoleName = (database: string, schema: string | null, template: string) =>
  normaliseRoleName(schema === null ? `${database}_${template}` : `${database}_${schema}_${template}`);

/** The SQL login an IdP group's members use (JWT); one per mapped group. */
export const idpGroupUsername = (group: string) => normaliseRoleName(`idp_${group}`);

export type ProtectedUsers = ReadonlyMap<string, string>;

/** root, admin, node, cp's service user and the admin user for people: listed, never dropped or altered. */
export const protectedUsers = (serviceUser: string | null, adminUser: string | null): ProtectedUsers => {
  const m = new Map<string, string>([
    ['root', 'root is CockroachDB\'s built-in superuser'],
    ['admin', 'admin is CockroachDB\'s built-in admin role'],
    ['node', 'node is CockroachDB\'s internal user for node-to-node traffic'],
  ]);
  if (serviceUser) m.set(serviceUser, `${serviceUser} is cp's service user on this cluster (setting cluster.service_username); cp cannot manage the cluster without it`);
  if (adminUser) m.set(adminUser, `${adminUser} is the cluster's admin user for people (managed on its connection page)`);
  return m;
};

export const refuseProtected = (users: ProtectedUsers, username: string) => {
  const why = users.get(username);
  if (why) throw new ForbiddenError(`User "${username}" is protected: ${why}.`, { username, reason: why });
};
