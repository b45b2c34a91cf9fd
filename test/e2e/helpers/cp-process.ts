// Starts the BUILT cp (node dist/cli/cpctl.js serve, as `npm start` does) on a free loopback port against a fresh
// PostgreSQL database, with the embedded development IdP (no issuer configured). `npm test` builds first.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.js';

export type CpProcess = { url: string; db: TestDatabase; logs: string[]; stop: () => Promise<void> };

export { freePort } from '../../helpers/net.js';
import { freePort } from '../../helpers/net.js';
import { createPgDb } from '../../../src/infra/db/pg-db.js';
import { installFixturePlaybooks, seedClusterConfig, testAnsibleSettings } from '../../helpers/clusters.js';

const waitReady = async (url: string, child: ChildProcess, logs: string[]) => {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`cp exited with ${child.exitCode}:\n${logs.join('')}`);
    try {
      const r = await fetch(`${url}/api/readyz`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`cp did not become ready at ${url}:\n${logs.join('')}`);
};

export const startCp = async (env: Record<string, string> = {}): Promise<CpProcess> => {
  for (const f of ['dist/cli/cpctl.js', 'dist/webapp/index.html']) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run "npm run build" first (npm test does)`);
  }
  const db = await createTestDatabase('e2e');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const child = spawn(process.execPath, ['dist/cli/cpctl.js', 'serve'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      CP_HOST: '127.0.0.1',
      CP_PORT: String(port),
      CP_PUBLIC_URL: url,
      DATABASE_URL: db.url,
      CP_MASTER_KEY: randomBytes(32).toString('base64'),
      CP_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => logs.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => logs.push(b.toString()));
  try {
    await waitReady(url, child, logs);
  } catch (err) {
    child.kill('SIGKILL');
    await db.drop();
    throw err;
  }
  return {
    url,
    db,
    logs,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await db.drop();
    },
  };
};

/**
 * A built cp that can run clusters on the sshd test hosts: the worker's Ansible settings, health checks over HTTPS on
 * :8080, and what an admin configures before the first cluster (regions, option values, and the fixture playbooks
 * that start CockroachDB stand-in nodes over SSH instead of creating VMs).
 */
export const startClusterCp = async (env: Record<string, string> = {}): Promise<CpProcess> => {
  const ansible = testAnsibleSettings();
  const cp = await startCp({
    CP_ANSIBLE_PLAYBOOK_BIN: ansible.playbookBin,
    CP_ANSIBLE_SSH_KEY: ansible.sshKeyPath ?? '',
    CP_ANSIBLE_SSH_ARGS: ansible.sshArgs ?? '',
    CP_HEALTHCHECK_SCHEME: 'https',
    CP_HEALTHCHECK_PORT: '8080',
    ...env,
  });
  const db = createPgDb({ connectionString: cp.db.url, poolMax: 1 });
  try {
    await seedClusterConfig(db);
    await installFixturePlaybooks(db);
  } finally {
    await db.close();
  }
  return cp;
};
