// Turns validated ID-token claims into what cp stores and trusts: the audit actor (the configured username claim,
// then preferred_username, then sub), the groups, the roles they grant, and the few non-secret claims /api/auth/me
// shows. Raw tokens never leave the session service.
import type { Identity } from '../../auth/identity.js';
import { groupsFromClaim, rolesForGroups } from '../../auth/oidc/groups.js';
import type { OidcSettings } from '../../auth/oidc/oidc-client.js';
import { ForbiddenError } from '../../shared/errors.js';

export type SessionClaims = { sub: string; username: string; display_name: string; email?: string; groups: string[] };

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export const sessionClaims = (claims: Record<string, unknown>, s: Pick<OidcSettings, 'usernameClaim' | 'groupsClaim'>): SessionClaims => {
  const sub = str(claims.sub) ?? '';
  const username = str(claims[s.usernameClaim]) ?? str(claims.preferred_username) ?? sub;
  const email = str(claims.email);
  return {
    sub,
    username,
    display_name: str(claims.name) ?? username,
    ...(email ? { email } : {}),
    groups: groupsFromClaim(claims[s.groupsClaim]),
  };
};

/** The identity of a session user; throws 403 when none of the user's groups maps to a cp role. */
export const sessionIdentity = (c: SessionClaims, s: Pick<OidcSettings, 'roleGroups' | 'groupsClaim'>, sessionHash?: string): Identity => {
  const roles = rolesForGroups(c.groups, s.roleGroups);
  if (roles.length === 0) {
    throw new ForbiddenError(
      c.groups.length === 0
        ? `You are signed in at the identity provider as "${c.username}", but its "${s.groupsClaim}" claim lists no groups, so cp grants you no role. Ask an administrator.`
        : `You are signed in at the identity provider as "${c.username}", but none of your groups (${c.groups.join(', ')}) is mapped to a cp role ` +
          '(settings oidc.authz_admin_groups, oidc.authz_user_groups, oidc.authz_readonly_groups). Ask an administrator.',
    );
  }
  return {
    authType: 'oidc',
    subject: c.sub,
    actor: c.username,
    displayName: c.display_name,
    roles,
    groups: c.groups,
    isAdmin: roles.includes('CP_ADMIN'),
    ...(sessionHash ? { sessionId: sessionHash } : {}),
  };
};
