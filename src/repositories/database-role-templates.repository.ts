// SQL for database role templates: the SQL cp runs in managed clusters to create per-database / per-schema roles.
import type { Queryable } from '../infra/db/db.js';
import { pageParams, toPaged, type Page, type Paged } from '../shared/page.js';

export type RoleTemplateRow = {
  name: string;
  scope_type: 'database' | 'schema';
  sql_statement: string;
  description: string;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
};

const COLUMNS = `name, scope_type, sql_statement, description, created_at, created_by, updated_at, updated_by`;

export const listRoleTemplates = async (q: Queryable, page: Page): Promise<Paged<RoleTemplateRow>> =>
  toPaged((await q.query<RoleTemplateRow>(`SELECT ${COLUMNS} FROM database_role_templates ORDER BY name LIMIT $1 OFFSET $2`, pageParams(page))).rows, page);

export const findRoleTemplate = async (q: Queryable, name: string): Promise<RoleTemplateRow | undefined> =>
  (await q.query<RoleTemplateRow>(`SELECT ${COLUMNS} FROM database_role_templates WHERE name = $1`, [name])).rows[0];

/** Inserts a template; undefined when the name is taken. */
export const insertRoleTemplate = async (
  q: Queryable,
  t: Pick<RoleTemplateRow, 'name' | 'scope_type' | 'sql_statement' | 'description'>,
  by: string,
): Promise<RoleTemplateRow | undefined> =>
  (
    await q.query<RoleTemplateRow>(
      `INSERT INTO database_role_templates (name, scope_type, sql_statement, description, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (name) DO NOTHING
       RETURNING ${COLUMNS}`,
      [t.name, t.scope_type, t.sql_statement, t.description, by],
    )
  ).rows[0];

export const deleteRoleTemplate = async (q: Queryable, name: string): Promise<boolean> =>
  (await q.query(`DELETE FROM database_role_templates WHERE name = $1`, [name])).rowCount > 0;

/** Clusters holding roles materialised from the template (the FK forbids deleting it while any exist). */
export const listClustersUsingRoleTemplate = async (q: Queryable, name: string): Promise<string[]> =>
  (
    await q.query<{ cluster_id: string }>(
      `SELECT DISTINCT cluster_id FROM cluster_database_roles WHERE template_name = $1 ORDER BY cluster_id LIMIT 100`,
      [name],
    )
  ).rows.map((r) => r.cluster_id);

/** Every template (materialisation walks all of them; there are few). */
export const listAllRoleTemplates = async (q: Queryable): Promise<RoleTemplateRow[]> =>
  (await q.query<RoleTemplateRow>(`SELECT ${COLUMNS} FROM database_role_templates ORDER BY name`)).rows;
