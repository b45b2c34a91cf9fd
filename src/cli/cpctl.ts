#!/usr/bin/env node
// cpctl: the cp command line. `serve` runs the service (what `npm start` runs), `migrate` brings a database up to
// date and exits. Configuration comes from the environment (see README "Configuration").
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config/env.js';
import { openDatabase } from '../app/open-db.js';
import { prepareDatabase } from '../app/prepare-database.js';
import { CP_VERSION } from '../app/version.js';
import { createLogger } from '../infra/logging/logger.js';
import { startCp } from '../main.js';
import { API_KEY_HELP, runApiKeyCommand, UsageError } from './api-key.command.js';
import { isAppError } from '../shared/errors.js';

const HELP = `cpctl ${CP_VERSION} — the cp control plane for CockroachDB

Usage: cpctl <command> [options]

Commands:
  serve       Run cp (HTTP API, worker and scheduler as selected by CP_ROLES). This is what "npm start" runs.
  migrate     Apply pending schema migrations to the configured database, then exit.
  api-key     Create, list, delete API keys in the database; sign requests (cpctl api-key --help).
  version     Print the version.
  help        Show this help.

Configuration is read from the environment:
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

const main = async () => {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
  });
  const [command, ...rest] = positionals;
  if (values.version || command === 'version') return void process.stdout.write(`${CP_VERSION}\n`);
  if ((values.help && command !== 'api-key') || command === undefined || command === 'help') return void process.stdout.write(HELP);
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return migrateCommand();
    case 'api-key':
      if (values.help) return void process.stdout.write(`${API_KEY_HELP}\n`);
      try {
        // Its own options: hand over the raw arguments after "api-key" (the parse above is not strict).
        const argv = process.argv.slice(2);
        return void process.stdout.write(`${await runApiKeyCommand(readConfig, argv.slice(argv.indexOf('api-key') + 1))}\n`);
      } catch (err) {
        if (err instanceof UsageError || isAppError(err)) return fail(err.message, err instanceof UsageError ? 2 : 1);
        if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return fail(err.message, 2);
        throw err;
      }
    default:
      return fail(`unknown command "${[command, ...rest].join(' ')}"; run "cpctl --help"`, 2);
  }
};

main().catch((err: unknown) => {
  fail(err instanceof Error ? err.message : String(err));
});
