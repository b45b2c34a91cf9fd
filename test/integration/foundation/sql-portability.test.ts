// CockroachDB-first: the migrations and every SQL string in src/ must avoid constructs CockroachDB lacks or that
// break its model (DESIGN.md "Data layer"). CockroachDB-only statements (SHOW BACKUP, RESTORE ...) are allowed only
// in src/infra/cockroach/, the one place that talks to managed clusters.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const FORBIDDEN: [RegExp, string][] = [
  [/\bCREATE\s+(OR\s+REPLACE\s+)?TRIGGER\b/i, 'triggers'],
  [/\bCREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\b/i, 'functions/procedures'],
  [/\bplpgsql\b|\bLANGUAGE\s+\w+/i, 'procedural languages'],
  [/\bDO\s+\$\$|\$\$/i, 'dollar-quoted bodies'],
  [/\bLISTEN\s+\w|\bNOTIFY\s+\w|\bpg_notify\s*\(/i, 'LISTEN/NOTIFY'],
  [/\bpg_(try_)?advisory_(xact_)?lock/i, 'advisory locks'],
  [/\bON\s+UPDATE\b/i, 'ON UPDATE clauses'],
  [/\b(BIG|SMALL)?SERIAL\b|\bnextval\s*\(|\bCREATE\s+SEQUENCE\b/i, 'sequences/SERIAL'],
  [/\bGENERATED\s+(ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY\b/i, 'identity columns'],
  [/\bttl_expire_after\b|\bttl_expiration_expression\b/i, 'row-level TTL (retention is cp\'s sweeper)'],
  [/\bctid\b|\bxmin\b|\boid\s*::|::\s*regclass\b/i, 'PostgreSQL system columns'],
  [/\bUNLOGGED\b|\bINHERITS\b|\bEXCLUDE\s+USING\b/i, 'PostgreSQL-only table features'],
];

const walk = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
};

/** SQL-looking string literals (template or quoted) of a TypeScript file. */
const sqlStrings = (source: string): string[] =>
  [...source.matchAll(/`([^`]*)`|'((?:[^'\\\n]|\\.)*)'/g)]
    .map((m) => m[1] ?? m[2] ?? '')
    .filter((s) => /\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|UPSERT)\b/.test(s));

const violations = (text: string) => FORBIDDEN.filter(([re]) => re.test(text)).map(([, what]) => what);

describe('CockroachDB portability', () => {
  it('migrations use no forbidden construct', async () => {
    const dir = path.join(ROOT, 'resources/migrations');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.sql'));
    assert.ok(files.length > 0);
    const found: string[] = [];
    for (const f of files) {
      // Comments may mention the forbidden things (to explain their absence); only statements count.
      const sql = (await readFile(path.join(dir, f), 'utf8')).replace(/--.*$/gm, '');
      for (const what of violations(sql)) found.push(`${f}: ${what}`);
    }
    assert.deepEqual(found, []);
  });

  it('SQL strings in src/ use no forbidden construct', async () => {
    const files = (await walk(path.join(ROOT, 'src'))).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const found: string[] = [];
    let scanned = 0;
    for (const f of files) {
      for (const s of sqlStrings(await readFile(f, 'utf8'))) {
        scanned++;
        for (const what of violations(s)) found.push(`${path.relative(ROOT, f)}: ${what}: ${s.slice(0, 80)}`);
      }
    }
    assert.ok(scanned >= 5, `expected to scan SQL strings, found ${scanned}`);
    assert.deepEqual(found, []);
  });

  it('the scanner catches each forbidden construct', () => {
    const samples = [
      'CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW EXECUTE FUNCTION f()',
      'CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql',
      'LISTEN jobs',
      'SELECT pg_notify(\'jobs\', \'x\')',
      'SELECT pg_advisory_lock(1)',
      'CREATE TABLE t (updated_at TIMESTAMPTZ ON UPDATE now())',
      'CREATE TABLE t (id SERIAL PRIMARY KEY)',
      'SELECT nextval(\'s\')',
      'ALTER TABLE t SET (ttl_expire_after = \'90 days\')',
    ];
    for (const s of samples) assert.ok(violations(s).length > 0, s);
    assert.deepEqual(violations(`SELECT job_id FROM jobs WHERE status = 'QUEUED' FOR UPDATE SKIP LOCKED`), []);
  });
});
