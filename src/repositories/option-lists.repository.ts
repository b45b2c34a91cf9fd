// SQL for the admin option lists of the create/scale dialogs: versions, node counts, vCPUs per node, disk sizes.
// The four tables have the same shape (one value column as primary key), so one descriptor per list drives the same
// statements; table and column names come only from the constant below, never from input.
import type { Queryable } from '../infra/db/db.js';

export const OPTION_LISTS = {
  versions: { table: 'versions', column: 'version', clusterColumn: 'version', kind: 'text' },
  node_counts: { table: 'node_counts', column: 'node_count', clusterColumn: 'node_count', kind: 'int' },
  cpu_counts: { table: 'cpu_counts', column: 'cpu_count', clusterColumn: 'node_cpus', kind: 'int' },
  disk_sizes: { table: 'disk_sizes', column: 'size_gb', clusterColumn: 'disk_size', kind: 'int' },
} as const;

export type OptionList = keyof typeof OPTION_LISTS;
export type OptionValue = string | number;
export type OptionRow = { value: OptionValue; created_at: Date; created_by: string };

/** All values; numbers ascending, versions as text (the service orders versions by parsed version). */
export const listOptionValues = async (q: Queryable, list: OptionList): Promise<OptionRow[]> => {
  const t = OPTION_LISTS[list];
  return (await q.query<OptionRow>(`SELECT ${t.column} AS value, created_at, created_by FROM ${t.table} ORDER BY ${t.column}`)).rows;
};

/** Inserts a value; false when it already exists. */
export const insertOptionValue = async (q: Queryable, list: OptionList, value: OptionValue, by: string): Promise<boolean> => {
  const t = OPTION_LISTS[list];
  const r = await q.query(`INSERT INTO ${t.table} (${t.column}, created_by) VALUES ($1, $2) ON CONFLICT (${t.column}) DO NOTHING`, [value, by]);
  return r.rowCount > 0;
};

/** Deletes a value; false when it did not exist. */
export const deleteOptionValue = async (q: Queryable, list: OptionList, value: OptionValue): Promise<boolean> => {
  const t = OPTION_LISTS[list];
  const r = await q.query(`DELETE FROM ${t.table} WHERE ${t.column} = $1`, [value]);
  return r.rowCount > 0;
};

/** Names of live (not DELETED) clusters that use the value, e.g. run that version. */
export const listClustersUsingOption = async (q: Queryable, list: OptionList, value: OptionValue): Promise<string[]> => {
  const t = OPTION_LISTS[list];
  const r = await q.query<{ cluster_id: string }>(
    `SELECT cluster_id FROM clusters WHERE ${t.clusterColumn} = $1 AND status <> 'DELETED' ORDER BY cluster_id LIMIT 100`,
    [value],
  );
  return r.rows.map((x) => x.cluster_id);
};
