// From IdP claims to cp authorization: the user's groups (a list or a comma-separated string in the configured
// claim) and the roles they grant through the oidc.authz_*_groups settings.
import type { Role } from '../roles.js';

export type RoleGroups = Record<Role, readonly string[]>;

export const groupsFromClaim = (value: unknown): string[] => {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return [...new Set(raw.filter((g): g is string => typeof g === 'string').map((g) => g.trim()).filter(Boolean))].sort();
};

/** Every role whose configured group list intersects the user's groups, lowest first. */
export const rolesForGroups = (groups: readonly string[], roleGroups: RoleGroups): Role[] =>
  (['CP_READONLY', 'CP_USER', 'CP_ADMIN'] as const).filter((role) => roleGroups[role].some((g) => groups.includes(g)));
