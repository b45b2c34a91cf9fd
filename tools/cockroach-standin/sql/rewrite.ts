// Letting PostgreSQL finish what the stand-in starts. A query over a virtual source (crdb_internal.<t>, or
// CockroachDB's `[SHOW …]` bracket syntax) is rewritten into a CTE carrying the source's rows as typed VALUES, so
// arbitrary WHERE / ORDER BY / JSON operators / joins work because PostgreSQL evaluates them. The same token-level
// splicing replaces the few functions PostgreSQL would answer as itself (current_user, version(), …).
import { quoteIdent, quoteLiteral } from '../catalog/pg-admin.js';
import { OID } from './columns.js';
import type { ResultField, ResultSet } from './engine.types.js';
import type { Token } from './lexer.js';

export type Splice = { start: number; end: number; text: string };

const TYPE_NAMES = new Map<number, string>([[OID.bool, 'bool'], [OID.int8, 'int8'], [OID.int4, 'int4'], [OID.text, 'text'],
  [OID.float8, 'float8'], [OID.textArray, 'text[]'], [OID.timestamp, 'timestamp'], [OID.timestamptz, 'timestamptz'],
  [OID.interval, 'interval'], [OID.jsonb, 'jsonb'], [1700, 'numeric'], [2950, 'uuid'], [17, 'bytea'], [1082, 'date']]);

const typeName = (f: ResultField) => TYPE_NAMES.get(f.typeOid) ?? 'text';

/** `name(cols) AS (VALUES (…), …)` — or an empty typed SELECT when there are no rows. */
export const cteFor = (name: string, source: ResultSet): string => {
  const cols = source.fields.map((f) => quoteIdent(f.name)).join(', ');
  const lit = (v: string | null, f: ResultField) => `${v === null ? 'NULL' : quoteLiteral(v)}::${typeName(f)}`;
  const body = source.rows.length === 0
    ? `SELECT ${source.fields.map((f) => lit(null, f)).join(', ')} WHERE false`
    : `VALUES ${source.rows.map((r) => `(${source.fields.map((f, k) => lit(r[k] ?? null, f)).join(', ')})`).join(', ')}`;
  return `${quoteIdent(name)}(${cols}) AS (${body})`;
};

export const applySplices = (sql: string, splices: Splice[]): string => {
  let out = '';
  let at = 0;
  for (const s of [...splices].sort((a, b) => a.start - b.start)) {
    out += sql.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + sql.slice(at);
};

/** Puts CTEs in front of the statement, merging with a WITH [RECURSIVE] it already has. */
export const prependCtes = (sql: string, tokens: Token[], ctes: string[]): string => {
  if (ctes.length === 0) return sql;
  const first = tokens[0];
  if (first?.type === 'word' && first.value === 'with') {
    const rec = tokens[1]?.type === 'word' && tokens[1].value === 'recursive' ? tokens[1] : first;
    return `${sql.slice(0, rec.end)} ${ctes.join(', ')}, ${sql.slice(rec.end)}`;
  }
  return `WITH ${ctes.join(', ')} ${sql}`;
};

/** Splices that make PostgreSQL report the CockroachDB session's identity instead of its own superuser's. */
export const identitySplices = (tokens: Token[], o: { user: string; database: string; version: string }): Splice[] => {
  const out: Splice[] = [];
  const scalar = (name: string, value: string) => `(SELECT ${quoteLiteral(value)}::text AS ${quoteIdent(name)})`;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'word') continue;
    const prev = tokens[i - 1];
    const qualified = prev?.text === '.' && tokens[i - 2]?.value === 'pg_catalog';
    if (prev?.text === '.' && !qualified) continue;
    const start = qualified ? tokens[i - 2]!.start : t.start;
    const call = tokens[i + 1]?.text === '(' && tokens[i + 2]?.text === ')';
    if ((t.value === 'current_user' || t.value === 'session_user') && !call) out.push({ start, end: t.end, text: scalar(t.value, o.user) });
    else if (t.value === 'version' && call) out.push({ start, end: tokens[i + 2]!.end, text: scalar('version', o.version) });
    else if (t.value === 'current_database' && call) out.push({ start, end: tokens[i + 2]!.end, text: scalar('current_database', o.database) });
  }
  return out;
};
