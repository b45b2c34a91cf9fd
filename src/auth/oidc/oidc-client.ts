// The relying-party side of OIDC (openid-client 6): reads the IdP settings, discovers the issuer (cached for
// oidc.cache_ttl_seconds), and reports configuration problems for start-up logs and /api/readyz. When no issuer is
// configured, the embedded development IdP is the issuer (see src/auth/dev-idp/).
import * as oidc from 'openid-client';
import type { SettingsReader } from '../../services/settings/settings.reader.js';
import { UnavailableError } from '../../shared/errors.js';
import type { RoleGroups } from './groups.js';

export type DevIdpClient = { issuer: string; clientId: string; clientSecret: string };

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  audience: string;
  extraParams: Record<string, string>;
  redirectUri: string;
  usernameClaim: string;
  groupsClaim: string;
  roleGroups: RoleGroups;
  devIdp: boolean;
  /** Why this configuration cannot work (empty when it looks valid). */
  problems: string[];
};

export type OidcClientDeps = {
  settings: Pick<SettingsReader, 'get' | 'getInt' | 'getCsv' | 'getJson'>;
  publicUrl: string;
  /** The embedded development IdP, when this process serves one (never in production). */
  devIdp?: () => DevIdpClient;
  now?: () => number;
};

const stringParams = (value: unknown, problems: string[]): Record<string, string> => {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('oidc.extra_auth_params must be a JSON object.');
    return {};
  }
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
};

export const createOidcClient = (deps: OidcClientDeps) => {
  const now = deps.now ?? Date.now;
  let cached: { key: string; at: number; config: oidc.Configuration } | undefined;

  const readSettings = async (): Promise<OidcSettings> => {
    const s = deps.settings;
    const problems: string[] = [];
    const configuredIssuer = (await s.get('oidc.issuer_url')).trim().replace(/\/+$/, '');
    const dev = configuredIssuer ? undefined : deps.devIdp?.();
    if (!configuredIssuer && !dev) problems.push('oidc.issuer_url is empty and no development IdP runs in this process (NODE_ENV=production): set the OIDC settings.');
    const clientId = dev ? dev.clientId : (await s.get('oidc.client_id')).trim();
    if (configuredIssuer && !clientId) problems.push('oidc.issuer_url is set but oidc.client_id is empty.');
    let extra: unknown = {};
    try {
      extra = await s.getJson('oidc.extra_auth_params');
    } catch {
      problems.push('oidc.extra_auth_params is not valid JSON.');
    }
    const roleGroups: RoleGroups = {
      CP_READONLY: await s.getCsv('oidc.authz_readonly_groups'),
      CP_USER: await s.getCsv('oidc.authz_user_groups'),
      CP_ADMIN: await s.getCsv('oidc.authz_admin_groups'),
    };
    if (!Object.values(roleGroups).some((g) => g.length > 0)) {
      problems.push('None of oidc.authz_readonly_groups, oidc.authz_user_groups, oidc.authz_admin_groups is set: nobody could sign in.');
    }
    return {
      issuer: dev ? dev.issuer : configuredIssuer,
      clientId,
      clientSecret: dev ? dev.clientSecret : await s.get('oidc.client_secret'),
      scopes: (await s.get('oidc.scopes')).trim() || 'openid',
      audience: (await s.get('oidc.audience')).trim(),
      extraParams: stringParams(extra, problems),
      redirectUri: (await s.get('oidc.redirect_uri')).trim() || `${deps.publicUrl}/api/auth/callback`,
      usernameClaim: (await s.get('oidc.ui_username_claim')).trim() || 'email',
      groupsClaim: (await s.get('oidc.authz_groups_claim')).trim() || 'groups',
      roleGroups,
      devIdp: dev !== undefined,
      problems,
    };
  };

  /** The discovered issuer; throws 503 with the reason when the configuration is invalid or the IdP unreachable. */
  const configuration = async (s: OidcSettings): Promise<oidc.Configuration> => {
    if (s.problems.length) throw new UnavailableError(`Sign-in is not configured correctly: ${s.problems.join(' ')}`);
    const ttlMs = (await deps.settings.getInt('oidc.cache_ttl_seconds')) * 1000;
    // The secret is part of the cache key only as "changed or not", so a new secret takes effect at once.
    const key = JSON.stringify([s.issuer, s.clientId, s.clientSecret.length, s.clientSecret.slice(-4)]);
    if (cached && cached.key === key && now() - cached.at < ttlMs) return cached.config;
    const issuerUrl = new URL(s.issuer);
    try {
      const config = await oidc.discovery(
        issuerUrl,
        s.clientId,
        undefined,
        s.clientSecret ? oidc.ClientSecretPost(s.clientSecret) : oidc.None(),
        // Plain http is accepted for the development IdP and loopback issuers only in spirit; an operator who
        // configures an http:// issuer gets what they asked for (the readyz reason below says so).
        issuerUrl.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      );
      // Verify ID-token signatures against the IdP's JWKS too (not only the claims).
      oidc.enableNonRepudiationChecks(config);
      cached = { key, at: now(), config };
      return config;
    } catch (err) {
      throw new UnavailableError(`The identity provider ${s.issuer} is unreachable or its discovery document is invalid.`, err);
    }
  };

  return {
    settings: readSettings,
    configuration,
    /** Problems for /api/readyz and the start-up log; empty when sign-in works. */
    async problems(): Promise<string[]> {
      const s = await readSettings();
      if (s.problems.length) return s.problems;
      // The development IdP is served by this very process: probing it over HTTP would only test our own listener.
      if (s.devIdp) return [];
      try {
        await configuration(s);
        return [];
      } catch (err) {
        return [err instanceof Error ? err.message : String(err)];
      }
    },
  };
};

export type OidcClient = ReturnType<typeof createOidcClient>;
