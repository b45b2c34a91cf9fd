// cp roles are hierarchical: CP_READONLY ⊂ CP_USER ⊂ CP_ADMIN. A caller "has" a role when it holds that role or a
// higher one.
export const ROLES = ['CP_READONLY', 'CP_USER', 'CP_ADMIN'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { CP_READONLY: 1, CP_USER: 2, CP_ADMIN: 3 };

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** The highest role among `roles`, or undefined when there is none. */
export const highestRole = (roles: readonly Role[]): Role | undefined =>
  roles.reduce<Role | undefined>((best, r) => (best === undefined || RANK[r] > RANK[best] ? r : best), undefined);

export const roleSatisfies = (held: readonly Role[], required: Role): boolean => {
  const top = highestRole(held);
  return top !== undefined && RANK[top] >= RANK[required];
};
