import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatePlaybookYaml } from './playbook-yaml.js';

describe('validatePlaybookYaml', () => {
  it('accepts a list of plays with hosts', () => {
    validatePlaybookYaml('- name: one\n  hosts: localhost\n  tasks: []\n- hosts: [a, b]\n  tasks: []\n');
  });
  const bad: [string, string, RegExp][] = [
    ['empty', '   \n', /empty/],
    ['broken YAML', '- name: x\n  hosts: localhost\n   tasks: [\n', /Invalid YAML at line \d+, column \d+/],
    ['a mapping', 'hosts: localhost\n', /non-empty YAML list of plays/],
    ['an empty list', '[]\n', /non-empty YAML list of plays/],
    ['a play without hosts', '- name: nohosts\n  tasks: []\n', /Play 1 \("nohosts"\) has no hosts/],
    ['a scalar play', '- just text\n', /Play 1 is not a mapping/],
    ['two documents', '- hosts: a\n---\n- hosts: b\n', /one YAML document, found 2/],
  ];
  for (const [what, text, why] of bad) it(`rejects ${what}`, () => assert.throws(() => validatePlaybookYaml(text), why));
  it('names the line of the error', () => {
    assert.throws(() => validatePlaybookYaml('- hosts: a\n  tasks: []\n  hosts: b\n'), /Invalid YAML at line 3, column 3: Map keys must be unique$/);
  });
});
