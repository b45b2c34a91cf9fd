// Request contexts for calling services directly, shaped like what the auth guard builds.
import type { RequestContext } from '../../src/auth/identity.js';
import type { Role } from '../../src/auth/roles.js';

export const testContext = (
  actor: string,
  opts: { groups?: string[]; isAdmin?: boolean; roles?: Role[]; requestId?: string } = {},
): RequestContext => ({
  identity: {
    authType: 'api_key',
    subject: actor,
    actor,
    displayName: actor,
    roles: opts.roles ?? (opts.isAdmin ? ['CP_ADMIN'] : ['CP_USER']),
    groups: opts.groups ?? [],
    isAdmin: opts.isAdmin ?? false,
  },
  requestId: opts.requestId ?? 'test-request',
  sourceIp: '127.0.0.1',
});
