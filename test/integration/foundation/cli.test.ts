// cpctl as a user runs it: separate OS processes, real ports, real PostgreSQL / PGlite data directories.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createPgliteDb } from '../../../src/infra/db/pglite-db.js';
import { createPgDb } from '../../../src/infra/db/pg-db.js';
import { createTestDatabase } from '../../helpers/pg.js';
import { freePort } from '../../helpers/net.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CPCTL = path.join(ROOT, 'src/cli/cpctl.ts');


type Proc = { child: ChildProcess; out: () => string; exit: Promise<number | null> };

const cpctl = (args: string[], env: NodeJS.ProcessEnv): Proc => {
  const child = spawn(process.execPath, ['--import', 'tsx', CPCTL, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buf = '';
  child.stdout.on('data', (d: Buffer) => (buf += d.toString()));
  child.stderr.on('data', (d: Buffer) => (buf += d.toString()));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => buf, exit };
};

const waitReady = async (port: number, proc: Proc, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`cpctl exited early:\n${proc.out()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/readyz`);
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready after ${timeoutMs} ms:\n${proc.out()}`);
};

const stop = async (proc: Proc) => {
  proc.child.kill('SIGTERM');
  return proc.exit;
};

describe('cpctl', () => {
  it('--help lists the commands', async () => {
    const p = cpctl(['--help'], {});
    assert.equal(await p.exit, 0);
    assert.match(p.out(), /serve/);
    assert.match(p.out(), /migrate/);
  });

  for (const [variable, value] of [
    ['CP_PORT', 'not-a-port'],
    ['DATABASE_URL', 'mysql://nope'],
    ['CP_MASTER_KEY', 'too-short'],
    ['CP_ROLES', 'api,bogus'],
  ] as const) {
    it(`exits non-zero with one line naming ${variable} when it is malformed`, async () => {
      const p = cpctl(['serve'], { [variable]: value, CP_DATA_DIR: path.join(tmpdir(), 'cp-never-used') });
      assert.equal(await p.exit, 2);
      const lines = p.out().trim().split('\n');
      assert.equal(lines.length, 1, p.out());
      assert.match(lines[0]!, new RegExp(`^cpctl: invalid configuration: ${variable} `));
    });
  }

  it('serves on the embedded PGlite, keeps data across a restart, and refuses a second process on the same data dir', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cp-embedded-'));
    const port = await freePort();
    const env = { CP_DATA_DIR: dataDir, CP_PORT: String(port), CP_LOG_LEVEL: 'warn' };
    try {
      const first = cpctl(['serve'], env);
      await waitReady(port, first);
      assert.match(first.out(), /GENERATED MASTER KEY/, 'the embedded default warns loudly about its generated key');
      const second = cpctl(['serve'], { ...env, CP_PORT: String(await freePort()) });
      assert.equal(await second.exit, 1);
      assert.match(second.out(), /another cp process .* is using the embedded database/);
      assert.equal(await stop(first), 0);

      const db = await createPgliteDb({ dataDir: path.join(dataDir, 'pgdata') });
      await db.query(`INSERT INTO versions (version, created_by) VALUES ('v42.1.0', 'test')`);
      await db.close();

      const again = cpctl(['serve'], env);
      await waitReady(port, again);
      assert.equal(await stop(again), 0);
      const db2 = await createPgliteDb({ dataDir: path.join(dataDir, 'pgdata') });
      assert.equal((await db2.query(`SELECT 1 FROM versions WHERE version = 'v42.1.0'`)).rows.length, 1);
      await db2.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('two instances started at the same moment on PostgreSQL migrate once and both become ready', async () => {
    const tdb = await createTestDatabase('twoinstances');
    const [p1, p2] = [await freePort(), await freePort()];
    const common = { DATABASE_URL: tdb.url, CP_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), CP_LOG_LEVEL: 'info' };
    const a = cpctl(['serve'], { ...common, CP_PORT: String(p1) });
    const b = cpctl(['serve'], { ...common, CP_PORT: String(p2) });
    try {
      await Promise.all([waitReady(p1, a), waitReady(p2, b)]);
      const applied = [a, b].map((p) => (p.out().match(/"migration applied"/g) ?? []).length).sort();
      assert.equal(applied[0], 0, 'one instance applied nothing');
      assert.ok(applied[1]! >= 2, 'the other applied every migration');
      const db = createPgDb({ connectionString: tdb.url, poolMax: 1 });
      const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM schema_migrations`);
      await db.close();
      assert.equal(rows[0]!.n, applied[1]);
    } finally {
      await Promise.all([stop(a), stop(b)]);
      await tdb.drop();
    }
  });

  it('migrate applies pending migrations and reports an up-to-date database', async () => {
    const tdb = await createTestDatabase('migratecmd');
    try {
      const first = cpctl(['migrate'], { DATABASE_URL: tdb.url, CP_LOG_LEVEL: 'warn' });
      assert.equal(await first.exit, 0, first.out());
      assert.match(first.out(), /applied 0001_schema\.sql/);
      const second = cpctl(['migrate'], { DATABASE_URL: tdb.url, CP_LOG_LEVEL: 'warn' });
      assert.equal(await second.exit, 0);
      assert.match(second.out(), /already up to date/);
    } finally {
      await tdb.drop();
    }
  });
});
