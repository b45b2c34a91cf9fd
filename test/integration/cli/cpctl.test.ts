// cpctl against a real cp over HTTP (no mocks): profiles, output formats, filters, admin commands, exit codes, and
// --wait / jobs logs -f following real jobs to their end. cpctl runs as a child process with its own HOME.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { TestApiKey } from '../../helpers/auth.js';
import { runCpctl, startCliCp, tempHome, type CliCp } from './cli-harness.js';

describe('cpctl over HTTP', () => {
  let cp: CliCp;
  let admin: TestApiKey;
  let home: ReturnType<typeof tempHome>;
  /** cpctl with the logged-in profile of this file's HOME. */
  const cpctl = (args: string[], env: Record<string, string> = {}, input?: string) => runCpctl(args, { home: home.dir, env, ...(input !== undefined ? { input } : {}) });
  const configFile = () => join(home.xdg, 'cpctl', 'config.yaml');

  before(async () => {
    cp = await startCliCp('cli');
    admin = await cp.newKey(['CP_ADMIN'], ['team-a']);
    home = tempHome();
  });
  after(async () => {
    await cp?.stop();
    home?.remove();
  });

  describe('login and profiles', () => {
    it('login checks the key, writes the profile with mode 0600 and never prints the secret', async () => {
      const r = await cpctl(['login', '--url', cp.url, '--key', admin.accessKey, '--secret-stdin'], {}, `${admin.secret}\n`);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`Logged in to ${cp.url} as ${admin.accessKey} \\(CP_ADMIN; groups team-a\\)`));
      assert.ok(!r.stdout.includes(admin.secret) && !r.stderr.includes(admin.secret), 'the secret is never printed');
      assert.equal(statSync(configFile()).mode & 0o777, 0o600);
      assert.equal(statSync(join(home.xdg, 'cpctl')).mode & 0o777, 0o700);
      const file = parse(readFileSync(configFile(), 'utf8')) as { current_profile: string; profiles: Record<string, { secret: string }> };
      assert.equal(file.current_profile, 'default');
      assert.equal(file.profiles.default!.secret, admin.secret);
      assert.ok(!existsSync(join(home.dir, '.config')), 'XDG_CONFIG_HOME is honoured, ~/.config untouched');

      const list = await cpctl(['profiles', 'list']);
      assert.equal(list.code, 0);
      assert.match(list.stdout, /\*\s+default\s+http:\/\/127\.0\.0\.1:\d+\s+cp-/);
      assert.ok(!list.stdout.includes(admin.secret));
      const who = await cpctl(['whoami', '-o', 'json']);
      assert.equal(who.code, 0, who.stderr);
      assert.equal((JSON.parse(who.stdout) as { actor: string }).actor, admin.accessKey);
    });

    it('a bad secret is a 401 with the server\'s message (exit 1); a wrong login is refused before saving', async () => {
      const r = await cpctl(['login', '--profile', 'bad', '--url', cp.url, '--key', admin.accessKey, '--secret', 'wrong']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^cpctl: Invalid API key signature\. \(HTTP 401 UNAUTHENTICATED, request id [\w-]+\)/);
      assert.ok(!readFileSync(configFile(), 'utf8').includes('bad:'), 'nothing saved');
    });

    it('--config and env overrides: CP_URL/CP_API_KEY/CP_API_SECRET work without any file; an unknown profile is a usage error', async () => {
      const other = join(home.dir, 'elsewhere.yaml');
      const env = { CP_URL: cp.url, CP_API_KEY: admin.accessKey, CP_API_SECRET: admin.secret };
      const r = await cpctl(['--config', other, 'clusters', 'list', '-q'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!existsSync(other));
      const none = await cpctl(['--config', other, 'clusters', 'list']);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /not logged in/);
      const unknown = await cpctl(['clusters', 'list', '--profile', 'nope']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /no profile "nope" .*profiles: default/);
    });
  });

  describe('output formats', () => {
    before(async () => {
      await cp.db.query(
        `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, regions, created_by, updated_by)
         VALUES ('alpha-one', 'team-a', 'ACTIVE', 'v24.1.3', 3, 4, 100, '{aws:us-east-1}', 'test', 'test'),
                ('beta-two-with-a-rather-long-name', 'team-b', 'CREATE_FAILED', 'v24.1.3', 3, 2, 10, '{aws:eu-west-1,aws:us-east-1}', 'test', 'test')`,
      );
    });

    it('clusters list -o json parses and carries the OpenAPI field names; -o yaml parses to the same', async () => {
      const j = await cpctl(['clusters', 'list', '-o', 'json']);
      assert.equal(j.code, 0, j.stderr);
      const rows = JSON.parse(j.stdout) as { cluster_id: string; total_nodes: number; lbs_inventory: unknown[] }[];
      assert.deepEqual(rows.map((r) => r.cluster_id).sort(), ['alpha-one', 'beta-two-with-a-rather-long-name']);
      assert.equal(rows.find((r) => r.cluster_id === 'beta-two-with-a-rather-long-name')!.total_nodes, 6);
      assert.ok(Array.isArray(rows[0]!.lbs_inventory));
      const y = await cpctl(['clusters', 'list', '--output', 'yaml']);
      assert.equal(y.code, 0);
      assert.deepEqual(parse(y.stdout), rows);
      const one = await cpctl(['clusters', 'get', 'alpha-one', '-o', 'json']);
      assert.equal((JSON.parse(one.stdout) as { regions: string[] }).regions[0], 'aws:us-east-1');
    });

    it('tables fit the width (COLUMNS) and keep ids whole; --quiet prints ids only; filters reach the API', async () => {
      const wide = await cpctl(['clusters', 'list']);
      assert.match(wide.stdout.split('\n')[0]!, /^NAME\s+STATUS\s+VERSION\s+NODES\s+VCPUS\s+DISK\s+REGIONS\s+GROUP\s+CREATED$/);
      const narrow = await cpctl(['clusters', 'list'], { COLUMNS: '60' });
      assert.equal(narrow.code, 0);
      const lines = narrow.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 3);
      for (const l of lines) assert.ok(l.length <= 60, `"${l}" fits 60 columns`);
      assert.ok(lines.some((l) => l.startsWith('beta-two-with-a-rather-long-name ')), 'the id column is never cut');
      const q = await cpctl(['clusters', 'list', '-q', '--status', 'ACTIVE']);
      assert.equal(q.stdout, 'alpha-one\n');
      const g = await cpctl(['clusters', 'list', '-q', '--group', 'team-b']);
      assert.equal(g.stdout, 'beta-two-with-a-rather-long-name\n');
    });
  });

  describe('admin and events', () => {
    it('admin versions add / list / delete, audited; events list filters by action and actor', async () => {
      const add = await cpctl(['admin', 'versions', 'add', 'v99.1.0']);
      assert.equal(add.code, 0, add.stderr);
      assert.match(add.stdout, /Added v99\.1\.0/);
      const list = await cpctl(['admin', 'versions', 'list', '-q']);
      assert.ok(list.stdout.split('\n').includes('v99.1.0'));
      const dup = await cpctl(['admin', 'versions', 'add', 'v99.1.0']);
      assert.equal(dup.code, 1);
      assert.match(dup.stderr, /^cpctl: .*\(HTTP 409 CONFLICT, request id/);
      const del = await cpctl(['admin', 'versions', 'delete', 'v99.1.0', '-o', 'json']);
      assert.equal(del.code, 0, del.stderr);
      assert.deepEqual((JSON.parse(del.stdout) as { deleted: { version: string } }).deleted, { version: 'v99.1.0' });
      const after = await cpctl(['admin', 'versions', 'list', '-q']);
      assert.ok(!after.stdout.split('\n').includes('v99.1.0'));

      const ev = await cpctl(['events', 'list', '--actor', admin.accessKey, '-o', 'json']);
      assert.equal(ev.code, 0, ev.stderr);
      const actions = (JSON.parse(ev.stdout) as { action: string; actor: string }[]).map((e) => e.action);
      assert.ok(actions.length >= 2 && actions.every(Boolean));
      const first = actions[actions.length - 1]!;
      const filtered = await cpctl(['events', 'list', '--action', first, '-o', 'json']);
      const rows = JSON.parse(filtered.stdout) as { action: string }[];
      assert.ok(rows.length >= 1 && rows.every((e) => e.action === first));
      const none = await cpctl(['events', 'list', '--actor', 'nobody-at-all', '-o', 'json']);
      assert.deepEqual(JSON.parse(none.stdout), []);
      const count = await cpctl(['events', 'count', '--action', first, '-q']);
      assert.equal(Number(count.stdout.trim()), rows.length);
    });

    it('admin settings set converts to the setting\'s type; api-keys create prints its secret once; regions add/delete', async () => {
      const set = await cpctl(['admin', 'settings', 'set', 'retention.jobs_days', '30']);
      assert.equal(set.code, 0, set.stderr);
      const got = await cpctl(['admin', 'settings', 'get', 'retention.jobs_days', '-o', 'json']);
      assert.equal((JSON.parse(got.stdout) as { value: string }).value, '30');
      const bad = await cpctl(['admin', 'settings', 'set', 'retention.jobs_days', 'soon']);
      assert.equal(bad.code, 2);
      await cpctl(['admin', 'settings', 'reset', 'retention.jobs_days']);

      const key = await cpctl(['admin', 'api-keys', 'create', '--roles', 'CP_READONLY', '--valid-for', '1h', '-o', 'json']);
      assert.equal(key.code, 0, key.stderr);
      const k = JSON.parse(key.stdout) as { access_key: string; secret: string };
      assert.ok(k.secret.length > 20);
      const keys = await cpctl(['admin', 'api-keys', 'list', '-o', 'json']);
      assert.ok(!keys.stdout.includes(k.secret) && keys.stdout.includes(k.access_key));
      // The new read-only key works through the env overrides and is refused admin routes with the server's message.
      const ro = await cpctl(['admin', 'versions', 'list'], { CP_API_KEY: k.access_key, CP_API_SECRET: k.secret });
      assert.equal(ro.code, 1);
      assert.match(ro.stderr, /HTTP 403 FORBIDDEN/);
      assert.equal((await cpctl(['admin', 'api-keys', 'delete', k.access_key, '-q'])).code, 0);

      const reg = await cpctl(['admin', 'regions', 'add', 'test:cli:a', '--vpc-id', 'vpc-9', '--security-groups', 'sg-1,sg-2']);
      assert.equal(reg.code, 0, reg.stderr);
      const regs = await cpctl(['admin', 'regions', 'list', '-q']);
      assert.ok(regs.stdout.split('\n').includes('test:cli:a'));
      assert.equal((await cpctl(['admin', 'regions', 'delete', 'test', 'cli', 'a'])).code, 0);
    });
  });

  describe('usage and exit codes', () => {
    it('2 for usage mistakes, with a pointer to --help; 1 with the server\'s message for refused requests', async () => {
      for (const args of [['clusters', 'frobnicate'], ['clusters', 'get'], ['clusters', 'list', '--bogus'], ['clusters', 'list', '-o', 'xml'], ['clusters', 'create', 'x1x']]) {
        const r = await cpctl(args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /^cpctl: /);
      }
      const missing = await cpctl(['clusters', 'get', 'no-such-cluster']);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /^cpctl: .+ \(HTTP 404 NOT_FOUND, request id [\w-]+\)\n$/);
      const invalid = await cpctl(['clusters', 'create', 'Bad_Name', '--node-count', '3', '--cpus', '2', '--disk', '10', '--regions', 'test:local', '--version', 'v24.1.3', '--group', 'team-a']);
      assert.equal(invalid.code, 1);
      assert.match(invalid.stderr, /HTTP 400 VALIDATION_FAILED/);
    });

    it('--help on every command has examples; nouns list their verbs; completion scripts and candidates', async () => {
      const help = await cpctl(['clusters', 'create', '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /Usage: cpctl clusters create <name> \[options\][\s\S]*--wait[\s\S]*Examples:\n {2}cpctl clusters create /);
      const noun = await cpctl(['admin', '--help']);
      assert.equal(noun.code, 0);
      for (const w of ['settings', 'versions', 'regions', 'playbooks', 'api-keys', 'templates', 'schedules']) assert.match(noun.stdout, new RegExp(`\\n {2}${w} `));
      const top = await cpctl(['--help']);
      assert.match(top.stdout, /clusters\s+Create, scale/);
      const bash = await cpctl(['completion', 'bash']);
      assert.match(bash.stdout, /complete -o default -F _cpctl cpctl/);
      assert.match((await cpctl(['completion', 'zsh'])).stdout, /#compdef cpctl/);
      const verbs = await cpctl(['__complete', 'clusters']);
      assert.deepEqual(verbs.stdout.trim().split('\n').slice(0, 3), ['list', 'get', 'create']);
      const opts = await cpctl(['__complete', 'clusters', 'delete']);
      assert.ok(['--dry-run', '--wait', '--yes', '--output'].every((o) => opts.stdout.split('\n').includes(o)));
      assert.equal((await cpctl(['__complete', 'jobs', 'list', '--status'])).stdout, 'QUEUED\nRUNNING\nSUCCEEDED\nFAILED\nCANCELLED\n');
    });
  });

  describe('--wait and jobs logs follow real jobs', () => {
    it('admin schedules run --wait streams the task lines of a RETENTION_SWEEP to stderr and exits 0; -o json prints the job', async () => {
      const r = await cpctl(['admin', 'schedules', 'run', 'retention-sweeper', '--wait']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /Running schedule retention-sweeper: job [\w-]+\. Following it/);
      assert.match(r.stderr, /\d\d:\d\d:\d\d Retention sweep: jobs: \d+ deleted\n\s+events: \d+ deleted/);
      assert.ok(!r.stderr.includes('\u001b['), 'no escape codes without a terminal');
      assert.match(r.stdout, /^Job [\w-]+ \(RETENTION_SWEEP\) SUCCEEDED in \d+ s\n$/);

      const j = await cpctl(['admin', 'schedules', 'run', 'retention-sweeper', '--wait', '-o', 'json']);
      assert.equal(j.code, 0, j.stderr);
      const job = JSON.parse(j.stdout) as { job_id: string; status: string; kind: string };
      assert.equal(job.status, 'SUCCEEDED');

      const logs = await cpctl(['jobs', 'logs', job.job_id]);
      assert.match(logs.stdout, /Retention sweep: jobs: \d+ deleted/);
      const follow = await cpctl(['jobs', 'logs', '-f', job.job_id]);
      assert.equal(follow.code, 0);
      assert.match(follow.stdout, /Retention sweep/);
      assert.match(follow.stderr, /SUCCEEDED/);
      const get = await cpctl(['jobs', 'get', job.job_id, '-o', 'json']);
      assert.equal((JSON.parse(get.stdout) as { job: { kind: string } }).job.kind, 'RETENTION_SWEEP');
      const list = await cpctl(['jobs', 'list', '--kind', 'RETENTION_SWEEP', '-q']);
      assert.ok(list.stdout.split('\n').includes(job.job_id));
    });

    it('a failed job exits 1 with its error; a cancelled one 3; a timed-out wait 4 and says how to follow again', async () => {
      // A real CREATE_CLUSTER that fails: the admin installs (through cpctl) a CREATE_CLUSTER playbook that refuses.
      await cp.db.query(`INSERT INTO regions (cloud, region, zone, vpc_id, subnet, image, security_groups, extras) VALUES ('test', 'local', 'a', 'v', 's', 'i', '{}', '{}') ON CONFLICT DO NOTHING`);
      await cp.db.query(`INSERT INTO versions (version) VALUES ('v24.1.3') ON CONFLICT DO NOTHING`);
      await cp.db.query(`INSERT INTO node_counts (node_count) VALUES (3) ON CONFLICT DO NOTHING`);
      await cp.db.query(`INSERT INTO cpu_counts (cpu_count) VALUES (2) ON CONFLICT DO NOTHING`);
      await cp.db.query(`INSERT INTO disk_sizes (size_gb) VALUES (10) ON CONFLICT DO NOTHING`);
      const broken = join(home.dir, 'broken.yml');
      writeFileSync(broken, '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Refuse on purpose\n      ansible.builtin.fail:\n        msg: refused by the cpctl test\n');
      const pb = await cpctl(['admin', 'playbooks', 'add', 'CREATE_CLUSTER', '-f', broken, '--comment', 'fails', '--default']);
      assert.equal(pb.code, 0, pb.stderr);
      const r = await cpctl(['clusters', 'create', 'doomed-one', '--node-count', '3', '--cpus', '2', '--disk', '10', '--regions', 'test:local', '--version', 'v24.1.3', '--group', 'team-a', '--wait']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /TASK \[Refuse on purpose\]/);
      assert.match(r.stdout, /^Job [\w-]+ \(CREATE_CLUSTER, cluster doomed-one\) FAILED/);

      // A job due only in an hour stays QUEUED: --timeout gives up with 4 (the job untouched), cancel --wait ends in 3.
      const { rows } = await cp.db.query<{ job_id: string }>(
        `INSERT INTO jobs (kind, payload, run_at, created_by) VALUES ('RETENTION_SWEEP', '{}', now() + interval '1 hour', 'test') RETURNING job_id`,
      );
      const id = rows[0]!.job_id;
      const timedOut = await cpctl(['jobs', 'logs', '-f', id, '--timeout', '1s']);
      assert.equal(timedOut.code, 4);
      assert.match(timedOut.stderr, new RegExp(`Gave up waiting for job ${id} \\(QUEUED\\); it keeps running\\. Follow it again with: cpctl jobs logs -f ${id}`));
      // Ctrl-C stops following, not the job.
      let interrupted = false;
      const sigint = await runCpctl(['jobs', 'logs', '-f', id], {
        home: home.dir,
        onStderr: (text, child) => {
          if (!interrupted && text.includes('is QUEUED')) {
            interrupted = true;
            child.kill('SIGINT');
          }
        },
      });
      assert.equal(sigint.code, 130, sigint.stderr);
      assert.match(sigint.stderr, new RegExp(`Stopped following job ${id}; it keeps running\\. Follow it again with: cpctl jobs logs -f ${id}`));
      const still = await cpctl(['jobs', 'get', id, '-o', 'json']);
      assert.equal((JSON.parse(still.stdout) as { job: { status: string } }).job.status, 'QUEUED');
      const cancelled = await cpctl(['jobs', 'cancel', id, '--wait']);
      assert.equal(cancelled.code, 3, cancelled.stderr);
      assert.match(cancelled.stdout, /CANCELLED/);
      const bad = await cpctl(['jobs', 'logs', id, '--timeout', 'soon']);
      assert.equal(bad.code, 2);
    });
  });
});
