import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { renderSettingsDoc } from './settings-doc.js';
import { SETTING_DEFINITIONS } from './settings.registry.js';

describe('docs/SETTINGS.md', () => {
  it('is what `npm run docs:settings` generates from the registry (run it after changing a setting)', async () => {
    const committed = await readFile(new URL('../../../docs/SETTINGS.md', import.meta.url), 'utf8');
    assert.equal(committed, renderSettingsDoc());
  });
  it('documents every key', () => {
    const doc = renderSettingsDoc();
    for (const d of SETTING_DEFINITIONS) assert.ok(doc.includes(`| \`${d.key}\` |`), d.key);
  });
});
