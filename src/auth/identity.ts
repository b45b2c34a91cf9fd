// Who is calling. Built by an authenticator (API key or web session) and attached to the request as
// `request.identity`; services receive it inside a RequestContext together with the request id and source IP,
// which they need for audit events.
import type { Role } from './roles.js';
import { roleSatisfies } from './roles.js';

export type AuthType = 'oidc' | 'api_key' | 'system' | 'cli';

export type Identity = {
  authType: AuthType;
  /** Stable id: the OIDC `sub`, or the API access key. */
  subject: string;
  /** What audit events record as the actor: the username claim, or the access key. */
  actor: string;
  displayName: string;
  /** Roles granted (from IdP groups via settings, or from the key). */
  roles: Role[];
  /** Visibility scope: clusters whose owner group is in this list are visible. */
  groups: string[];
  isAdmin: boolean;
  sessionId?: string;
  accessKey?: string;
};

export type RequestContext = {
  identity: Identity;
  requestId: string;
  sourceIp: string;
};

export const hasRole = (identity: Pick<Identity, 'roles'>, required: Role): boolean =>
  roleSatisfies(identity.roles, required);

/** True when the identity may see a cluster owned by `grp`. */
export const canSeeGroup = (identity: Pick<Identity, 'isAdmin' | 'groups'>, grp: string): boolean =>
  identity.isAdmin || identity.groups.includes(grp);

/** The identity background work (jobs, schedules) acts as. */
export const SYSTEM_IDENTITY: Identity = Object.freeze({
  authType: 'system',
  subject: 'system',
  actor: 'system',
  displayName: 'system',
  roles: ['CP_ADMIN'],
  groups: [],
  isAdmin: true,
}) as Identity;

export const systemContext = (requestId = 'system'): RequestContext => ({
  identity: SYSTEM_IDENTITY,
  requestId,
  sourceIp: '',
});
