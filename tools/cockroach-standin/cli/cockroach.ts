// The `cockroach` binary of the stand-in: the subcommands playbooks and tests call, with CockroachDB's flags and
// output. Errors print as cockroach prints them (`ERROR: …` then `Failed running "<cmd>"`) and exit 1; an unknown
// subcommand or flag is such an error, naming it. `cert` is not implemented (playbooks make certificates with openssl).
import { pathToFileURL } from 'node:url';
import { versionCommand } from './commands/version.js';
import { UsageError } from './flags.js';

// Loaded on demand: `version` must not pay for (or depend on) the node, wire and SQL rooms.
const COMMANDS: Record<string, (argv: readonly string[]) => number | Promise<number>> = {
  version: versionCommand,
  start: async (a) => (await import('./commands/start.js')).startCommand(a),
  init: async (a) => (await import('./commands/init.js')).initCommand(a),
  node: async (a) => (await import('./commands/node.js')).nodeCommand(a),
  sql: async (a) => (await import('./commands/sql.js')).sqlCommand(a),
};

export const runCockroach = async (argv: readonly string[]): Promise<number> => {
  const [cmd, ...rest] = argv;
  if (cmd === '--version') return versionCommand([]);
  const run = cmd === undefined ? undefined : COMMANDS[cmd];
  try {
    if (!run) throw new UsageError(cmd === undefined ? 'no command given (version, start, init, node, sql)' : `unknown command "${cmd}" for "cockroach"`);
    return await run(rest);
  } catch (err) {
    const msg = err instanceof UsageError ? err.message : ((err as Error).stack ?? String(err));
    process.stderr.write(`ERROR: ${msg}\nFailed running "${cmd === 'node' && rest[0] ? `node ${rest[0]}` : (cmd ?? '')}"\n`);
    return 1;
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCockroach(process.argv.slice(2)).then((code) => process.exit(code), () => process.exit(1));
}
