// `cockroach start` (cockroach-start.md). Foreground: this process becomes the node. --background: spawn the node
// process detached (its own session, so it outlives the SSH session of a playbook task), stdout/stderr appended to
// <store>/logs/cockroach.log, wait until it reports its SQL port listening, write --pid-file, exit 0 — "control is
// returned to the shell only once the node is ready to accept requests". A node that fails to start (a port already
// taken, bad certificates) makes this command fail with the node's own error.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '../../node/main.js';
import { UsageError } from '../flags.js';
import { standinEnv } from '../env.js';
import { parseStartFlags } from '../start-flags.js';

const NODE_MAIN = fileURLToPath(new URL('../../node/main.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;

const tail = (file: string, lines = 5) => readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');

export const startCommand = async (argv: readonly string[]): Promise<number> => {
  const cfg = parseStartFlags(argv);
  standinEnv();
  mkdirSync(cfg.node.storeDir, { recursive: true });
  if (!cfg.background) {
    await runNode(argv);
    return new Promise<number>(() => undefined); // the node runs until a signal ends the process
  }
  mkdirSync(cfg.logDir, { recursive: true });
  const logFile = join(cfg.logDir, 'cockroach.log');
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...process.execArgv, NODE_MAIN, ...argv.filter((a) => !/^--background(=|$)/.test(a))], {
    detached: true,
    stdio: ['ignore', fd, fd, 'ipc'],
    env: process.env,
  });
  closeSync(fd);
  const outcome = await new Promise<'listening' | 'exited' | 'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), START_TIMEOUT_MS);
    child.once('message', (m: { listening?: boolean }) => {
      if (m.listening) {
        clearTimeout(timer);
        resolve('listening');
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve('exited');
    });
  });
  if (outcome !== 'listening') {
    if (outcome === 'timeout') child.kill('SIGKILL');
    const why = tail(logFile).split('\n').filter((l) => l.startsWith('ERROR')).join('\n') || tail(logFile);
    throw new UsageError(outcome === 'timeout' ? `node did not start within ${START_TIMEOUT_MS / 1000}s; ${logFile}:\n${why}` : why.replace(/^ERROR: /, ''));
  }
  if (cfg.pidFile) writeFileSync(cfg.pidFile, `${child.pid}\n`);
  child.disconnect();
  child.unref();
  process.stdout.write('*\n* initial startup completed.\n* Node will now attempt to join a running cluster, or wait for `cockroach init`.\n* Client connections will be accepted after this completes successfully.\n* Check the log file(s) for progress.\n*\n');
  return 0;
};
