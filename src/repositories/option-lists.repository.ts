// SQL for the admin option lists of the create/scale dialogs: versions, node counts, vCPUs per node, disk sizes.
// The four tables have the same shape (one value column as primary key), so one descriptor per list drives the same
// statements; table and column names come only from the constant below, never from input.
import type { Queryable } from '../infra/db/db.js';
import { pageParams, toPaged, type Page, type Paged } from '../shared/page.js';

export const OPTION_LISTS = {
  versions: { table: 'versions', column: 'version', clusterColumn: 'version', kind: 'text' },
  node_counts: { table: 'node_counts', column: 'node_count', clusterColumn: 'node_count', kind: 'int' },
  cpu_counts: { table: 'cpu_counts', column: 'cpu_count', clusterColumn: 'node_cpus', kind: 'int' },
  disk_sizes: { table: 'disk_sizes', column: 'size_gb', clusterColumn: 'disk_size', kind: 'int' },
} as const;

export type OptionList = keyof typeof OPTION_LISTS;
export type OptionValue = string | number;
export type OptionRow = { value: OptionValue; created_at: Date; created_by: string };

// Versions newest first by their numeric parts (v25.2.10 after v25.2.9); a value that is not vYY.R.P (only possible
// if inserted outside cp) sorts last instead of breaking the cast.
const VERSION_ORDER = `CASE WHEN version ~ '^v[0-9]{1,6}[.][0-9]{1,6}[.][0-9]{1,6}$' THEN 0 ELSE 1 END,
  CASE WHEN version ~ '^v[0-9]{1,6}[.][0-9]{1,6}[.][0-9]{1,6}$' THEN split_part(substr(version, 2), '.', 1)::INT8 END DESC,
  CASE WHEN version ~ '^v[0-9]{1,6}[.][0-9]{1,6}[.][0-9]{1,6}$' THEN split_part(version, '.', 2)::INT8 END DESC,
  CASE WHEN version ~ '^v[0-9]{1,6}[.][0-9]{1,6}[.][0-9]{1,6}$' THEN split_part(version, '.', 3)::INT8 END DESC,
  version`;

/** One page of values: versions newest first, numbers ascending. */
export const listOptionValues = async (q: Queryable, list: OptionList, page: Page): Promise<Paged<OptionRow>> => {
  const t = OPTION_LISTS[list];
  const order = list === 'versions' ? VERSION_ORDER : t.column;
  const r = await q.query<OptionRow>(
    `SELECT ${t.column} AS value, created_at, created_by FROM ${t.table} ORDER BY ${order} LIMIT $1 OFFSET $2`,
    pageParams(page),
  );
  return toPaged(r.rows, page);
};

/** Every value (for the create dialog's options; the lists are small catalogues). */
export const listAllOptionValues = async (q: Queryable, list: OptionList): Promise<OptionValue[]> => {
  const t = OPTION_LISTS[list];
  const order = list === 'versions' ? VERSION_ORDER : t.column;
  return (await q.query<{ value: OptionValue }>(`SELECT ${t.column} AS value FROM ${t.table} ORDER BY ${order}`)).rows.map((r) => r.value);
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
