// A real cp for the cpctl tests: startCp (what `cpctl serve` runs: HTTP API, worker and scheduler with the
// production job kinds) on a free loopback port against a fresh PostgreSQL database, with Ansible pointed at the
// sshd test hosts. cpctl itself runs as a child process (node --import tsx src/cli/cpctl.ts) with HOME and
// XDG_CONFIG_HOME in a temporary folder, so no test ever reads or writes the real home directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/env.js';
import { createKeyring, createSecretBox } from '../../../src/infra/crypto/secrets.js';
import { createLogger } from '../../../src/infra/logging/logger.js';
import { startCp, type CpHandle } from '../../../src/main.js';
import type { Role } from '../../../src/auth/roles.js';
import { createTestApiKey, type TestApiKey } from '../../helpers/auth.js';
import { testAnsibleSettings } from '../../helpers/clusters.js';
import { freePort } from '../../helpers/net.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.js';

export type CliCp = {
  url: string;
  handle: CpHandle;
  db: CpHandle['db'];
  newKey: (roles?: Role[], groups?: string[]) => Promise<TestApiKey>;
  stop: () => Promise<void>;
};

export const startCliCp = async (label: string): Promise<CliCp> => {
  const tdb: TestDatabase = await createTestDatabase(label);
  const port = await freePort();
  const ansible = testAnsibleSettings();
  const masterKey = randomBytes(32).toString('base64');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: tdb.url,
    CP_MASTER_KEY: masterKey,
    CP_HOST: '127.0.0.1',
    CP_PORT: String(port),
    CP_LOG_LEVEL: 'silent',
    CP_WORKER_POLL_MS: '100',
    CP_SHUTDOWN_TIMEOUT_MS: '5000',
    CP_ANSIBLE_SSH_KEY: ansible.sshKeyPath!,
    CP_ANSIBLE_SSH_ARGS: ansible.sshArgs!,
  });
  const handle = await startCp(config, { logger: createLogger('silent') });
  const secrets = createSecretBox(createKeyring(config.masterKey!));
  return {
    url: handle.url!,
    handle,
    db: handle.db,
    newKey: (roles = ['CP_ADMIN'], groups = []) => createTestApiKey(handle.db, secrets, { roles, groups }),
    stop: async () => {
      await handle.close();
      await tdb.drop();
    },
  };
};

export type CpctlResult = { code: number | null; stdout: string; stderr: string };

/** A temporary HOME (and XDG_CONFIG_HOME inside it) for one test file. */
export const tempHome = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpctl-home-'));
  return { dir, xdg: join(dir, 'xdg'), remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** Runs cpctl with a clean environment: none of the caller's CP_* variables, HOME in `home`. */
export const runCpctl = (
  args: string[],
  opts: { home: string; xdg?: string; env?: Record<string, string>; input?: string; timeoutMs?: number; onStderr?: (text: string, child: ChildProcess) => void },
): Promise<CpctlResult> =>
  new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^CP_|^CPCTL_|^XDG_|^HOME$|^COLUMNS$/.test(k)) env[k] = v;
    Object.assign(env, { HOME: opts.home, XDG_CONFIG_HOME: opts.xdg ?? join(opts.home, 'xdg'), CPCTL_POLL_MS: '200', ...opts.env });
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/cpctl.ts', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      opts.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
