import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ROLE_TEMPLATE_SQL, validateRoleTemplateSql } from './role-template-sql.js';

describe('validateRoleTemplateSql', () => {
  it('defaults empty SQL and keeps valid templates', () => {
    assert.equal(validateRoleTemplateSql('  ', 'schema'), DEFAULT_ROLE_TEMPLATE_SQL);
    const multi = "CREATE ROLE IF NOT EXISTS {database_role}; GRANT USAGE ON SCHEMA {database_name}.{schema_name} TO {database_role}; COMMENT ON ROLE {database_role} IS 'a;b'";
    assert.equal(validateRoleTemplateSql(multi, 'schema'), multi);
    assert.equal(validateRoleTemplateSql('GRANT CONNECT ON DATABASE {database_name} TO {database_role}', 'database'), 'GRANT CONNECT ON DATABASE {database_name} TO {database_role}');
  });
  const bad: [string, 'database' | 'schema', RegExp][] = [
    ['CREATE ROLE {role}', 'schema', /Unknown placeholder \{role\}/],
    ['CREATE ROLE { database_role }', 'schema', /Unknown placeholder/],
    ['CREATE ROLE {Database_Role}', 'schema', /Unknown placeholder/],
    ['CREATE ROLE fixed_name', 'schema', /must use \{database_role\}/],
    ['GRANT USAGE ON SCHEMA {schema_name} TO {database_role}', 'database', /only be used in schema-scoped/],
    ['-- only a comment {database_role}', 'schema', /no SQL statement/],
    [Array.from({ length: 21 }, () => 'SELECT {database_role}').join(';'), 'schema', /more than 20 statements/],
    ['x'.repeat(9000) + '{database_role}', 'schema', /longer than/],
  ];
  for (const [sql, scope, why] of bad) {
    it(`rejects ${sql.slice(0, 50)} (${scope})`, () => assert.throws(() => validateRoleTemplateSql(sql, scope), why));
  }
});
