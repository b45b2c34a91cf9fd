// Admin database role templates: list, create, delete. The SQL rules live in role-template-sql.ts. A template that
// clusters hold materialised roles of cannot be deleted (409 naming the clusters): their role rows point at it.
import type { Db } from '../../infra/db/db.js';
import { sqlState } from '../../infra/db/errors.js';
import {
  deleteRoleTemplate,
  insertRoleTemplate,
  listClustersUsingRoleTemplate,
  listRoleTemplates,
  type RoleTemplateRow,
} from '../../repositories/database-role-templates.repository.js';
import type { Page, Paged } from '../../shared/page.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { RequestContext } from '../../auth/identity.js';
import { recordEvent } from '../audit/audit.service.js';
import { validateRoleTemplateSql, type RoleTemplateScope } from './role-template-sql.js';

// Template names become the suffix of role names in clusters (<db>_<schema>_<template>), so keep them identifier-like.
export const ROLE_TEMPLATE_NAME_RE = /^[a-z][a-z0-9_]{0,62}$/;

export type RoleTemplateInput = { name: string; scope_type?: RoleTemplateScope; sql_statement?: string; description?: string };

export const createRoleTemplatesService = (deps: { db: Pick<Db, 'query' | 'transaction'> }) => ({
  list: (page: Page): Promise<Paged<RoleTemplateRow>> => listRoleTemplates(deps.db, page),

  async create(ctx: RequestContext, input: RoleTemplateInput): Promise<RoleTemplateRow> {
    const name = input.name.trim();
    if (!ROLE_TEMPLATE_NAME_RE.test(name)) {
      throw new ValidationError(`Template name "${name}" is invalid: use 1-63 lower-case letters, digits and underscores, starting with a letter.`);
    }
    const scope = input.scope_type ?? 'schema';
    const sql = validateRoleTemplateSql(input.sql_statement ?? '', scope);
    const description = (input.description ?? '').trim();
    if (description.length > 1000) throw new ValidationError('description is longer than 1000 characters.');
    return deps.db.transaction(async (tx) => {
      const row = await insertRoleTemplate(tx, { name, scope_type: scope, sql_statement: sql, description }, ctx.identity.actor);
      if (!row) throw new ConflictError(`Database role template "${name}" already exists.`);
      await recordEvent(tx, ctx, {
        action: 'DATABASE_ROLE_CREATED',
        targetType: 'database_role_template',
        targetId: name,
        details: { database_role_template: name, scope_type: scope, sql_statement: sql },
      });
      return row;
    });
  },

  async remove(ctx: RequestContext, name: string): Promise<{ deleted: string }> {
    try {
      return await deps.db.transaction(async (tx) => {
        const users = await listClustersUsingRoleTemplate(tx, name);
        if (users.length > 0) {
          throw new ConflictError(`Database role template "${name}" is in use by roles in: ${users.join(', ')}.`, { in_use_by: users });
        }
        if (!(await deleteRoleTemplate(tx, name))) throw new NotFoundError(`Database role template "${name}" does not exist.`);
        await recordEvent(tx, ctx, { action: 'DATABASE_ROLE_DELETED', targetType: 'database_role_template', targetId: name, details: { database_role_template: name } });
        return { deleted: name };
      });
    } catch (err) {
      // A role materialised concurrently after our check: the FK refuses the delete.
      if (sqlState(err) === '23503') throw new ConflictError(`Database role template "${name}" is in use.`, undefined, err);
      throw err;
    }
  },
});

export type RoleTemplatesService = ReturnType<typeof createRoleTemplatesService>;
