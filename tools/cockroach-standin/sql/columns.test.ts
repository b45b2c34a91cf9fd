// columns.ts is the stand-in's single table of answer shapes; it must say what CockroachDB's docs say, as recorded
// in docs/result-columns.json (transcribed from cockroachdb/docs @ 79e9a5d, with its notes in result-columns-notes.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { COLUMNS } from './columns.js';

const SPEC = fileURLToPath(new URL('../docs/result-columns.json', import.meta.url));
type Entry = { columns: { name: string }[]; source: string; source_hint?: { columns: string[] } };

describe('columns.ts against result-columns.json', () => {
  const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as Record<string, Entry>;
  const DOCUMENTED = ['SHOW USERS', 'SHOW ROLES', 'SHOW GRANTS', 'SHOW GRANTS FOR user', 'SHOW GRANTS ON DATABASE x', 'SHOW GRANTS ON TABLE x',
    'SHOW GRANTS ON ROLE', 'SHOW DATABASES', 'SHOW SCHEMAS FROM db', 'SHOW CLUSTER SETTINGS', 'SHOW ALL CLUSTER SETTINGS', 'SHOW JOBS',
    'SHOW JOB <id>', 'SHOW EXTERNAL CONNECTIONS', "SHOW BACKUPS IN 'uri'", "SHOW BACKUP FROM {subdir|LATEST} IN 'uri'",
    'SHOW BACKUP ... WITH check_files', "SHOW BACKUP SCHEMAS FROM subdir IN 'uri'", 'BACKUP INTO ... (blocking)', 'BACKUP INTO ... WITH DETACHED',
    'RESTORE (blocking)', 'RESTORE ... WITH DETACHED', 'SHOW SCHEDULES', 'CREATE SCHEDULE FOR BACKUP'] as const;
  for (const key of DOCUMENTED) {
    it(`${key} (${spec[key]?.source ?? '?'})`, () => {
      assert.deepEqual(COLUMNS[key].columns.map(([n]) => n), spec[key]!.columns.map((c) => c.name));
    });
  }
  const HINTED = ['crdb_internal.gossip_nodes', 'crdb_internal.gossip_liveness', 'crdb_internal.kv_node_status', 'crdb_internal.kv_store_status'] as const;
  for (const key of HINTED) {
    it(`${key} follows its source_hint (gossip_liveness adds membership)`, () => {
      const hint = spec[key]!.source_hint!.columns.map((c) => c.split(' ')[0]!);
      const ours = COLUMNS[key].columns.map(([n]) => n).filter((n) => n !== 'membership');
      assert.deepEqual(ours, hint);
    });
  }
});
