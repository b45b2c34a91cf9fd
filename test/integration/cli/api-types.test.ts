// "Never drift": the checked-in src/api-client/openapi.d.ts must be exactly what `npm run api:types` generates from
// the live OpenAPI document, so the types cpctl and the console compile against are the API that runs.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { API_TYPES_FILE, generateApiTypes } from '../../../scripts/api-types.js';

describe('generated API types', () => {
  it('src/api-client/openapi.d.ts matches the live OpenAPI document (regenerate with "npm run api:types")', async () => {
    const [checkedIn, live] = await Promise.all([readFile(API_TYPES_FILE, 'utf8'), generateApiTypes()]);
    if (checkedIn !== live) {
      const a = checkedIn.split('\n');
      const b = live.split('\n');
      const at = a.findIndex((line, i) => line !== b[i]);
      assert.fail(`src/api-client/openapi.d.ts differs from the live document from line ${at + 1}:\n  checked in: ${a[at]?.trim()}\n  live:       ${b[at]?.trim()}\nRun "npm run api:types" and commit the result.`);
    }
  });
});
