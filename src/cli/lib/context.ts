// What a command gets: its streams, the global options, and (lazily) a client signed with the chosen profile.
import type { ApiClient } from '../../api-client/client.js';
import type { GlobalValues } from './options.js';
import { createSignedClient } from './http.js';
import { configPath, permissionWarning, resolveProfile, type ResolvedProfile } from './profile.js';

export type OutStream = { write(s: string): unknown; isTTY?: boolean; columns?: number };

export type Context = {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  global: GlobalValues;
  format: 'table' | 'json' | 'yaml';
  quiet: boolean;
  /** The config file this run reads and writes. */
  configFile: string;
  /** A line on stdout. */
  out: (text: string) => void;
  /** A line on stderr for people (hints, "nothing found"); silent with --quiet. */
  note: (text: string) => void;
  profile: () => Promise<ResolvedProfile>;
  client: () => Promise<ApiClient>;
};

export const createContext = (opts: { stdout: OutStream; stderr: OutStream; env: NodeJS.ProcessEnv; global: GlobalValues }): Context => {
  const configFile = configPath(opts.global.config, opts.env);
  let profile: Promise<ResolvedProfile> | undefined;
  let client: Promise<ApiClient> | undefined;
  const quiet = opts.global.quiet === true;
  const ctx: Context = {
    stdout: opts.stdout,
    stderr: opts.stderr,
    env: opts.env,
    global: opts.global,
    format: (opts.global.output ?? 'table') as Context['format'],
    quiet,
    configFile,
    out: (text) => void opts.stdout.write(`${text}\n`),
    note: (text) => {
      if (!quiet) opts.stderr.write(`${text}\n`);
    },
    profile: () =>
      (profile ??= (async () => {
        const p = await resolveProfile({ path: configFile, profile: opts.global.profile, env: opts.env });
        const warning = await permissionWarning(configFile);
        if (warning) opts.stderr.write(`cpctl: warning: ${warning}\n`);
        return p;
      })()),
    client: () => (client ??= ctx.profile().then((p) => createSignedClient(p))),
  };
  return ctx;
};
