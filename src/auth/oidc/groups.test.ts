import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupsFromClaim, rolesForGroups } from './groups.js';

const mapping = { CP_READONLY: ['cp-readonly'], CP_USER: ['cp-users'], CP_ADMIN: ['cp-admins'] };

describe('groups and roles', () => {
  it('accepts a list or a comma-separated string, trims, dedupes and sorts', () => {
    assert.deepEqual(groupsFromClaim(['b', ' a ', 'b', 3]), ['a', 'b']);
    assert.deepEqual(groupsFromClaim('cp-users, team-a'), ['cp-users', 'team-a']);
    assert.deepEqual(groupsFromClaim(undefined), []);
  });
  it('maps groups to roles through the settings lists', () => {
    assert.deepEqual(rolesForGroups(['cp-users', 'team-a'], mapping), ['CP_USER']);
    assert.deepEqual(rolesForGroups(['cp-admins', 'cp-readonly'], mapping), ['CP_READONLY', 'CP_ADMIN']);
    assert.deepEqual(rolesForGroups(['team-a'], mapping), []);
  });
});
