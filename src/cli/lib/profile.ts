// Profiles: where cpctl finds cp and the API key to sign with. One YAML file (mode 0600, its folder 0700), several
// named profiles and a current one; CP_URL, CP_API_KEY and CP_API_SECRET override the chosen profile field by field,
// so CI can run without any file. The secret is stored here and nowhere else, and never printed.
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { UsageError } from './errors.js';

export type Profile = { url: string; access_key: string; secret: string };
export type ConfigFile = { current_profile?: string; profiles: Record<string, Profile> };
export type ResolvedProfile = { name: string; url: string; accessKey: string; secret: string; path: string };

export const DEFAULT_PROFILE = 'default';

/** --config, else CPCTL_CONFIG, else $XDG_CONFIG_HOME/cpctl/config.yaml, else ~/.config/cpctl/config.yaml. */
export const configPath = (flag: string | undefined, env: NodeJS.ProcessEnv): string =>
  flag || env.CPCTL_CONFIG || join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'cpctl', 'config.yaml');

export const readConfigFile = async (path: string): Promise<ConfigFile> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw err;
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid YAML: ${(err as Error).message}`);
  }
  const o = (data && typeof data === 'object' ? data : {}) as Partial<ConfigFile>;
  const profiles: Record<string, Profile> = {};
  for (const [name, p] of Object.entries(o.profiles ?? {})) {
    const v = (p ?? {}) as Partial<Profile>;
    profiles[name] = { url: String(v.url ?? ''), access_key: String(v.access_key ?? ''), secret: String(v.secret ?? '') };
  }
  return { ...(typeof o.current_profile === 'string' ? { current_profile: o.current_profile } : {}), profiles };
};

/** Writes the file atomically with mode 0600 (also when it existed with a looser mode). */
export const writeConfigFile = async (path: string, config: ConfigFile): Promise<void> => {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `# cpctl profiles (cpctl login). Holds API secrets: keep it private (mode 0600).\n${stringify(config)}`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
};

/** A warning when the file is readable by others (a secret in it). */
export const permissionWarning = async (path: string): Promise<string | undefined> => {
  try {
    const s = await stat(path);
    if ((s.mode & 0o077) !== 0) return `${path} is readable by other users (mode ${(s.mode & 0o777).toString(8)}); run "chmod 600 ${path}"`;
  } catch {
    /* no file */
  }
  return undefined;
};

export const resolveProfile = async (opts: { path: string; profile: string | undefined; env: NodeJS.ProcessEnv }): Promise<ResolvedProfile> => {
  const file = await readConfigFile(opts.path);
  const name = opts.profile || opts.env.CP_PROFILE || file.current_profile || DEFAULT_PROFILE;
  const p = file.profiles[name];
  if ((opts.profile || opts.env.CP_PROFILE) && !p) {
    const known = Object.keys(file.profiles);
    throw new UsageError(`no profile "${name}" in ${opts.path}${known.length ? ` (profiles: ${known.join(', ')})` : ''}; create it with "cpctl login --profile ${name} …"`);
  }
  const url = opts.env.CP_URL || p?.url || '';
  const accessKey = opts.env.CP_API_KEY || p?.access_key || '';
  const secret = opts.env.CP_API_SECRET || p?.secret || '';
  const missing = [!url && 'the URL (CP_URL)', !accessKey && 'the access key (CP_API_KEY)', !secret && 'the secret (CP_API_SECRET)'].filter(Boolean);
  if (missing.length) {
    throw new UsageError(
      `not logged in: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing.\n` +
        `Run "cpctl login --url http://127.0.0.1:8000 --key cp-… " (the secret from CP_API_SECRET or --secret-stdin), or set CP_URL, CP_API_KEY and CP_API_SECRET.`,
    );
  }
  return { name, url: url.replace(/\/+$/, ''), accessKey, secret, path: opts.path };
};
