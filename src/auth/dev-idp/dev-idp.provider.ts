// The embedded DEVELOPMENT identity provider (oidc-provider 9): three demo accounts, no passwords, for the
// zero-config first run and for tests. It exists only when oidc.issuer_url is empty and NODE_ENV is not
// production. Its signing key, cookie keys and client secret are generated per process, and its state (sessions,
// codes, refresh tokens) lives in memory: a restart signs everybody out, which is fine for development.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import type { DevIdpClient } from '../oidc/oidc-client.js';

export const DEV_IDP_PREFIX = '/dev-idp';
export const DEV_IDP_CLIENT_ID = 'cp-dev';

export const DEV_ACCOUNTS = [
  { id: 'admin', name: 'Dev Admin', groups: ['cp-admins'], note: 'CP_ADMIN' },
  { id: 'operator', name: 'Dev Operator', groups: ['cp-users', 'team-a'], note: 'CP_USER, owner group team-a' },
  { id: 'viewer', name: 'Dev Viewer', groups: ['cp-readonly', 'team-a'], note: 'CP_READONLY, owner group team-a' },
] as const;

export type DevIdpOptions = { publicUrl: string; idTokenTtlSeconds?: number };

export const createDevIdp = (opts: DevIdpOptions) => {
  const client: DevIdpClient = {
    issuer: `${opts.publicUrl}${DEV_IDP_PREFIX}`,
    clientId: DEV_IDP_CLIENT_ID,
    clientSecret: randomBytes(24).toString('base64url'),
  };
  let provider: Promise<Provider> | undefined;

  const build = async (): Promise<Provider> => {
    // Imported lazily: production processes never load oidc-provider (which also warns about the Node version).
    const { default: ProviderClass } = await import('oidc-provider');
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const configuration: Configuration = {
      clients: [{
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [`${opts.publicUrl}/api/auth/callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      }],
      findAccount: (_ctx: unknown, id: string) => {
        const a = DEV_ACCOUNTS.find((x) => x.id === id);
        if (!a) return undefined;
        return {
          accountId: a.id,
          claims: () => ({ sub: a.id, name: a.name, preferred_username: a.id, email: `${a.id}@dev-idp.local`, email_verified: true, groups: [...a.groups] }),
        };
      },
      // groups under the openid scope and conformIdTokenClaims:false put them in the ID token, where cp reads them.
      claims: { openid: ['sub', 'groups'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
      conformIdTokenClaims: false,
      scopes: ['openid', 'offline_access', 'profile', 'email'],
      pkce: { required: () => true },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      jwks: { keys: [{ ...jwk, kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' }] },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${DEV_IDP_PREFIX}/interaction/${interaction.uid}` },
      ttl: {
        IdToken: opts.idTokenTtlSeconds ?? 3600,
        AccessToken: opts.idTokenTtlSeconds ?? 3600,
        Grant: 14 * 86400,
        Session: 14 * 86400,
        RefreshToken: 14 * 86400,
        Interaction: 3600,
        AuthorizationCode: 60,
      },
      // No consent screen: every sign-in gets a grant for exactly the scopes requested.
      loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
        const scope = ctx.oidc.params?.scope;
        grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
        await grant.save();
        return grant;
      },
      // oidc-provider drops offline_access unless prompt=consent; cp refreshes sessions, so always issue one.
      issueRefreshToken: async (_ctx: unknown, c: { grantTypeAllowed(g: string): boolean }) => c.grantTypeAllowed('refresh_token'),
      expiresWithSession: async () => false,
      rotateRefreshToken: false,
    };
    return new ProviderClass(client.issuer, configuration);
  };

  return {
    client,
    provider: () => (provider ??= build()),
  };
};

export type DevIdp = ReturnType<typeof createDevIdp>;
