// A node process: `node --import tsx node/main.ts <cockroach start flags>`, spawned by `cockroach start
// --background` (or run in the foreground by `cockroach start`). Prints CockroachDB's startup banner; SIGTERM (or
// SIGINT) drains and exits 0, as CockroachDB does; SIGHUP is ignored (CockroachDB reopens its log files on it).
import { pathToFileURL } from 'node:url';
import { standinEnv } from '../cli/env.js';
import { parseStartFlags } from '../cli/start-flags.js';
import { formatAddr } from '../cli/flags.js';
import { startStandinNode } from './standin-node.js';

const stamp = () => new Date().toISOString().replace('T', ' ').replace('Z', '+00:00');
// The node's stdout is its log file (cockroach start --background sends it to <store>/logs/cockroach.log).
const out = (text: string) => process.stdout.write(`${text}\n`);

export const runNode = async (argv: readonly string[]) => {
  const t0 = Date.now();
  const cfg = parseStartFlags(argv);
  const env = standinEnv();
  const node = await startStandinNode({ ...cfg.node, ...env, logger: (line) => out(`I${stamp()} ${line}`) });
  // Tell a `cockroach start --background` parent that the SQL port is ours and listening (it then detaches).
  process.send?.({ listening: true, sqlPort: node.sqlPort, httpPort: node.httpPort });

  let exiting = false;
  const shutdown = (signal: string) => {
    if (exiting) return;
    exiting = true;
    out(`I${stamp()} received signal '${signal}': draining`);
    node.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`E${stamp()} shutdown: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('terminated'));
  process.on('SIGINT', () => shutdown('interrupt'));
  process.on('SIGHUP', () => undefined);

  out('*\n* initial startup completed.\n* Node will now attempt to join a running cluster, or wait for `cockroach init`.\n*');
  const nodeId = await node.joined;
  const sqlHost = formatAddr({ host: cfg.node.advertiseAddr.host, port: node.sqlPort });
  const secure = cfg.node.certsDir !== null;
  const c = cfg.node.certsDir;
  out(
    [
      `CockroachDB node starting at ${stamp()} (took ${((Date.now() - t0) / 1000).toFixed(1)}s)`,
      `build:               CCL ${env.buildTag} @ 2024/01/01 00:00:00 (go1.22.5 X:nocoverageredesign)`,
      `webui:               ${secure ? 'https' : 'http'}://${formatAddr({ host: cfg.node.advertiseAddr.host, port: node.httpPort })}`,
      `sql:                 postgresql://root@${sqlHost}/defaultdb?${secure ? `sslcert=${c}/client.root.crt&sslkey=${c}/client.root.key&sslmode=verify-full&sslrootcert=${c}/ca.crt` : 'sslmode=disable'}`,
      `RPC client flags:    cockroach <client cmd> --host=${formatAddr(cfg.node.advertiseAddr)} ${secure ? `--certs-dir=${c}` : '--insecure'}`,
      `logs:                ${cfg.logDir}`,
      `store[0]:            path=${cfg.node.storeDir}`,
      `storage engine:      pebble`,
      `clusterID:           ${node.clusterKey}`,
      `status:              ${nodeId === 1 ? 'initialized new cluster' : 'initialized new node, joined pre-existing cluster'}`,
      `nodeID:              ${nodeId}`,
    ].join('\n'),
  );
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runNode(process.argv.slice(2)).catch((err: unknown) => {
    const e = err as NodeJS.ErrnoException;
    const hint = e.code === 'EADDRINUSE' ? 'consider changing the port via --listen-addr, --sql-addr or --http-addr: ' : '';
    console.error(`ERROR: cockroach server exited with error: ${hint}${e.message}`);
    process.exit(1);
  });
}
