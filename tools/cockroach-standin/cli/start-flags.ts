// `cockroach start` flags (cockroach-start.md) → the node's options. Shared by the CLI (which validates them before
// spawning a background node) and node/main.ts (the node process itself, which receives the same flags).
import os from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_LIVENESS_TTL_MS } from '../node/liveness.js';
import type { StandinNodeOptions } from '../node/standin-node.js';
import { storeCapacityBytes } from '../node/store.js';
import { parseAddr, parseFlags, UsageError, type FlagSpec } from './flags.js';

export const START_FLAGS: FlagSpec = {
  'certs-dir': 'string', insecure: 'bool', store: 'string', 'listen-addr': 'string', 'advertise-addr': 'string',
  'sql-addr': 'string', 'advertise-sql-addr': 'string', 'http-addr': 'string', join: 'list', locality: 'string',
  cache: 'string', 'max-sql-memory': 'string', 'cluster-name': 'string', 'pid-file': 'string', background: 'bool',
  'log-dir': 'string', 'disable-cluster-name-verification': 'bool',
};
export const START_ALIASES = { s: 'store', j: 'join' };

/** `--store=/path` or `--store=path=/path,size=20GiB` (cockroach-start.md "Store"); default `cockroach-data`. */
const parseStore = (value: string | undefined) => {
  if (!value) return { dir: resolve('cockroach-data'), size: null };
  if (!value.includes('=')) return { dir: resolve(value), size: null };
  const fields = Object.fromEntries(value.split(',').map((kv) => kv.split('=') as [string, string]));
  if (!fields.path) throw new UsageError(`invalid --store: ${value}: no path= field`);
  return { dir: resolve(fields.path), size: fields.size ?? null };
};

export const parseStartFlags = (argv: readonly string[]) => {
  const f = parseFlags(argv, START_FLAGS, START_ALIASES);
  if (f.positional.length > 0) throw new UsageError(`unknown command "${f.positional[0]}" for "cockroach start"`);
  if (f.list('join').length === 0) throw new UsageError("no --join flags provided to 'cockroach start'");
  const insecure = f.bool('insecure');
  if (insecure && f.has('certs-dir')) throw new UsageError('--insecure and --certs-dir are mutually exclusive');
  const store = parseStore(f.string('store'));
  const listenAddr = parseAddr(f.string('listen-addr'), { host: '', port: 26257 });
  const advertiseAddr = parseAddr(f.string('advertise-addr'), { host: listenAddr.host || os.hostname(), port: listenAddr.port });
  const sqlAddr = f.has('sql-addr') ? parseAddr(f.string('sql-addr'), { host: listenAddr.host, port: 26257 }) : null;
  const ttl = Number(process.env.COCKROACH_STANDIN_LIVENESS_TTL_MS ?? DEFAULT_LIVENESS_TTL_MS);
  const node: Omit<StandinNodeOptions, 'adminUrl' | 'buildTag'> = {
    certsDir: insecure ? null : resolve(f.string('certs-dir') ?? `${os.homedir()}/.cockroach-certs`),
    clusterName: f.string('cluster-name') ?? null,
    join: f.list('join'),
    storeDir: store.dir,
    storeCapacityBytes: storeCapacityBytes(store.size),
    listenAddr,
    advertiseAddr,
    sqlAddr,
    advertiseSqlAddr: f.has('advertise-sql-addr') ? parseAddr(f.string('advertise-sql-addr'), sqlAddr ?? advertiseAddr) : null,
    httpAddr: parseAddr(f.string('http-addr'), { host: listenAddr.host, port: 8080 }),
    locality: f.string('locality') ?? '',
    livenessTtlMs: Number.isFinite(ttl) && ttl > 0 ? ttl : DEFAULT_LIVENESS_TTL_MS,
  };
  return {
    node,
    background: f.bool('background'),
    pidFile: f.string('pid-file') ?? null,
    logDir: resolve(f.string('log-dir') ?? `${store.dir}/logs`),
    /** Where clients reach the SQL port, for the "wait until it accepts" of --background. */
    sqlListen: sqlAddr ?? listenAddr,
  };
};

export type StartConfig = ReturnType<typeof parseStartFlags>;
