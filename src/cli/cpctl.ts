#!/usr/bin/env node
// cpctl: the cp command line. `serve` runs the service (what `npm start` runs), `migrate` brings a database up to
// date, `api-key` manages keys straight in the database (bootstrap). Every other command is a client of cp's HTTP
// API (src/cli/commands/, one file per noun), signed with a profile's API key (src/cli/lib/profile.ts).
// The server side (Fastify, the database drivers, the job runtime) is imported only by the commands that need it,
// so the HTTP commands start fast.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config/env.js';
import { CP_VERSION } from '../app/version.js';
import { UsageError } from './lib/errors.js';
import { httpCommandsHelp, runCli } from './lib/run.js';

const HELP = () => `cpctl ${CP_VERSION} — the cp control plane for CockroachDB

Usage: cpctl <command> [options]        cpctl <command> --help shows options and examples

Running cp:
  serve       Run cp (HTTP API, worker and scheduler as selected by CP_ROLES). This is what "npm start" runs.
  migrate     Apply pending schema migrations to the configured database, then exit.
  api-key     Create, list, delete API keys in the database; sign requests (cpctl api-key --help).
  version     Print the version.

Talking to cp (HTTP API, signed with a profile's API key):
${httpCommandsHelp()}

Global options of the HTTP commands:
  -o, --output table|json|yaml   output format (default table)
  -q, --quiet                    ids only
  --profile NAME, --config FILE  which profile of which config file (default ~/.config/cpctl/config.yaml)
  CP_URL, CP_API_KEY, CP_API_SECRET override the profile. Exit codes: 0 ok, 1 failed, 2 usage, 3 job cancelled,
  4 --wait timed out.

Examples:
  CP_API_SECRET=… cpctl login --url http://127.0.0.1:8000 --key cp-AbC…
  cpctl clusters create demo --node-count 3 --cpus 2 --disk 10 --regions test:local --version v24.1.3 --group team-a --wait
  cpctl clusters list -o json | jq -r '.[].cluster_id'
  cpctl jobs logs -f <job_id>

Configuration of "serve" and "migrate" is read from the environment:
  CP_HOST, CP_PORT          listen address (default 127.0.0.1:8000)
  DATABASE_URL              postgres:// URL of CockroachDB (or PostgreSQL); unset: embedded PGlite in CP_DATA_DIR
  CP_DATA_DIR               embedded database and generated key (default ./.cp-data)
  CP_MASTER_KEY             base64 32-byte key encrypting secrets at rest (required in production)
  CP_ROLES                  api,worker,scheduler (default: all three)
  CP_LOG_LEVEL              fatal|error|warn|info|debug|trace (default info)
See README.md for the full table.
`;

const fail = (message: string, code = 1): never => {
  console.error(`cpctl: ${message}`);
  process.exit(code);
};

const readConfig = (): Config => {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) return fail(`invalid configuration: ${err.message}`, 2);
    throw err;
  }
};

const serve = async () => {
  const config = readConfig();
  const { startCp } = await import('../main.js');
  const handle = await startCp(config);
  let signals = 0;
  const stop = (signal: string) => {
    signals++;
    if (signals > 1) {
      handle.logger.warn({ signal }, 'second signal: exiting immediately');
      process.exit(130);
    }
    handle.logger.info({ signal }, 'signal received');
    const timer = setTimeout(() => {
      handle.logger.error('shutdown deadline passed: exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000);
    timer.unref();
    handle.close().then(
      () => process.exit(0),
      (err: unknown) => {
        handle.logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
};

const migrateCommand = async () => {
  const config = readConfig();
  const [{ createLogger }, { openDatabase }, { prepareDatabase }] = await Promise.all([
    import('../infra/logging/logger.js'), import('../app/open-db.js'), import('../app/prepare-database.js'),
  ]);
  const logger = createLogger(config.logLevel);
  const { db, description } = await openDatabase(config);
  try {
    const result = await prepareDatabase(db, logger);
    process.stdout.write(
      `${description}: ${result.applied.length ? `applied ${result.applied.join(', ')}` : 'already up to date'} (schema version ${result.latest})\n`,
    );
  } finally {
    await db.close();
  }
};

const LOCAL = new Set(['serve', 'migrate', 'api-key', 'version', 'help']);

const main = async () => {
  const argv = process.argv.slice(2);
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
  });
  const [command] = positionals;
  if (command === undefined) return void process.stdout.write(values.version ? `${CP_VERSION}\n` : HELP());
  if (!LOCAL.has(command)) {
    process.exitCode = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env });
    return;
  }
  if (command === 'version' || (values.version && command !== 'api-key')) return void process.stdout.write(`${CP_VERSION}\n`);
  if (command === 'help' || (values.help && command !== 'api-key')) return void process.stdout.write(HELP());
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return migrateCommand();
    case 'api-key': {
      const [{ API_KEY_HELP, runApiKeyCommand }, { isAppError }] = await Promise.all([import('./api-key.command.js'), import('../shared/errors.js')]);
      if (values.help) return void process.stdout.write(`${API_KEY_HELP}\n`);
      try {
        // Its own options: hand over the raw arguments after "api-key" (the parse above is not strict).
        return void process.stdout.write(`${await runApiKeyCommand(readConfig, argv.slice(argv.indexOf('api-key') + 1))}\n`);
      } catch (err) {
        if (err instanceof UsageError || isAppError(err)) return fail(err.message, err instanceof UsageError ? 2 : 1);
        if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return fail(err.message, 2);
        throw err;
      }
    }
  }
};

main().catch((err: unknown) => {
  fail(err instanceof Error ? err.message : String(err));
});
