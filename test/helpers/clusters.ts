// Cluster lifecycle fixtures: the admin configuration a cluster needs (regions, option values, the fixture playbooks
// of test/fixtures/playbooks as default versions), a job worker running the real cluster kinds with the real
// Ansible runner against the sshd test hosts, and per-node /health endpoints on loopback addresses.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
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

export type ClusterWorkerOptions = { leaseMs?: number; healthPort?: number; ansible?: Partial<AnsibleSettings> };

/** The cluster kinds + a worker on `db` (real Ansible runner); pass `jobs` to buildApp so enqueues wake it. */
export const startClusterWorker = (db: Db, secrets: SecretBox, opts: ClusterWorkerOptions = {}) => {
  const settings = createSettingsReader({ db, secrets, ttlMs: 0 });
  const registry = createJobRegistry(createClusterJobKinds({
    db, secrets, settings,
    ansible: createAnsibleRunner({ ...testAnsibleSettings(), ...opts.ansible }),
    healthcheck: { scheme: 'http', port: opts.healthPort ?? 8080 },
  }));
  const wake = createWakeSignal();
  const queue = createJobQueue({ db, registry, wake });
  const worker = createWorker({ db, registry, wake, logger: createLogger('silent') }, {
    concurrency: 4, pollMs: 200, leaseMs: opts.leaseMs ?? 5_000, shutdownTimeoutMs: 2_000,
  });
  worker.start();
  return { registry, queue, worker, jobs: { registry, queue } };
};

/** A /health?ready=1 endpoint per node address, all on one port; `setReady(ip, false)` makes that node fail. */
export const startHealthEndpoints = async (ips: string[]) => {
  const ready = new Map(ips.map((ip) => [ip, true]));
  const servers: http.Server[] = [];
  const handler = (ip: string) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const ok = req.url === '/health?ready=1' && ready.get(ip) === true;
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(ok ? '{}' : '{"error":"node is not ready"}');
  };
  let port = 0;
  for (const ip of ips) {
    const s = http.createServer(handler(ip));
    await new Promise<void>((resolve, reject) => s.once('error', reject).listen(port, ip, () => resolve()));
    port = (s.address() as AddressInfo).port;
    servers.push(s);
  }
  return {
    port,
    setReady: (ip: string, v: boolean) => ready.set(ip, v),
    close: () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))),
  };
};

export const createBody = (name: string, over: Record<string, unknown> = {}) => ({
  name, node_count: 3, node_cpus: 2, disk_size: 10, regions: ['test:local'], version: 'v24.1.3', group: 'team-a', ...over,
});
