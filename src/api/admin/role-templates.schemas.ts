import { z } from 'zod';
import { nextOffset } from '../http/pagination.js';
import { safeString } from '../http/strings.js';

const scope = z.enum(['database', 'schema']);

export const RoleTemplateBody = z.strictObject({
  name: safeString({ max: 63 }).describe('Template name: lower-case letters, digits, underscores; the suffix of the role names it creates'),
  scope_type: scope.optional().describe('database: one role per database; schema: one role per schema (default)'),
  sql_statement: safeString({ max: 8192 })
    .optional()
    .describe('SQL with {database_role}, {database_name} and {schema_name} placeholders; one statement or several separated by ";". Empty: CREATE ROLE IF NOT EXISTS {database_role};'),
  description: safeString({ max: 1000 }).optional().describe('What the role is for'),
});

export const RoleTemplate = z
  .object({
    name: z.string().describe('Template name'),
    scope_type: scope.describe('Scope'),
    sql_statement: z.string().describe('SQL template'),
    description: z.string().describe('What the role is for'),
    created_at: z.date().describe('Created at'),
    created_by: z.string().describe('Created by'),
    updated_at: z.date().describe('Updated at'),
    updated_by: z.string().describe('Updated by'),
  })
  .describe('Database role template');

export const RoleTemplateList = z.object({ items: z.array(RoleTemplate).describe('By name'), next_offset: nextOffset });
export const RoleTemplateParams = z.object({ name: safeString({ max: 63 }).describe('Template name') });
export const RoleTemplateDeleted = z.object({ deleted: z.string().describe('Name of the deleted template') });
