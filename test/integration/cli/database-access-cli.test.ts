// cpctl databases|users|roles|drift against a real cp and ONE real (stand-in) cluster for the whole file (a cluster
// takes a while): create database app, a user with a generated password printed once (-q prints only it), grant,
// revoke, roles list/sync, drift show/fix (a role dropped by hand), delete the database with --dry-run first.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { insertRoleTemplate } from '../../../src/repositories/database-role-templates.repository.js';
import type { TestApiKey } from '../../helpers/auth.js';
import { destroyTestCluster, installFixturePlaybooks, seedClusterConfig } from '../../helpers/clusters.js';
import { runCpctl, startCliCp, tempHome, type CliCp } from './cli-harness.js';

describe('cpctl database access on a real cluster', () => {
  let cp: CliCp;
  let key: TestApiKey;
  let home: ReturnType<typeof tempHome>;
  const name = `cli-acc-${randomBytes(3).toString('hex')}`;
  const cpctl = (args: string[], input?: string) => runCpctl(args, { home: home.dir, timeoutMs: 300_000, ...(input !== undefined ? { input } : {}) });
  const json = <T>(s: string) => JSON.parse(s) as T;

  before(async () => {
    cp = await startCliCp('cli_access');
    await seedClusterConfig(cp.db);
    await installFixturePlaybooks(cp.db);
    await insertRoleTemplate(cp.db, { name: 'readwrite', scope_type: 'database', description: '',
      sql_statement: 'CREATE ROLE IF NOT EXISTS {database_role}; GRANT CONNECT, CREATE ON DATABASE {database_name} TO {database_role};' }, 'test');
    await insertRoleTemplate(cp.db, { name: 'readonly', scope_type: 'database', description: '',
      sql_statement: 'CREATE ROLE IF NOT EXISTS {database_role}; GRANT CONNECT ON DATABASE {database_name} TO {database_role};' }, 'test');
    key = await cp.newKey(['CP_USER'], ['team-a']);
    home = tempHome();
    const login = await cpctl(['login', '--url', cp.url, '--key', key.accessKey, '--secret-stdin'], `${key.secret}\n`);
    assert.equal(login.code, 0, login.stderr);
    const made = await cpctl(['clusters', 'create', name, '--node-count', '3', '--cpus', '2', '--disk', '10', '--regions', 'test:local', '--version', 'v24.1.3', '--group', 'team-a', '--wait']);
    assert.equal(made.code, 0, made.stderr);
  });
  after(async () => {
    if (home) await cpctl(['clusters', 'delete', name, '--yes', '--wait']).catch(() => undefined);
    await cp?.stop();
    home?.remove();
    await destroyTestCluster(name);
  });

  it('databases create/list; bad names are refused (exit 1, the rule)', async () => {
    const bad = await cpctl(['databases', 'create', name, 'Bad"; DROP']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /HTTP 400/);
    const r = await cpctl(['databases', 'create', name, 'app']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Created database app with roles .*app_readwrite/);
    const list = await cpctl(['databases', 'list', name]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^DATABASE\s+ORIGIN\s+ON CLUSTER\s+ROLES/);
    assert.match(list.stdout, /app\s+cp\s+yes\s+app_readonly,app_readwrite/);
    assert.deepEqual((await cpctl(['databases', 'list', name, '-q'])).stdout.trim().split('\n'), ['app']);
  });

  it('users create prints the generated password once; grant, revoke, password, list', async () => {
    const c = await cpctl(['users', 'create', name, 'alice', '--roles', 'app_readwrite', '-q']);
    assert.equal(c.code, 0, c.stderr);
    const pw = c.stdout.trim();
    assert.ok(pw.length >= 16 && !pw.includes(' '), `only the password with -q: ${pw}`);
    const list = await cpctl(['users', 'list', name, '-o', 'json']);
    const alice = json<{ username: string; member_of: string[]; managed: boolean }[]>(list.stdout).find((u) => u.username === 'alice');
    assert.deepEqual(alice?.member_of, ['app_readwrite']);
    assert.equal(alice?.managed, true);
    assert.match((await cpctl(['users', 'list', name])).stdout, /root\s+admin\s+no\s+yes/);

    const g = await cpctl(['users', 'grant', name, 'alice', '--roles', 'app_readonly']);
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stdout, /^Granted app_readonly to alice\./);
    const held = async () => json<{ username: string; member_of: string[] }[]>((await cpctl(['users', 'list', name, '-o', 'json'])).stdout).find((u) => u.username === 'alice')?.member_of.sort();
    assert.deepEqual(await held(), ['app_readonly', 'app_readwrite']);
    const v = await cpctl(['users', 'revoke', name, 'alice', '--roles', 'app_readonly']);
    assert.match(v.stdout, /^Revoked app_readonly from alice\./);
    assert.deepEqual(await held(), ['app_readwrite']);
    assert.equal((await cpctl(['users', 'grant', name, 'alice'])).code, 2, 'no --roles: usage error');

    const p = await cpctl(['users', 'password', name, 'alice']);
    assert.equal(p.code, 0, p.stderr);
    const newPw = /password: (\S+)/.exec(p.stdout)?.[1];
    assert.ok(newPw && newPw !== pw);
    assert.match(p.stderr, /does not show it again/);
    const prot = await cpctl(['users', 'delete', name, 'dbadmin', '--yes']);
    assert.equal(prot.code, 1);
    assert.match(prot.stderr, /HTTP 403/);
  });

  it('roles list/sync; drift show/fix', async () => {
    const roles = await cpctl(['roles', 'list', name]);
    assert.match(roles.stdout, /app_readwrite\s+readwrite\s+database app\s+alice/);
    const sync = await cpctl(['roles', 'sync', name, '-o', 'json']);
    assert.equal(sync.code, 0, sync.stderr);
    assert.ok(Array.isArray(json<{ roles_materialised: string[] }>(sync.stdout).roles_materialised));
    const show = await cpctl(['drift', 'show', name]);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /^In sync/);
    const dry = await cpctl(['drift', 'fix', name, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Nothing to fix/);
  });

  it('databases delete --dry-run lists roles and revokes; then deletes', async () => {
    const dry = await cpctl(['databases', 'delete', name, 'app', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Dry run: would drop database app/);
    assert.match(dry.stdout, /alice\s+app_readwrite/);
    assert.deepEqual((await cpctl(['databases', 'list', name, '-q'])).stdout.trim().split('\n'), ['app'], 'dry run changed nothing');
    const del = await cpctl(['databases', 'delete', name, 'app', '--yes']);
    assert.equal(del.code, 0, del.stderr);
    assert.match(del.stdout, /Dropped database app/);
    assert.equal((await cpctl(['databases', 'list', name, '-q'])).stdout.trim(), '');
    assert.equal((await cpctl(['users', 'delete', name, 'alice', '--yes'])).code, 0);
  });
});
