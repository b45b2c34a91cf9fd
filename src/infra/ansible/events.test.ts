import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonlLine } from './events.js';

describe('jsonl event parsing', () => {
  it('keeps task names, host results and the Data msg, never module arguments', () => {
    const ok = parseJsonlLine(JSON.stringify({
      _event: 'v2_runner_on_ok', task: { name: 'Data' },
      hosts: { localhost: { changed: false, msg: { cockroachdb: [] }, invocation: { module_args: { password: 'x' } } } },
    }));
    assert.deepEqual(ok, [
      { type: 'task_ok', task: 'Data', ok: ['localhost'], changed: [] },
      { type: 'data', data: { cockroachdb: [] } },
    ]);
  });
  it('failures carry host and message (msg, stderr, failed loop items); no_log results stay hidden', () => {
    const [f] = parseJsonlLine(JSON.stringify({
      _event: 'v2_runner_on_failed', task: { name: 'Install' },
      hosts: { n1: { failed: true, msg: 'non-zero return code', stderr: 'disk not found\n', results: [{ failed: true, msg: 'item 2 broke' }] } },
    }));
    assert.deepEqual(f, { type: 'task_failed', task: 'Install', host: 'n1', message: 'non-zero return code\ndisk not found\nitem 2 broke', ignored: false });
    const [hidden] = parseJsonlLine(JSON.stringify({ _event: 'v2_runner_on_failed', task: { name: 'Secret' }, hosts: { n1: { _ansible_no_log: true, msg: 'pw=hunter2' } } }));
    assert.ok(hidden?.type === 'task_failed' && !hidden.message.includes('hunter2'));
  });
  it('unreachable hosts, the recap, plays and non-JSON lines', () => {
    assert.deepEqual(parseJsonlLine(JSON.stringify({ _event: 'v2_runner_on_unreachable', task: { name: 'Ping' }, hosts: { n2: { msg: 'ssh: connect refused' } } })), [
      { type: 'unreachable', task: 'Ping', host: 'n2', message: 'ssh: connect refused' },
    ]);
    const [recap] = parseJsonlLine(JSON.stringify({ _event: 'v2_playbook_on_stats', stats: { n1: { ok: 3, failures: 1 } } }));
    assert.deepEqual(recap, { type: 'recap', stats: { n1: { ok: 3, changed: 0, failures: 1, unreachable: 0, skipped: 0, ignored: 0, rescued: 0 } } });
    assert.deepEqual(parseJsonlLine('{"_event":"v2_playbook_on_play_start","play":{"name":"P"}}'), [{ type: 'play_start', play: 'P' }]);
    assert.deepEqual(parseJsonlLine('[WARNING]: something'), [{ type: 'warning', message: '[WARNING]: something' }]);
    assert.deepEqual(parseJsonlLine('   '), []);
  });
});
