// cpctl login|logout|whoami|profiles …: where cpctl finds cp and which API key signs its requests (lib/profile.ts).
import { defineCommand, type Command } from '../lib/command.js';
import type { Context } from '../lib/context.js';
import { UsageError } from '../lib/errors.js';
import { createSignedClient } from '../lib/http.js';
import { readStdin } from '../lib/input.js';
import { printList, printObject, printResult } from '../lib/output.js';
import { DEFAULT_PROFILE, readConfigFile, writeConfigFile } from '../lib/profile.js';

const profileName = (ctx: Context, fallback: string | undefined) => ctx.global.profile || ctx.env.CP_PROFILE || fallback || DEFAULT_PROFILE;

export const loginCommands: Command[] = [
  defineCommand({
    path: ['login'],
    summary: 'Check an API key against cp and save it as a profile (config file mode 0600; the secret is never printed).',
    options: {
      url: { type: 'string', placeholder: 'URL', description: 'cp\'s URL, e.g. http://127.0.0.1:8000 (default: CP_URL)' },
      key: { type: 'string', placeholder: 'ACCESS_KEY', description: 'The access key, cp-… (default: CP_API_KEY)' },
      secret: { type: 'string', placeholder: 'SECRET', description: 'The secret (better: CP_API_SECRET or --secret-stdin, which keep it out of the process list)' },
      'secret-stdin': { type: 'boolean', description: 'Read the secret from stdin' },
      'no-verify': { type: 'boolean', description: 'Save without asking cp first' },
    },
    details: 'The profile is named by --profile (default "default") and becomes the current one. Create a key with "cpctl api-key create" (on the database) or "cpctl admin api-keys create".',
    examples: [
      'CP_API_SECRET=… cpctl login --url http://127.0.0.1:8000 --key cp-AbC…',
      'printf %s "$SECRET" | cpctl login --profile prod --url https://cp.example.com --key cp-AbC… --secret-stdin',
    ],
    run: async (ctx, { values }) => {
      const url = (values.url || ctx.env.CP_URL || '').replace(/\/+$/, '');
      const accessKey = values.key || ctx.env.CP_API_KEY || '';
      if (values.secret && values['secret-stdin']) throw new UsageError('give --secret or --secret-stdin, not both');
      const secret = values['secret-stdin'] ? (await readStdin()).trim() : values.secret || ctx.env.CP_API_SECRET || '';
      const missing = [!url && '--url (or CP_URL)', !accessKey && '--key (or CP_API_KEY)', !secret && 'the secret (CP_API_SECRET, --secret-stdin or --secret)'].filter(Boolean);
      if (missing.length) throw new UsageError(`login needs ${missing.join(', ')}`);
      if (!/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`--url must be an http(s) URL (got "${url}")`);
      const me = values['no-verify'] ? undefined : await createSignedClient({ url, accessKey, secret }).GET('/api/auth/me');
      const file = await readConfigFile(ctx.configFile);
      const name = profileName(ctx, undefined);
      file.profiles[name] = { url, access_key: accessKey, secret };
      file.current_profile = name;
      await writeConfigFile(ctx.configFile, file);
      const who = me ? ` as ${me.actor} (${me.roles.join(', ')}${me.groups.length ? `; groups ${me.groups.join(', ')}` : ''})` : ' (not verified)';
      printResult(ctx, { profile: name, url, access_key: accessKey, config: ctx.configFile, ...(me ? { actor: me.actor, roles: me.roles, groups: me.groups } : {}) },
        `Logged in to ${url}${who}.\nProfile "${name}" saved in ${ctx.configFile} and made current.`, name);
    },
  }),
  defineCommand({
    path: ['logout'],
    summary: 'Remove a profile (default: the current one) from the config file. The key itself stays valid on cp.',
    examples: ['cpctl logout', 'cpctl logout --profile prod'],
    run: async (ctx) => {
      const file = await readConfigFile(ctx.configFile);
      const name = profileName(ctx, file.current_profile);
      if (!file.profiles[name]) throw new UsageError(`no profile "${name}" in ${ctx.configFile}`);
      delete file.profiles[name];
      if (file.current_profile === name) delete file.current_profile;
      await writeConfigFile(ctx.configFile, file);
      printResult(ctx, { removed: name }, `Removed profile "${name}" from ${ctx.configFile}.`, name);
    },
  }),
  defineCommand({
    path: ['whoami'],
    summary: 'Show who cp takes you for: actor, roles, groups (checks the profile\'s key).',
    examples: ['cpctl whoami', 'cpctl whoami --profile prod -o json'],
    run: async (ctx) => {
      const p = await ctx.profile();
      const me = await (await ctx.client()).GET('/api/auth/me');
      printObject(ctx, { ...me, profile: p.name, url: p.url }, {
        id: (x) => x.actor,
        fields: [['profile', (x) => x.profile], ['url', (x) => x.url], ['actor', (x) => x.actor], ['auth', (x) => x.auth_type], ['roles', (x) => x.roles], ['groups', (x) => x.groups]],
      });
    },
  }),
  defineCommand({
    path: ['profiles', 'list'],
    summary: 'List the profiles of the config file (never their secrets).',
    examples: ['cpctl profiles list'],
    run: async (ctx) => {
      const file = await readConfigFile(ctx.configFile);
      const rows = Object.entries(file.profiles).map(([name, p]) => ({ name, current: name === file.current_profile, url: p.url, access_key: p.access_key }));
      printList(ctx, rows, {
        id: (r) => r.name,
        empty: `No profiles in ${ctx.configFile}; run "cpctl login".`,
        columns: [
          { header: 'CURRENT', value: (r) => (r.current ? '*' : '') },
          { header: 'NAME', value: (r) => r.name },
          { header: 'URL', value: (r) => r.url },
          { header: 'ACCESS KEY', value: (r) => r.access_key },
        ],
      });
    },
  }),
  defineCommand({
    path: ['profiles', 'use'],
    summary: 'Make a profile the current one.',
    args: '<name>',
    arity: [1, 1],
    examples: ['cpctl profiles use prod'],
    run: async (ctx, { args }) => {
      const file = await readConfigFile(ctx.configFile);
      const name = args[0]!;
      if (!file.profiles[name]) throw new UsageError(`no profile "${name}" in ${ctx.configFile} (profiles: ${Object.keys(file.profiles).join(', ') || 'none'})`);
      file.current_profile = name;
      await writeConfigFile(ctx.configFile, file);
      printResult(ctx, { current_profile: name }, `Profile "${name}" is now current.`, name);
    },
  }),
];
