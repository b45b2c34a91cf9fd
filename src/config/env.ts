// The one place environment variables are read. `loadConfig` runs once at start; everything else receives the
// resulting `Config` object. A bad value fails start-up with a message that names the variable.
import { z } from 'zod';

export const PROCESS_ROLES = ['api', 'worker', 'scheduler'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const base64Key = z
  .string()
  .trim()
  .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
    message: 'must be the base64 encoding of exactly 32 bytes (generate one with: openssl rand -base64 32)',
  });

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), {
    message: 'must be a postgres:// or postgresql:// URL (CockroachDB or PostgreSQL)',
  });

const csvRoles = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const parts = v
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const bad = parts.filter((p) => !(PROCESS_ROLES as readonly string[]).includes(p));
    if (bad.length > 0 || parts.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a comma-separated subset of ${PROCESS_ROLES.join(',')} (got "${v}")`,
      });
      return z.NEVER;
    }
    return [...new Set(parts)] as ProcessRole[];
  });

/** A key id (1-255) and its base64 key, `id:base64`, comma-separated: old keys kept for decryption only. */
const oldKeys = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const out: { id: number; key: string }[] = [];
    for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^(\d{1,3}):(.+)$/.exec(part);
      const id = m ? Number(m[1]) : NaN;
      if (!m || id < 1 || id > 255 || !base64Key.safeParse(m[2]).success) {
        ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of <key id 1-255>:<base64 32-byte key>' });
        return z.NEVER;
      }
      out.push({ id, key: m[2]! });
    }
    return out;
  });

const port = z.coerce.number().int().min(1).max(65535);

/** Per-kind worker limits: `KIND=n,KIND=n`. */
const kindLimits = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const out: Record<string, number> = {};
    for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^([A-Z][A-Z0-9_]*)=(\d{1,4})$/.exec(part);
      if (!m || Number(m[2]) < 1) {
        ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of KIND=n (n >= 1), e.g. CREATE_CLUSTER=2' });
        return z.NEVER;
      }
      out[m[1]!] = Number(m[2]);
    }
    return out;
  });

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    CP_HOST: z.string().trim().min(1).default('127.0.0.1'),
    CP_PORT: port.default(8000),
    CP_PUBLIC_URL: z
      .url({ message: 'must be an absolute http(s) URL, e.g. https://cp.example.com' })
      .optional()
      .describe('Public base URL of cp (used for OIDC redirect URIs); default http://CP_HOST:CP_PORT'),
    DATABASE_URL: postgresUrl.optional(),
    CP_DATA_DIR: z.string().trim().min(1).default('./.cp-data'),
    CP_MASTER_KEY: base64Key.optional(),
    CP_MASTER_KEY_ID: z.coerce.number().int().min(1).max(255).default(1),
    CP_OLD_MASTER_KEYS: oldKeys.optional(),
    CP_ROLES: csvRoles.default([...PROCESS_ROLES]),
    CP_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    CP_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    CP_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    CP_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
    CP_WORKER_KIND_CONCURRENCY: kindLimits.optional(),
    CP_WORKER_POLL_MS: z.coerce.number().int().min(50).max(1_000).default(500),
    CP_JOB_LEASE_SECONDS: z.coerce.number().int().min(5).max(3_600).default(30),
    // Cluster lifecycle (docs/OPERATIONS.md): how playbooks reach the nodes and how nodes are probed.
    CP_ANSIBLE_PLAYBOOK_BIN: z.string().trim().min(1).default('ansible-playbook'),
    CP_ANSIBLE_SSH_KEY: z.string().trim().min(1).optional(),
    CP_ANSIBLE_SSH_ARGS: z.string().trim().min(1).optional(),
    CP_HEALTHCHECK_SCHEME: z.enum(['http', 'https']).default('https'),
    CP_HEALTHCHECK_PORT: port.default(8080),
    // Managed-cluster SQL (src/infra/cockroach): the cap on connections to all clusters together, the statement timeout.
    CP_CLUSTER_SQL_MAX_CONNECTIONS: z.coerce.number().int().min(4).max(10_000).default(64),
    CP_CLUSTER_SQL_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.CP_MASTER_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['CP_MASTER_KEY'],
        message: 'is required when NODE_ENV=production (generate one with: openssl rand -base64 32)',
      });
    }
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required when NODE_ENV=production (the embedded PGlite database is for evaluation only)',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export type Config = {
  nodeEnv: Env['NODE_ENV'];
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  masterKey: { id: number; key: string } | undefined;
  oldMasterKeys: { id: number; key: string }[];
  roles: ProcessRole[];
  logLevel: Env['CP_LOG_LEVEL'];
  dbPoolMax: number;
  shutdownTimeoutMs: number;
  workerConcurrency: number;
  workerKindConcurrency: Record<string, number>;
  workerPollMs: number;
  jobLeaseSeconds: number;
  ansible: { playbookBin: string; sshKeyPath: string | undefined; sshArgs: string | undefined };
  healthcheck: { scheme: 'http' | 'https'; port: number };
  clusterSql: { maxConnections: number; statementTimeoutMs: number };
};

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws ConfigError naming the first bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  // Empty strings mean "unset" (a common shell idiom: `CP_MASTER_KEY= npm start`).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const raw = env[variable];
    const message = issue.code === 'invalid_value' || issue.code === 'invalid_type'
      ? `${issue.message}${raw !== undefined ? ` (got "${raw}")` : ''}`
      : issue.message;
    throw new ConfigError(variable, message);
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    host: e.CP_HOST,
    port: e.CP_PORT,
    publicUrl: (e.CP_PUBLIC_URL ?? `http://${e.CP_HOST.includes(':') ? `[${e.CP_HOST}]` : e.CP_HOST}:${e.CP_PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.CP_DATA_DIR,
    masterKey: e.CP_MASTER_KEY ? { id: e.CP_MASTER_KEY_ID, key: e.CP_MASTER_KEY } : undefined,
    oldMasterKeys: e.CP_OLD_MASTER_KEYS ?? [],
    roles: e.CP_ROLES,
    logLevel: e.CP_LOG_LEVEL,
    dbPoolMax: e.CP_DB_POOL_MAX,
    shutdownTimeoutMs: e.CP_SHUTDOWN_TIMEOUT_MS,
    workerConcurrency: e.CP_WORKER_CONCURRENCY,
    workerKindConcurrency: e.CP_WORKER_KIND_CONCURRENCY ?? {},
    workerPollMs: e.CP_WORKER_POLL_MS,
    jobLeaseSeconds: e.CP_JOB_LEASE_SECONDS,
    ansible: { playbookBin: e.CP_ANSIBLE_PLAYBOOK_BIN, sshKeyPath: e.CP_ANSIBLE_SSH_KEY, sshArgs: e.CP_ANSIBLE_SSH_ARGS },
    healthcheck: { scheme: e.CP_HEALTHCHECK_SCHEME, port: e.CP_HEALTHCHECK_PORT },
    clusterSql: { maxConnections: e.CP_CLUSTER_SQL_MAX_CONNECTIONS, statementTimeoutMs: e.CP_CLUSTER_SQL_STATEMENT_TIMEOUT_MS },
  };
};
