// What a full cluster backup carries besides the user databases: the stand-in's counterparts of CockroachDB's system
// tables (backup.md "Back up a cluster": users, grants, settings; restore.md "Users and privileges": a full cluster
// restore into a fresh cluster brings users and grants back). They are the catalog's own tables. `version` is not
// restored: the destination keeps its cluster version, as CockroachDB does.
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import { inTransaction } from '../catalog/tx.js';

/** CockroachDB's system table name → the catalog table that plays it. */
const TABLES: [string, string][] = [
  ['users', 'standin.roles'],
  ['role_members', 'standin.role_members'],
  ['settings', 'standin.settings'],
  ['privileges', 'standin.privileges'],
  ['external_connections', 'standin.external_connections'],
];
// Not shown by SHOW BACKUP (CockroachDB keeps schema owners in descriptors), but restored with the cluster.
const HIDDEN: [string, string][] = [['schema_owners', 'standin.schema_owners']];

export type SystemDump = Record<string, unknown[]>;

export const dumpSystemTables = async (catalog: ClusterCatalog): Promise<{ dump: SystemDump; counts: { name: string; rows: number; sizeBytes: number }[] }> => {
  const dump: SystemDump = {};
  const counts: { name: string; rows: number; sizeBytes: number }[] = [];
  for (const [name, table] of [...TABLES, ...HIDDEN]) {
    const rows = (await catalog.db.query<{ j: unknown }>(`SELECT row_to_json(t) AS j FROM ${table} t`)).rows.map((r) => r.j);
    dump[name] = rows;
    if (TABLES.some(([n]) => n === name)) counts.push({ name, rows: rows.length, sizeBytes: Buffer.byteLength(JSON.stringify(rows)) });
  }
  return { dump, counts };
};

/** Full cluster restore: the backup's users, memberships, grants, settings (not version) and external connections. */
export const restoreSystemTables = async (catalog: ClusterCatalog, dump: SystemDump): Promise<void> => {
  await inTransaction(catalog.db, async (tx) => {
    const put = async (table: string, rows: unknown[], conflict: string) => {
      if (rows.length === 0) return;
      await tx.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json) ${conflict}`, [JSON.stringify(rows)]);
    };
    await put('standin.roles', dump.users ?? [], `ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash,
      options = EXCLUDED.options, is_role = EXCLUDED.is_role`);
    await put('standin.role_members', dump.role_members ?? [], 'ON CONFLICT DO NOTHING');
    const settings = (dump.settings ?? []).filter((s) => (s as { name?: string }).name !== 'version');
    await put('standin.settings', settings, 'ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at');
    await put('standin.privileges', dump.privileges ?? [], 'ON CONFLICT DO NOTHING');
    await put('standin.external_connections', dump.external_connections ?? [], 'ON CONFLICT DO NOTHING');
    await put('standin.schema_owners', dump.schema_owners ?? [], 'ON CONFLICT DO NOTHING');
  });
};
