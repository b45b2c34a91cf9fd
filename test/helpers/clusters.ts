// Cluster lifecycle fixtures: the admin configuration a cluster needs (regions, option values, the fixture playbooks
// of test/fixtures/playbooks as default versions), a job worker running the real cluster kinds with the real
// Ansible runner against the sshd test hosts, and access to the CockroachDB stand-in nodes those playbooks start
// (tools/cockroach-standin): its `cockroach` CLI as a node's installed version, restarts, and a cleanup that stops
// whatever a test left running.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropClusterPgDatabases } from '../../tools/cockroach-standin/catalog/pg-admin.js';
import { clusterKeyFromCa } from '../../tools/cockroach-standin/node/cluster-key.js';
import type { Db, Queryable } from '../../src/infra/db/db.js';
import { createAnsibleRunner, type AnsibleSettings } from '../../src/infra/ansible/runner.js';
import type { SecretBox } from '../../src/infra/crypto/secrets.js';
import { createLogger } from '../../src/infra/logging/logger.js';
import { createJobQueue } from '../../src/jobs/queue.js';
import { createJobRegistry } from '../../src/jobs/registry.js';
import { createWakeSignal } from '../../src/jobs/wake.js';
import { createWorker } from '../../src/jobs/worker.js';
import type { PlaybookName } from '../../src/repositories/playbooks.repository.js';
import { createSettingsReader } from '../../src/services/settings/settings.reader.js';
import { createClusterJobKinds } from '../../src/workers/remote/cluster-kinds.js';

export const FIXTURE_PLAYBOOKS = fileURLToPath(new URL('../fixtures/playbooks/', import.meta.url));
export const TEST_NODES_DIR = '/tmp/cp-test-nodes';

const SSH_KEY = process.env.TEST_SSH_KEY ?? '/tmp/cp-test-sshd/client_ed25519';

export const testAnsibleSettings = (): AnsibleSettings => ({
  playbookBin: process.env.CP_ANSIBLE_PLAYBOOK_BIN ?? 'ansible-playbook',
  sshKeyPath: SSH_KEY,
  // Throw-away host keys on the test sshd; short-lived multiplexing keeps runs fast, and its masters live in the sshd
  // state dir, where `scripts/services.sh stop` finds any that are left.
  sshArgs: `-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ControlMaster=auto -o ControlPersist=2s -o ControlPath=${dirname(SSH_KEY)}/cm-%C`,
});

/** Regions test:local (zones a, b) and test:remote (zone a), and the option values the tests use. */
export const seedClusterConfig = async (q: Queryable) => {
  await q.query(`INSERT INTO regions (cloud, region, zone, vpc_id, subnet, image, security_groups, extras) VALUES
    ('test', 'local', 'a', 'vpc-1', 'subnet-a', 'img', '{sg-1}', '{}'),
    ('test', 'local', 'b', 'vpc-1', 'subnet-b', 'img', '{sg-1}', '{}'),
    ('test', 'remote', 'a', 'vpc-2', 'subnet-r', 'img', '{sg-2}', '{"user": "debian"}')
    ON CONFLICT DO NOTHING`);
  await q.query(`INSERT INTO versions (version) VALUES ('v24.1.3'), ('v24.1.4'), ('v24.2.0'), ('v24.3.1') ON CONFLICT DO NOTHING`);
  await q.query(`INSERT INTO node_counts (node_count) VALUES (1), (2), (3), (4) ON CONFLICT DO NOTHING`);
  await q.query(`INSERT INTO cpu_counts (cpu_count) VALUES (2), (4) ON CONFLICT DO NOTHING`);
  await q.query(`INSERT INTO disk_sizes (size_gb) VALUES (10), (20) ON CONFLICT DO NOTHING`);
};

const ALL: PlaybookName[] = ['CREATE_CLUSTER', 'DELETE_CLUSTER', 'SCALE_CLUSTER_IN', 'SCALE_CLUSTER_OUT', 'SCALE_DISK_SIZE', 'SCALE_NODE_CPUS', 'UPGRADE_CLUSTER'];

/** Saves a fixture file as the newest version of `name` and promotes it (what an admin does in the UI). */
export const installPlaybook = async (q: Queryable, name: PlaybookName, file = `${name}.yml`) => {
  const content = await readFile(`${FIXTURE_PLAYBOOKS}${file}`, 'utf8');
  const { rows } = await q.query<{ v: number }>(`SELECT COALESCE(max(version), 0) + 1 AS v FROM playbooks WHERE name = $1`, [name]);
  const version = Number(rows[0]!.v);
  await q.query(`INSERT INTO playbooks (name, version, content, content_sha256, comment, created_by) VALUES ($1, $2, $3, $4, $5, 'test')`, [
    name, version, content, createHash('sha256').update(content).digest('hex'), `fixture ${file}`,
  ]);
  await q.query(
    `INSERT INTO playbook_defaults (name, version, promoted_by) VALUES ($1, $2, 'test')
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, promoted_at = now(), promoted_by = excluded.promoted_by`,
    [name, version],
  );
};

export const installFixturePlaybooks = async (q: Queryable) => {
  for (const name of ALL) await installPlaybook(q, name);
};

export type ClusterWorkerOptions = { leaseMs?: number; ansible?: Partial<AnsibleSettings> };

