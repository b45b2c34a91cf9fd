// The cluster settings the stand-in knows, with CockroachDB v24.x names, types, defaults and descriptions
// (src/current/v24.3/cluster-settings.md). Type letters are those SHOW CLUSTER SETTINGS prints in setting_type:
// b bool, z byte size, d duration, e enum, f float, i int, s string, m version. Anything not listed here is an
// unknown cluster setting, as it would be for a typo against a real cluster.
import { formatGoDuration, parseDuration } from './durations.js';

export type SettingType = 'b' | 'z' | 'd' | 'e' | 'f' | 'i' | 's' | 'm';
export type SettingDef = { name: string; type: SettingType; default: string; description: string; public: boolean; enumValues?: string[];
  validate?: (v: string) => void };

const jsonValidator = (what: string) => (v: string) => {
  if (v === '') return;
  try { JSON.parse(v); } catch { throw new Error(`${what}: invalid JSON`); }
};

const identityMapValidator = (v: string) => {
  for (const line of v.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean)) {
    if (line.split(/\s+/).length !== 3) throw new Error(`identity map entry must have 3 fields (map-name external-user db-user): ${line}`);
  }
};

const def = (name: string, type: SettingType, dflt: string, description: string, extra: Partial<SettingDef> = {}): SettingDef =>
  ({ name, type, default: dflt, description, public: true, ...extra });

export const SETTINGS: SettingDef[] = [
  def('version', 'm', '', 'set the active cluster version in the format \'<major>.<minor>\''),
  def('cluster.preserve_downgrade_option', 's', '', 'disable (automatic or manual) cluster version upgrade from the specified version until reset'),
  def('cluster.auto_upgrade.enabled', 'b', 'true', 'disable automatic cluster version upgrade until reset'),
  def('cluster.organization', 's', '', 'organization name'),
  def('enterprise.license', 's', '', 'the encoded cluster license'),
  def('diagnostics.reporting.enabled', 'b', 'true', 'enable reporting diagnostic metrics to cockroach labs'),
  def('kv.rangefeed.enabled', 'b', 'false', 'if set, rangefeed registration is enabled'),
  def('kv.snapshot_rebalance.max_rate', 'z', '32 MiB', 'the rate limit (bytes/sec) to use for rebalance and upreplication snapshots'),
  def('server.time_until_store_dead', 'd', '5m0s', 'the time after which if there is no new gossiped information about a store, it is considered dead'),
  def('server.shutdown.initial_wait', 'd', '0s', 'the amount of time a server waits in an unready state before proceeding with a drain'),
  def('server.shutdown.connections.timeout', 'd', '0s', 'the maximum amount of time a server waits for all SQL connections to be closed before proceeding with a drain'),
  def('server.shutdown.transactions.timeout', 'd', '10s', 'the timeout for waiting for active transactions to finish during a drain'),
  def('server.shutdown.lease_transfer_iteration.timeout', 'd', '5s', 'the timeout for a single iteration of the range lease transfer phase of draining'),
  def('server.host_based_authentication.configuration', 's', '', 'host-based authentication configuration to use during connection authentication'),
  def('server.identity_map.configuration', 's', '', 'system-identity to database-username mappings', { validate: identityMapValidator }),
  def('server.jwt_authentication.enabled', 'b', 'false', 'enables or disables JWT login for the SQL interface'),
  def('server.jwt_authentication.issuers.configuration', 's', '', 'sets accepted issuer values for JWT logins over the SQL interface', { validate: (v) => {
    if (v.trim().startsWith('[') || v.trim().startsWith('{')) jsonValidator('server.jwt_authentication.issuers.configuration')(v);
  } }),
  def('server.jwt_authentication.audience', 's', '', 'sets accepted audience values for JWT logins over the SQL interface'),
  def('server.jwt_authentication.claim', 's', '', 'sets the JWT claim that is parsed to get the username'),
  def('server.jwt_authentication.jwks', 's', '{"keys":[]}', 'sets the public key set for JWT logins over the SQL interface (JWKS format)',
    { validate: jsonValidator('server.jwt_authentication.jwks') }),
  def('server.jwt_authentication.jwks_auto_fetch.enabled', 'b', 'false', 'enables or disables automatic fetching of JWKS from the issuer\'s well-known endpoint'),
  def('server.user_login.password_encryption', 'e', 'scram-sha-256', 'which hash method to use to encode cleartext passwords passed via ALTER/CREATE USER/ROLE WITH PASSWORD',
    { enumValues: ['crdb-bcrypt', 'scram-sha-256'] }),
  def('server.web_session.timeout', 'd', '168h0m0s', 'the duration that a newly created web session will be valid'),
  def('sql.defaults.statement_timeout', 'd', '0s', 'default value for the statement_timeout session setting'),
  def('sql.defaults.idle_in_session_timeout', 'd', '0s', 'default value for the idle_in_session_timeout session setting'),
  def('sql.stats.automatic_collection.enabled', 'b', 'true', 'automatic statistics collection mode'),
  def('sql.metrics.statement_details.enabled', 'b', 'true', 'collect per-statement query statistics'),
  def('timeseries.storage.enabled', 'b', 'true', 'if set, periodic timeseries data is stored within the cluster'),
];

/** Old names CockroachDB still accepts (the setting shows under its current name). */
export const SETTING_ALIASES: Record<string, string> = {
  'server.shutdown.drain_wait': 'server.shutdown.initial_wait',
  'server.jwt_authentication.issuers': 'server.jwt_authentication.issuers.configuration',
};

export const findSetting = (name: string): SettingDef | undefined => {
  const n = name.toLowerCase();
  return SETTINGS.find((s) => s.name === (SETTING_ALIASES[n] ?? n));
};

/** The canonical stored text of a value; throws with CockroachDB-like wording when it does not parse. */
export const normaliseSetting = (d: SettingDef, raw: string): string => {
  switch (d.type) {
    case 'b': {
      const v = raw.trim().toLowerCase();
      if (['true', 't', 'on', 'yes', '1'].includes(v)) return 'true';
      if (['false', 'f', 'off', 'no', '0'].includes(v)) return 'false';
      throw new Error(`could not parse "${raw}" as type bool`);
    }
    case 'd': return formatGoDuration(parseDuration(raw));
    case 'i': if (!/^-?\d+$/.test(raw.trim())) throw new Error(`could not parse "${raw}" as type int`); return raw.trim();
    case 'f': if (Number.isNaN(Number(raw))) throw new Error(`could not parse "${raw}" as type float`); return String(Number(raw));
    case 'e': {
      const v = raw.trim().toLowerCase();
      if (d.enumValues && !d.enumValues.includes(v)) throw new Error(`invalid string value '${raw}' for enum setting`);
      return v;
    }
    default: d.validate?.(raw); return raw;
  }
};
