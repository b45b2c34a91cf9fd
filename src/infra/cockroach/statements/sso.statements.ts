// CockroachDB's SSO-to-SQL settings (sso-sql.md, cluster-settings.md): JWT login for SQL sessions and the identity
// map from an external identity to a SQL user. Values are single-quoted literals (quote.ts); nothing secret here.
import type { ClusterSql } from '../cluster-sql.js';
import { literal } from '../quote.js';
import type { ClusterTarget } from '../target.js';

/** The settings cp writes for IdP group mappings, and only these. */
export const SSO_SETTINGS = [
  'server.jwt_authentication.enabled',
  'server.jwt_authentication.issuers.configuration',
  'server.jwt_authentication.audience',
  'server.jwt_authentication.claim',
  'server.jwt_authentication.jwks_auto_fetch.enabled',
  'server.identity_map.configuration',
] as const;
export type SsoSetting = (typeof SSO_SETTINGS)[number];

/** SHOW CLUSTER SETTING <one of SSO_SETTINGS>. */
export const showSsoSetting = async (sql: ClusterSql, t: ClusterTarget, name: SsoSetting): Promise<string> => {
  if (!(SSO_SETTINGS as readonly string[]).includes(name)) throw new TypeError(`not an SSO setting: ${String(name)}`);
  const rows = await sql.query(t, `SHOW CLUSTER SETTING ${name}`);
  const r = rows[0] ?? {};
  return Object.values(r)[0] ?? '';
};

/** SET CLUSTER SETTING <one of SSO_SETTINGS> = '<value>'. */
export const setSsoSetting = async (sql: ClusterSql, t: ClusterTarget, name: SsoSetting, value: string): Promise<void> => {
  if (!(SSO_SETTINGS as readonly string[]).includes(name)) throw new TypeError(`not an SSO setting: ${String(name)}`);
  await sql.query(t, `SET CLUSTER SETTING ${name} = ${literal(value)}`);
};
