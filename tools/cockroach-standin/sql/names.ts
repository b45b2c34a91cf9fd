// CockroachDB's rules for role names (src/current/v24.3/create-user.md, "User names"): case-insensitive — even a
// "Quoted" name is folded — letters, digits, periods, underscores (and dashes), at most 63 characters, never `none`,
// `public` or a pg_/crdb_internal prefix.
import { SqlError } from './engine.types.js';

export const normaliseRoleName = (raw: string): string => {
  const name = raw.toLowerCase();
  if (!/^[\p{Ll}\p{Lo}0-9_][\p{Ll}\p{Lo}0-9_.-]*$/u.test(name) || name.length > 63) {
    throw new SqlError('42602', `username "${raw}" invalid; usernames are case insensitive, must start with a letter, digit or `
      + 'underscore, must contain only letters, digits, periods, or underscores, and must not exceed 63 characters');
  }
  return name;
};

export const checkNotReserved = (name: string): void => {
  if (name === 'public' || name === 'none' || name.startsWith('pg_') || name.startsWith('crdb_internal')) {
    throw new SqlError('42939', `role name "${name}" is reserved`);
  }
};

export const roleMissing = (name: string): SqlError => new SqlError('42704', `role/user "${name}" does not exist`);
