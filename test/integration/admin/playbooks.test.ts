// Playbooks: the shipped files pass ansible's syntax check and are seeded as version 1 (idempotently, never over
// admin versions); the version lifecycle over HTTP (create → 2, 3; promote; delete non-default; default → 409;
// unknown → 404); YAML rejection with the line; THE default rule (promoted, else newest) as the workers see it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { prepareDatabase } from '../../../src/app/prepare-database.js';
import { findDefaultPlaybook, PLAYBOOK_NAMES } from '../../../src/repositories/playbooks.repository.js';
import { shippedPlaybookPath } from '../../../src/services/playbooks/playbook-seed.js';
import { eventsFor, setupAdmin, type AdminCtx } from '../../helpers/admin.js';

type Version = { name: string; version: number; content_sha256: string; comment: string; created_by: string };
type VersionList = { default_version: number | null; promoted_version: number | null; items: Version[]; next_offset: number | null };
type ErrorBody = { error: { code: string; message: string } };

const PLAY = (tag: string) => `- name: ${tag}\n  hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Data\n      ansible.builtin.debug:\n        msg: ${tag}\n`;

describe('shipped playbooks', () => {
  it('all eight pass ansible-playbook --syntax-check', async () => {
    const files = PLAYBOOK_NAMES.map((n) => shippedPlaybookPath(n));
    const { stdout } = await promisify(execFile)('ansible-playbook', ['--syntax-check', ...files], {
      env: { ...process.env, ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false', ANSIBLE_NOCOLOR: '1' },
      cwd: '/tmp',
      timeout: 120_000,
    });
    for (const n of PLAYBOOK_NAMES) assert.match(stdout, new RegExp(`playbook: .*${n}\\.yml`));
  });

  it('CREATE, SCALE_OUT, SCALE_IN and HEALTHCHECK end with a task named Data (the output contract)', async () => {
    for (const n of ['CREATE_CLUSTER', 'SCALE_CLUSTER_OUT', 'SCALE_CLUSTER_IN', 'HEALTHCHECK_CLUSTER'] as const) {
      assert.match(await readFile(shippedPlaybookPath(n), 'utf8'), /- name: Data\n\s+ansible\.builtin\.debug:/, n);
    }
  });
});

describe('admin playbooks', () => {
  let t: AdminCtx;
  before(async () => {
    t = await setupAdmin('playbooks');
  });
  after(() => t.close());

  it('every playbook is seeded as version 1 with the shipped content', async () => {
    const r = await t.call<{ items: { name: string; versions: number; default_version: number; promoted_version: number | null }[] }>('GET', '/api/admin/playbooks');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((i) => i.name), [...PLAYBOOK_NAMES]);
    for (const i of r.body.items) assert.deepEqual([i.versions, i.default_version, i.promoted_version], [1, 1, null], i.name);
    const v1 = await t.call<{ content: string; is_default: boolean; created_by: string }>('GET', '/api/admin/playbooks/DELETE_CLUSTER/versions/1');
    assert.equal(v1.body.content, await readFile(shippedPlaybookPath('DELETE_CLUSTER'), 'utf8'));
    assert.deepEqual([v1.body.is_default, v1.body.created_by], [true, 'seed']);
  });

  it('lifecycle: create 2 and 3, newest is default, promote, delete non-default, default → 409', async () => {
    const base = '/api/admin/playbooks/UPGRADE_CLUSTER';
    const v2 = await t.call<Version>('POST', `${base}/versions`, { content: PLAY('two'), comment: 'second' });
    assert.equal(v2.status, 201, v2.raw);
    assert.deepEqual([v2.body.version, v2.body.comment, v2.body.created_by], [2, 'second', t.admin.accessKey]);
    const v3 = await t.call<Version>('POST', `${base}/versions`, { content: PLAY('three') });
    assert.equal(v3.body.version, 3);

    let list = (await t.call<VersionList>('GET', `${base}/versions`)).body;
    assert.deepEqual(list.items.map((i) => i.version), [3, 2, 1]);
    assert.deepEqual([list.default_version, list.promoted_version], [3, null], 'nothing promoted: the newest runs');
    assert.equal((await findDefaultPlaybook(t.db, 'UPGRADE_CLUSTER'))?.version, 3);

    const promoted = await t.call('PUT', `${base}/default`, { version: 2 });
    assert.equal(promoted.status, 200, promoted.raw);
    list = (await t.call<VersionList>('GET', `${base}/versions`)).body;
    assert.deepEqual([list.default_version, list.promoted_version], [2, 2]);
    const def = await t.call<{ version: number; content: string }>('GET', `${base}/default`);
    assert.deepEqual([def.body.version, def.body.content], [2, PLAY('two')]);
    assert.equal((await findDefaultPlaybook(t.db, 'UPGRADE_CLUSTER'))?.version, 2, 'the workers see the same default');

    // A newer version does not displace a promoted one.
    await t.call('POST', `${base}/versions`, { content: PLAY('four') });
    assert.equal((await findDefaultPlaybook(t.db, 'UPGRADE_CLUSTER'))?.version, 2);

    const delDefault = await t.call<ErrorBody>('DELETE', `${base}/versions/2`);
    assert.equal(delDefault.status, 409);
    assert.match(delDefault.body.error.message, /default/);
    const del3 = await t.call<{ deleted_version: number; default_version: number }>('DELETE', `${base}/versions/3`);
    assert.equal(del3.status, 200);
    assert.deepEqual([del3.body.deleted_version, del3.body.default_version], [3, 2]);
    assert.deepEqual((await t.call<VersionList>('GET', `${base}/versions`)).body.items.map((i) => i.version), [4, 2, 1]);

    // Versions keep counting up after a delete (4 was max, so the next is 5; 3 is never reused while 4 exists).
    assert.equal((await t.call<Version>('POST', `${base}/versions`, { content: PLAY('five') })).body.version, 5);

    assert.equal((await eventsFor(t.db, 'PLAYBOOK_VERSION_CREATED')).length, 4);
    assert.deepEqual((await eventsFor(t.db, 'PLAYBOOK_DEFAULT_SET'))[0]!.details, { name: 'UPGRADE_CLUSTER', version: 2 });
    assert.deepEqual((await eventsFor(t.db, 'PLAYBOOK_VERSION_DELETED'))[0]!.details, { name: 'UPGRADE_CLUSTER', version: 3 });
  });

  it('404 for an unknown playbook name or version', async () => {
    const cases: ['GET' | 'POST' | 'PUT' | 'DELETE', string, unknown?][] = [
      ['GET', '/api/admin/playbooks/NOT_A_PLAYBOOK/versions'],
      ['GET', '/api/admin/playbooks/NOT_A_PLAYBOOK/default'],
      ['POST', '/api/admin/playbooks/NOT_A_PLAYBOOK/versions', { content: PLAY('x') }],
      ['GET', '/api/admin/playbooks/CREATE_CLUSTER/versions/99'],
      ['PUT', '/api/admin/playbooks/CREATE_CLUSTER/default', { version: 99 }],
      ['DELETE', '/api/admin/playbooks/CREATE_CLUSTER/versions/99'],
    ];
    for (const [method, url, body] of cases) {
      const r = await t.call<ErrorBody>(method, url, body);
      assert.equal(r.status, 404, `${method} ${url}: ${r.raw}`);
    }
  });

  const badYaml: [string, string, RegExp][] = [
    ['broken YAML', '- name: x\n  hosts: localhost\n  tasks: [\n', /Invalid YAML at line \d+/],
    ['a duplicate key', '- hosts: a\n  tasks: []\n  hosts: b\n', /Invalid YAML at line 3/],
    ['a mapping, not a list of plays', 'hosts: localhost\ntasks: []\n', /non-empty YAML list of plays/],
    ['a play without hosts', '- name: lonely\n  tasks: []\n', /Play 1 \("lonely"\) has no hosts/],
    ['an empty document', '\n', /empty/],
  ];
  for (const [what, content, why] of badYaml) {
    it(`400 for ${what}; no version stored`, async () => {
      const before = (await t.call<VersionList>('GET', '/api/admin/playbooks/SCALE_DISK_SIZE/versions')).body;
      const r = await t.call<ErrorBody>('POST', '/api/admin/playbooks/SCALE_DISK_SIZE/versions', { content });
      assert.equal(r.status, 400, r.raw);
      assert.match(r.body.error.message, why);
      assert.deepEqual((await t.call<VersionList>('GET', '/api/admin/playbooks/SCALE_DISK_SIZE/versions')).body, before);
    });
  }

  it('concurrent saves get distinct consecutive versions', async () => {
    const rs = await Promise.all([1, 2, 3].map((i) => t.call<Version>('POST', '/api/admin/playbooks/HEALTHCHECK_CLUSTER/versions', { content: PLAY(`c${i}`) })));
    assert.deepEqual(rs.map((r) => r.status), [201, 201, 201]);
    assert.deepEqual(rs.map((r) => r.body.version).sort(), [2, 3, 4]);
  });

  it('seeding again at start changes nothing and never overwrites admin versions', async () => {
    await prepareDatabase(t.db);
    const list = (await t.call<VersionList>('GET', '/api/admin/playbooks/UPGRADE_CLUSTER/versions')).body;
    assert.deepEqual(list.items.map((i) => i.version), [5, 4, 2, 1]);
    assert.equal(list.default_version, 2);
    const counts = await t.db.query<{ n: number }>(`SELECT count(*) AS n FROM playbooks WHERE version = 1`);
    assert.equal(counts.rows[0]!.n, PLAYBOOK_NAMES.length);
  });
});
