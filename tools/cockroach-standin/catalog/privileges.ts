// Object privileges (GRANT … ON DATABASE|SCHEMA|TABLE|EXTERNAL CONNECTION). Stored rows are the explicit grants; the
// implicit ones CockroachDB always shows (admin and root hold ALL WITH GRANT OPTION on every object) are added by the
// SHOW GRANTS answers, not stored, so they cannot be revoked — as in CockroachDB.
// Valid privilege names per object type: src/current/v24.3/security-reference/authorization.md (Supported privileges).
import type { CatalogDb, Queryable } from './tx.js';

export type ObjectType = 'database' | 'schema' | 'table' | 'external_connection';
export type PrivilegeTarget = { objectType: ObjectType; database: string; schema: string; object: string };
export type PrivilegeRow = PrivilegeTarget & { grantee: string; privilege: string; grantable: boolean };

export const VALID_PRIVILEGES: Record<ObjectType, string[]> = {
  database: ['ALL', 'BACKUP', 'CHANGEFEED', 'CONNECT', 'CREATE', 'DROP', 'RESTORE', 'ZONECONFIG'],
  schema: ['ALL', 'CHANGEFEED', 'CREATE', 'USAGE'],
  table: ['ALL', 'BACKUP', 'CHANGEFEED', 'CREATE', 'DELETE', 'DROP', 'INSERT', 'REPLICATIONDEST', 'REPLICATIONSOURCE',
    'SELECT', 'TRIGGER', 'UPDATE', 'ZONECONFIG'],
  external_connection: ['ALL', 'DROP', 'UPDATE', 'USAGE'],
};

type Raw = { grantee: string; object_type: ObjectType; database_name: string; schema_name: string; object_name: string; privilege: string; grantable: boolean };

export const createPrivileges = (db: CatalogDb) => ({
  async grant(grantee: string, t: PrivilegeTarget, privileges: string[], grantable: boolean, q: Queryable = db): Promise<void> {
    const key = [grantee, t.objectType, t.database, t.schema, t.object];
    // ALL subsumes the others: CockroachDB shows a single ALL row afterwards.
    if (privileges.includes('ALL')) {
      await q.query(`DELETE FROM standin.privileges WHERE grantee=$1 AND object_type=$2 AND database_name=$3 AND schema_name=$4
                     AND object_name=$5 AND privilege <> 'ALL'`, key);
      privileges = ['ALL'];
    }
    for (const p of privileges) {
      await q.query(
        `INSERT INTO standin.privileges (grantee, object_type, database_name, schema_name, object_name, privilege, grantable)
         VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (grantee, object_type, database_name, schema_name, object_name, privilege)
         DO UPDATE SET grantable = standin.privileges.grantable OR EXCLUDED.grantable`, [...key, p, grantable]);
    }
  },
  async revoke(grantee: string, t: PrivilegeTarget, privileges: string[], grantOptionOnly: boolean, q: Queryable = db): Promise<void> {
    const key = [grantee, t.objectType, t.database, t.schema, t.object];
    const where = 'grantee=$1 AND object_type=$2 AND database_name=$3 AND schema_name=$4 AND object_name=$5';
    const held = (await q.query<Raw>(`SELECT * FROM standin.privileges WHERE ${where}`, key)).rows;
    const holdsAll = held.find((h) => h.privilege === 'ALL');
    // Revoking one privilege from ALL leaves every other one, as CockroachDB does.
    if (holdsAll && !privileges.includes('ALL') && !grantOptionOnly) {
      await q.query(`DELETE FROM standin.privileges WHERE ${where} AND privilege = 'ALL'`, key);
      const rest = VALID_PRIVILEGES[t.objectType].filter((p) => p !== 'ALL' && !privileges.includes(p));
      await this.grant(grantee, t, rest, holdsAll.grantable, q);
      return;
    }
    const targets = privileges.includes('ALL') ? held.map((h) => h.privilege) : privileges;
    if (grantOptionOnly) {
      await q.query(`UPDATE standin.privileges SET grantable = false WHERE ${where} AND privilege = ANY($6)`, [...key, targets]);
    } else {
      await q.query(`DELETE FROM standin.privileges WHERE ${where} AND privilege = ANY($6)`, [...key, targets]);
    }
  },
  async list(f: { database?: string; objectType?: ObjectType; grantees?: string[] } = {}, q: Queryable = db): Promise<PrivilegeRow[]> {
    const r = await q.query<Raw>(
      `SELECT * FROM standin.privileges
        WHERE ($1::text IS NULL OR database_name = $1) AND ($2::text IS NULL OR object_type = $2)
          AND ($3::text[] IS NULL OR grantee = ANY($3))
        ORDER BY database_name, schema_name, object_name, grantee, privilege`,
      [f.database ?? null, f.objectType ?? null, f.grantees ?? null]);
    return r.rows.map((x) => ({
      grantee: x.grantee, objectType: x.object_type, database: x.database_name, schema: x.schema_name, object: x.object_name,
      privilege: x.privilege, grantable: x.grantable,
    }));
  },
  async countFor(grantee: string, q: Queryable = db): Promise<number> {
    return Number((await q.query<{ n: string }>('SELECT count(*) AS n FROM standin.privileges WHERE grantee = $1', [grantee])).rows[0]!.n);
  },
});

export type Privileges = ReturnType<typeof createPrivileges>;