/** The cluster kinds + a worker on `db` (real Ansible runner); pass `jobs` to buildApp so enqueues wake it. */
export const startClusterWorker = (db: Db, secrets: SecretBox, opts: ClusterWorkerOptions = {}) => {
  const settings = createSettingsReader({ db, secrets, ttlMs: 0 });
  const registry = createJobRegistry(createClusterJobKinds({
    db, secrets, settings,
    ansible: createAnsibleRunner({ ...testAnsibleSettings(), ...opts.ansible }),
    // The stand-in nodes serve CockroachDB's /health?ready=1 over HTTPS on :8080 with certificates from the cluster CA.
    healthcheck: { scheme: 'https', port: 8080 },
  }));
  const wake = createWakeSignal();
  const queue = createJobQueue({ db, registry, wake });
  const worker = createWorker({ db, registry, wake, logger: createLogger('silent') }, {
    concurrency: 4, pollMs: 200, leaseMs: opts.leaseMs ?? 5_000, shutdownTimeoutMs: 2_000,
  });
  worker.start();
  return { registry, queue, worker, jobs: { registry, queue } };
};

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://cp:cp@127.0.0.1:5432/postgres';
export const nodeDirOf = (cluster: string, ip: string) => `${TEST_NODES_DIR}/${cluster}/${ip}`;

/** Runs a node's installed `cockroach` (its per-version wrapper) as root with the node's certificates. */
export const nodeCockroach = (cluster: string, ip: string, args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const dir = nodeDirOf(cluster, ip);
    execFile(`${dir}/bin/cockroach`, [...args, `--certs-dir=${dir}/certs`, `--host=${ip}:26257`], { env: { ...process.env, COCKROACH_STANDIN_PG_URL: PG_URL }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });

/** `cockroach sql -e` against a node; the tsv output's data rows (header dropped) split into cells. */
export const nodeSql = async (cluster: string, ip: string, sql: string) => {
  const r = await nodeCockroach(cluster, ip, ['sql', '-e', sql]);
  if (r.code !== 0) throw new Error(`cockroach sql on ${ip}: ${r.stderr}`);
  // Only the final newline goes: an empty value is a row of its own (`SHOW CLUSTER SETTING` of an unset setting).
  return r.stdout.replace(/\n$/, '').split('\n').slice(1).map((l) => l.split('\t'));
};

const alive = (pid: number) => {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().startsWith('Z');
  } catch {
    return false;
  }
};

const stopPidFile = async (file: string, signal: NodeJS.Signals = 'SIGTERM') => {
  if (!existsSync(file)) return;
  for (const pid of readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number)) {
    if (!alive(pid)) continue;
    process.kill(pid, signal);
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
};

/** Stops a node (SIGTERM: it drains and exits) and starts it again with its start command, as a rolling restart does. */
export const restartNode = async (cluster: string, ip: string) => {
  const dir = nodeDirOf(cluster, ip);
  await stopPidFile(`${dir}/cockroach.pid`);
  execFileSync(`${dir}/start.sh`, { env: { ...process.env, COCKROACH_STANDIN_PG_URL: PG_URL }, stdio: 'ignore' });
};

/** Stops a node as an operator would (SIGTERM: drain, then exit) and waits until its process is gone. */
export const stopStandinNode = (deploymentDir: string, ip: string) => stopPidFile(`${deploymentDir}/${ip}/cockroach.pid`);

/** Kills a node with SIGKILL (no drain), as a crashed machine. */
export const killNode = (cluster: string, ip: string) => stopPidFile(`${nodeDirOf(cluster, ip)}/cockroach.pid`, 'SIGKILL');

/**
 * A test's safety net: stops every stand-in node and HAProxy a deployment left running (DELETE_CLUSTER normally
 * does), drops its simulated cluster's PostgreSQL databases and removes its directory.
 */
export const destroyTestCluster = async (cluster: string) => {
  const root = `${TEST_NODES_DIR}/${cluster}`;
  if (!existsSync(root)) return;
  const entries = readdirSync(root);
  const pidFiles = entries.filter((e) => e.endsWith('.pid')).map((e) => join(root, e))
    .concat(entries.map((e) => join(root, e, 'cockroach.pid')).filter((f) => existsSync(f)));
  await Promise.all(pidFiles.map((f) => stopPidFile(f)));
  const ca = entries.map((e) => join(root, e, 'certs')).find((d) => existsSync(join(d, 'ca.crt')));
  if (ca) await dropClusterPgDatabases(PG_URL, clusterKeyFromCa(ca)).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
};

/**
 * Drops a simulated cluster's PostgreSQL databases by its CA (the stand-in's cluster key is sha256 of ca.crt, which
 * the playbook wrote from this PEM with or without a final newline) — for after DELETE_CLUSTER removed the files.
 */
export const dropStandinCluster = async (caPem: string | null | undefined) => {
  if (!caPem) return;
  for (const pem of new Set([caPem, caPem.trimEnd(), `${caPem.trimEnd()}\n`])) {
    await dropClusterPgDatabases(PG_URL, createHash('sha256').update(pem).digest('hex').slice(0, 16)).catch(() => undefined);
  }
};

export const createBody = (name: string, over: Record<string, unknown> = {}) => ({
  name, node_count: 3, node_cpus: 2, disk_size: 10, regions: ['test:local'], version: 'v24.1.3', group: 'team-a', ...over,
});
