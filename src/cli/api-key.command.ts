// `cpctl api-key …`: create, list and delete keys straight in the database (bootstrap without a browser), and sign a
// request the way a client must. Writes go through the same service as the admin API, so they are audited (actor
// "cpctl", auth type cli).
import { parseArgs } from 'node:util';
import type { Config } from '../config/env.js';
import { openDatabase } from '../app/open-db.js';
import { prepareDatabase } from '../app/prepare-database.js';
import { signRequest } from '../auth/api-keys/signature.js';
import type { RequestContext } from '../auth/identity.js';
import { isRole, type Role } from '../auth/roles.js';
import { resolveKeyring } from '../infra/crypto/master-key.js';
import { createSecretBox } from '../infra/crypto/secrets.js';
import { createLogger } from '../infra/logging/logger.js';
import { createApiKeysService } from '../services/auth/api-keys.service.js';
import { UsageError } from './lib/errors.js';

// One usage error for all of cpctl (exit code 2).
export { UsageError };

export const API_KEY_HELP = `Usage:
  cpctl api-key create --roles CP_ADMIN[,…] [--groups team-a,…] (--valid-for 24h | --valid-until ISO) [--description TEXT] [--json]
  cpctl api-key list [--json]
  cpctl api-key delete <access_key>
  cpctl api-key sign --key <access_key> [--secret <secret>] METHOD URL [BODY]   (prints the three headers)
  cpctl api-key curl --key <access_key> [--secret <secret>] METHOD URL [BODY]   (prints a ready curl command)
The secret may also come from CP_API_SECRET (keeps it out of the process list and shell history).
create/list/delete work on the configured database (DATABASE_URL, or the embedded one in CP_DATA_DIR when no cp runs).`;


/** "24h", "30m", "7d", "90s" or plain seconds. */
export const parseDuration = (v: string): number => {
  const m = /^(\d+)\s*([smhd]?)$/.exec(v.trim());
  if (!m) throw new UsageError(`--valid-for must look like 3600, 90s, 30m, 24h or 7d (got "${v}")`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
};

const csv = (v: unknown) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

const CLI_CONTEXT: RequestContext = {
  identity: { authType: 'cli', subject: 'cpctl', actor: 'cpctl', displayName: 'cpctl', roles: ['CP_ADMIN'], groups: [], isAdmin: true },
  requestId: `cpctl-${process.pid}`,
  sourceIp: '',
};

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const signCommand = (args: string[], curl: boolean) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { key: { type: 'string' }, secret: { type: 'string' } } });
  const secret = values.secret ?? process.env.CP_API_SECRET;
  const [method, url, body = ''] = positionals;
  if (!values.key || !secret || !method || !url) throw new UsageError('sign needs --key, --secret (or CP_API_SECRET), METHOD and URL');
  const u = new URL(url, 'http://placeholder');
  const target = `${u.pathname}${u.search}`;
  // Milliseconds: two identical requests within one second still get distinct signatures (each is accepted once).
  const timestamp = (Date.now() / 1000).toFixed(3);
  const headers = { 'X-CP-Access-Key': values.key, 'X-Timestamp': timestamp, 'X-CP-Signature': signRequest(secret, method, target, timestamp, body) };
  if (!curl) return Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n');
  const parts = ['curl', '-sS', '-X', method.toUpperCase(), ...Object.entries(headers).flatMap(([k, v]) => ['-H', shellQuote(`${k}: ${v}`)])];
  if (body) parts.push('-H', shellQuote('Content-Type: application/json'), '--data-raw', shellQuote(body));
  parts.push(shellQuote(url));
  return parts.join(' ');
};

const withService = async <T>(config: Config, fn: (svc: ReturnType<typeof createApiKeysService>) => Promise<T>): Promise<T> => {
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  const keyring = await resolveKeyring(config, logger);
  let opened;
  try {
    opened = await openDatabase(config);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/another cp process/.test(message)) {
      throw new UsageError(`${message}.\nThe embedded database admits one process: stop cp first, or create the key with POST /api/admin/api-keys while it runs.`);
    }
    throw err;
  }
  const { db } = opened;
  try {
    await prepareDatabase(db);
    return await fn(createApiKeysService({ db, secrets: createSecretBox(keyring) }));
  } finally {
    await db.close();
  }
};

export const runApiKeyCommand = async (config: () => Config, args: string[]): Promise<string> => {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'sign':
    case 'curl':
      return signCommand(rest, sub === 'curl');
    case 'create': {
      const { values } = parseArgs({
        args: rest,
        options: {
          roles: { type: 'string' }, groups: { type: 'string' }, 'valid-for': { type: 'string' }, 'valid-until': { type: 'string' },
          description: { type: 'string' }, json: { type: 'boolean' },
        },
      });
      const roles = csv(values.roles);
      const bad = roles.filter((r) => !isRole(r));
      if (roles.length === 0 || bad.length) throw new UsageError(`--roles must list CP_READONLY, CP_USER and/or CP_ADMIN${bad.length ? ` (not ${bad.join(', ')})` : ''}`);
      if (!values['valid-for'] === !values['valid-until']) throw new UsageError('give exactly one of --valid-for and --valid-until');
      const validUntil = values['valid-until'] ? new Date(values['valid-until']) : undefined;
      if (validUntil && Number.isNaN(validUntil.getTime())) throw new UsageError('--valid-until must be an ISO-8601 time');
      const key = await withService(config(), (svc) =>
        svc.create(CLI_CONTEXT, {
          roles: roles as Role[],
          groups: csv(values.groups),
          description: values.description,
          validUntil,
          validForSeconds: values['valid-for'] ? parseDuration(values['valid-for']) : undefined,
        }),
      );
      if (values.json) return JSON.stringify({ access_key: key.access_key, secret: key.secret, roles: key.roles, groups: key.groups, valid_until: key.valid_until });
      return [
        `access_key:  ${key.access_key}`,
        `secret:      ${key.secret}`,
        `roles:       ${key.roles.join(',')}`,
        `groups:      ${key.groups.join(',') || '(none)'}`,
        `valid_until: ${key.valid_until.toISOString()}`,
        'The secret is shown only now; store it safely. Sign requests as in docs/API.md or with "cpctl api-key curl".',
      ].join('\n');
    }
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
      const keys = await withService(config(), (svc) => svc.list());
      if (values.json) return JSON.stringify(keys);
      if (keys.length === 0) return 'no API keys';
      return keys.map((k) => `${k.access_key}  roles=${k.roles.join(',')}  groups=${k.groups.join(',') || '-'}  valid_until=${k.valid_until.toISOString()}  owner=${k.owner}  ${k.description}`).join('\n');
    }
    case 'delete': {
      const [accessKey] = rest;
      if (!accessKey) throw new UsageError('delete needs the access key');
      await withService(config(), (svc) => svc.delete(CLI_CONTEXT, accessKey));
      return `deleted ${accessKey}`;
    }
    default:
      throw new UsageError(API_KEY_HELP);
  }
};
