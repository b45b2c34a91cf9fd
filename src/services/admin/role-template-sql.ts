// The rules for a database role template's SQL, checked when an admin saves it (docs/ADMIN.md repeats them):
//
// - Placeholders are exactly {database_role}, {database_name} and {schema_name}; anything else in braces that looks
//   like a placeholder ({role}, {db}, {Database_Name}) is refused, so a typo cannot reach a cluster as literal text.
//   cp substitutes them as double-quoted SQL identifiers when it renders the template.
// - {database_role} is required (the template must create or grant to the role it is for).
// - {schema_name} is allowed only in schema-scoped templates (a database-scoped role has no schema).
// - A template is one statement, or several separated by top-level semicolons (semicolons inside quoted strings and
//   identifiers, and comments, do not count); cp runs them in order, one at a time. At most 20 statements,
//   at most 8 KiB of text.
// - An empty template means `CREATE ROLE IF NOT EXISTS {database_role};`.
import { splitSqlStatements } from '../../infra/db/sql-split.js';
import { ValidationError } from '../../shared/errors.js';

export const DEFAULT_ROLE_TEMPLATE_SQL = 'CREATE ROLE IF NOT EXISTS {database_role};';
export const ROLE_TEMPLATE_PLACEHOLDERS = ['database_role', 'database_name', 'schema_name'] as const;
const MAX_STATEMENTS = 20;
const MAX_SQL = 8 * 1024;

export type RoleTemplateScope = 'database' | 'schema';

/** Returns the SQL to store (the default for empty input) or throws a ValidationError naming the broken rule. */
export const validateRoleTemplateSql = (sql: string, scope: RoleTemplateScope): string => {
  const text = sql.trim();
  if (text === '') return DEFAULT_ROLE_TEMPLATE_SQL;
  if (text.length > MAX_SQL) throw new ValidationError(`sql_statement is longer than ${MAX_SQL} characters.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw new ValidationError('sql_statement contains control characters.');

  const used = new Set<string>();
  for (const m of text.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g)) {
    const name = m[1]!;
    if (!(ROLE_TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name) || m[0] !== `{${name}}`) {
      throw new ValidationError(
        `Unknown placeholder ${m[0]}; the placeholders are {database_role}, {database_name} and {schema_name}.`,
      );
    }
    used.add(name);
  }
  if (!used.has('database_role')) throw new ValidationError('sql_statement must use {database_role}.');
  if (used.has('schema_name') && scope !== 'schema') {
    throw new ValidationError('{schema_name} can only be used in schema-scoped templates.');
  }

  const statements = splitSqlStatements(text);
  if (statements.length === 0) throw new ValidationError('sql_statement holds no SQL statement.');
  if (statements.length > MAX_STATEMENTS) throw new ValidationError(`sql_statement holds more than ${MAX_STATEMENTS} statements.`);
  return text;
};
