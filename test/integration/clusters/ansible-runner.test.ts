// The Ansible runner with the real ansible-playbook (local connection, no SSH needed): live events, the Data output,
// failures with host and message, the private run directory, abort/timeout killing the whole process group, and a
// clear error when ansible-playbook is missing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AnsibleEvent } from '../../../src/infra/ansible/events.js';
import { AnsibleNotInstalledError, createAnsibleRunner, summarizeFailure } from '../../../src/infra/ansible/runner.js';

const play = (tasks: string) => `
- name: Local play
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
${tasks}`;

const processesOf = (label: string) => {
  try {
    return execFileSync('pgrep', ['-f', `cp-ansible-${label}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe('ansible runner', () => {
  const runner = createAnsibleRunner({ playbookBin: 'ansible-playbook' });

  it('streams events in order, returns Data, and keeps extra vars in a private file removed after the run', async () => {
    const events: AnsibleEvent[] = [];
    let dirSeen = '';
    const r = await runner.run({
      label: 'ok-run',
      playbookYaml: play(`
    - name: The extra vars file is already gone while the playbook still runs
      ansible.builtin.command: test ! -e {{ playbook_dir }}/extra-vars.json
    - name: Data
      ansible.builtin.debug:
        msg: {cockroachdb: [{public_ip: "{{ '10.0.0.' ~ n }}", cloud: c, region: r}], haproxy: []}`),
      extraVars: { n: 7, secret_password: 'hunter2' },
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'task_start' && e.task === 'Data') dirSeen = 'yes';
      },
    });
    assert.equal(r.ok, true, r.stderrTail);
    assert.equal(r.exitCode, 0);
    assert.deepEqual(r.data, { cockroachdb: [{ public_ip: '10.0.0.7', cloud: 'c', region: 'r' }], haproxy: [] });
    assert.deepEqual(events.map((e) => e.type), ['play_start', 'task_start', 'task_ok', 'task_start', 'task_ok', 'data', 'recap']);
    assert.equal(dirSeen, 'yes');
    assert.equal(r.stats?.localhost?.ok, 2);
    assert.ok(!JSON.stringify(events).includes('hunter2'), 'extra vars never appear in events');
    assert.deepEqual(processesOf('ok-run'), []);
  });

  it('reports the failing host and message (exit code 2)', async () => {
    const r = await runner.run({
      label: 'fail-run',
      playbookYaml: play(`
    - name: Break
      ansible.builtin.shell: echo "no space left on /dev/sdb" >&2; exit 4`),
      extraVars: {},
      onEvent: () => undefined,
    });
    assert.equal(r.ok, false);
    assert.equal(r.exitCode, 2);
    assert.equal(r.failures[0]?.host, 'localhost');
    assert.match(r.failures[0]?.message ?? '', /no space left on \/dev\/sdb/);
    assert.match(summarizeFailure(r), /task "Break" failed on localhost: .*no space left|task "Break" failed on localhost/);
  });

  it('abort kills the whole process group (SIGTERM, then SIGKILL) and removes the run directory', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const p = runner.run({
      label: 'abort-run',
      playbookYaml: play(`
    - name: Remember where we run
      ansible.builtin.debug: { msg: "{{ playbook_dir }}" }
      register: where
    - name: Sleep
      ansible.builtin.command: sleep 60`),
      extraVars: {},
      signal: ac.signal,
      killGraceMs: 1_000,
      onEvent: (e) => {
        if (e.type === 'task_start' && e.task === 'Sleep') setTimeout(() => ac.abort(), 300);
      },
    });
    const r = await p;
    assert.equal(r.ok, false);
    assert.equal(r.stopped, 'aborted');
    assert.ok(Date.now() - started < 20_000);
    assert.deepEqual(processesOf('abort-run'), [], 'no ansible-playbook (or its sleep) left');
  });

  it('a timeout stops the run the same way', async () => {
    const r = await runner.run({
      label: 'timeout-run',
      playbookYaml: play(`
    - name: Sleep
      ansible.builtin.command: sleep 60`),
      extraVars: {},
      timeoutMs: 1_500,
      killGraceMs: 1_000,
      onEvent: () => undefined,
    });
    assert.equal(r.stopped, 'timeout');
    assert.match(summarizeFailure(r), /timed out/);
    assert.deepEqual(processesOf('timeout-run'), []);
  });

  it('says how to install Ansible when ansible-playbook is missing', async () => {
    for (const killWithParent of [true, false]) {
      const missing = createAnsibleRunner({ playbookBin: '/nonexistent/ansible-playbook', killWithParent });
      await assert.rejects(
        missing.run({ label: 'missing', playbookYaml: play(''), extraVars: {}, onEvent: () => undefined }),
        (e: Error) => e instanceof AnsibleNotInstalledError && /apt-get install ansible/.test(e.message) && /CP_ANSIBLE_PLAYBOOK_BIN/.test(e.message),
      );
    }
  });

  it('run directories are private (0700), lose the extra vars early and are removed after the run', async () => {
    let mode = 0;
    let dir = '';
    let varsLeft = true;
    await runner.run({
      label: 'mode-run',
      playbookYaml: play(`
    - name: Data
      ansible.builtin.debug: { msg: "{{ playbook_dir }}" }`),
      extraVars: {},
      onEvent: (e) => {
        if (e.type === 'data' && typeof e.data === 'string' && existsSync(e.data)) {
          dir = e.data;
          mode = statSync(dir).mode & 0o777;
          varsLeft = existsSync(`${dir}/extra-vars.json`);
        }
      },
    });
    assert.equal(mode, 0o700);
    assert.equal(varsLeft, false, 'the extra vars (secrets) are removed once ansible-playbook has read them');
    assert.ok(dir && !existsSync(dir), 'the run directory (with the extra vars file) is gone');
  });
});
