// Writes docs/SETTINGS.md from the settings registry (npm run docs:settings).
import { writeFile } from 'node:fs/promises';
import { renderSettingsDoc } from '../src/services/settings/settings-doc.js';

await writeFile(new URL('../docs/SETTINGS.md', import.meta.url), renderSettingsDoc());
console.log('wrote docs/SETTINGS.md');
