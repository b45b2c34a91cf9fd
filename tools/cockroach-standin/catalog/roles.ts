// Users and roles (one namespace, as in CockroachDB: a user is a role that may log in). They exist only here —
// never as PostgreSQL roles — so two simulated clusters never share a user. Options are stored the way CockroachDB's
// system.role_options does: a set of option keywords (NOLOGIN, CREATEROLE, …) some with a value (VALID UNTIL, SUBJECT);
// LOGIN is the absence of NOLOGIN.
import { hashPassword, verifyPassword } from './passwords.js';
import type { CatalogDb, Queryable } from './tx.js';

export type RoleOptions = Record<string, string | null>;
export type RoleRow = { username: string; isRole: boolean; hasPassword: boolean; options: RoleOptions; memberOf: string[] };

export const ROOT = 'root';
export const ADMIN = 'admin';
export const PUBLIC = 'public';

/** Options as SHOW USERS prints them in v24.1–v25.2: sorted, `KEY=value` for valued ones, joined by ', '. */
export const formatOptions = (options: RoleOptions): string =>
  Object.keys(options)
    .sort()
    .map((k) => (options[k] === null ? k : `${k}=${options[k]}`))
    .join(', ');

export const createRoles = (db: CatalogDb) => ({
  async exists(name: string, q: Queryable = db): Promise<boolean> {
    return (await q.query('SELECT 1 FROM standin.roles WHERE username = $1', [name])).rowCount === 1;
  },
  async get(name: string, q: Queryable = db): Promise<RoleRow | null> {
    return (await this.list(q, name))[0] ?? null;
  },
  async list(q: Queryable = db, only?: string): Promise<RoleRow[]> {
    const r = await q.query<{ username: string; is_role: boolean; has_password: boolean; options: RoleOptions; member_of: string[] }>(
      `SELECT r.username, r.is_role, r.password_hash IS NOT NULL AS has_password, r.options,
              COALESCE(array_agg(m.role ORDER BY m.role) FILTER (WHERE m.role IS NOT NULL), '{}') AS member_of
         FROM standin.roles r LEFT JOIN standin.role_members m ON m.member = r.username
        WHERE $1::text IS NULL OR r.username = $1
        GROUP BY r.username ORDER BY r.username`,
      [only ?? null],
    );
    return r.rows.map((x) => ({ username: x.username, isRole: x.is_role, hasPassword: x.has_password, options: x.options, memberOf: x.member_of }));
  },
  /** False when the name is taken (the caller reports 42710). `password` undefined = none given, null = PASSWORD NULL. */
  async create(o: { name: string; isRole: boolean; options: RoleOptions; password?: string | null }, q: Queryable = db): Promise<boolean> {
    const hash = typeof o.password === 'string' ? await hashPassword(o.password) : null;
    const r = await q.query(
      `INSERT INTO standin.roles (username, is_role, password_hash, options) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [o.name, o.isRole, hash, JSON.stringify(o.options)],
    );
    return r.rowCount === 1;
  },
  async update(name: string, options: RoleOptions, password: string | null | undefined, q: Queryable = db): Promise<void> {
    await q.query('UPDATE standin.roles SET options = $2 WHERE username = $1', [name, JSON.stringify(options)]);
    if (password !== undefined) {
      const hash = password === null ? null : await hashPassword(password);
      await q.query('UPDATE standin.roles SET password_hash = $2 WHERE username = $1', [name, hash]);
    }
  },
  async drop(name: string, q: Queryable = db): Promise<void> {
    await q.query('DELETE FROM standin.roles WHERE username = $1', [name]);
  },
  /** Password login: the user exists, may log in, has a password, it matches and VALID UNTIL has not passed. */
  async checkPassword(name: string, password: string): Promise<boolean> {
    const r = await db.query<{ password_hash: string | null; options: RoleOptions }>(
      'SELECT password_hash, options FROM standin.roles WHERE username = $1', [name]);
    const row = r.rows[0];
    if (!row?.password_hash || !loginAllowed(row.options)) return false;
    return verifyPassword(password, row.password_hash);
  },
  async canLogin(name: string): Promise<boolean> {
    const r = await db.query<{ options: RoleOptions }>('SELECT options FROM standin.roles WHERE username = $1', [name]);
    return r.rows[0] ? loginAllowed(r.rows[0].options) : false;
  },
  /** root, or a member (directly or through other roles) of admin. */
  async isAdmin(name: string, q: Queryable = db): Promise<boolean> {
    if (name === ROOT) return true;
    return (await this.rolesOf(name, q)).includes(ADMIN);
  },
  /** Every role `name` belongs to, transitively (not including public, which everyone is in). */
  async rolesOf(name: string, q: Queryable = db): Promise<string[]> {
    const r = await q.query<{ role: string }>(
      `WITH RECURSIVE up(role) AS (
         SELECT role FROM standin.role_members WHERE member = $1
         UNION SELECT m.role FROM standin.role_members m JOIN up ON m.member = up.role)
       SELECT role FROM up`, [name]);
    return r.rows.map((x) => x.role);
  },
  /** A role option held by the user itself or by any role it belongs to (CockroachDB inherits role options). */
  async hasOption(name: string, option: string, q: Queryable = db): Promise<boolean> {
    const who = [name, ...(await this.rolesOf(name, q))];
    const r = await q.query('SELECT 1 FROM standin.roles WHERE username = ANY($1) AND options ? $2', [who, option]);
    return (r.rowCount ?? 0) > 0;
  },
  async memberships(q: Queryable = db): Promise<{ role: string; member: string; isAdmin: boolean }[]> {
    const r = await q.query<{ role: string; member: string; is_admin: boolean }>(
      'SELECT role, member, is_admin FROM standin.role_members ORDER BY role, member');
    return r.rows.map((x) => ({ role: x.role, member: x.member, isAdmin: x.is_admin }));
  },
  async grantMembership(role: string, member: string, withAdmin: boolean, q: Queryable = db): Promise<void> {
    await q.query(
      `INSERT INTO standin.role_members (role, member, is_admin) VALUES ($1, $2, $3)
       ON CONFLICT (role, member) DO UPDATE SET is_admin = standin.role_members.is_admin OR EXCLUDED.is_admin`,
      [role, member, withAdmin]);
  },
  async revokeMembership(role: string, member: string, adminOptionOnly: boolean, q: Queryable = db): Promise<void> {
    if (adminOptionOnly) await q.query('UPDATE standin.role_members SET is_admin = false WHERE role = $1 AND member = $2', [role, member]);
    else await q.query('DELETE FROM standin.role_members WHERE role = $1 AND member = $2', [role, member]);
  },
});

const loginAllowed = (options: RoleOptions): boolean => {
  if ('NOLOGIN' in options || 'NOSQLLOGIN' in options) return false;
  const until = options['VALID UNTIL'];
  return !until || new Date(until.replace(' ', 'T')).getTime() > Date.now();
};

export type Roles = ReturnType<typeof createRoles>;
