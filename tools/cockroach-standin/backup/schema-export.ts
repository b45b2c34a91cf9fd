// Reading a simulated database's objects out of its PostgreSQL database and writing them back. The DDL is rebuilt
// from PostgreSQL's catalogs (format_type, pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef), so
// no pg_dump binary is needed. Rows travel as row_to_json lines and come back through json_populate_recordset, which
// feeds every value to its type's input function (bytea, numeric, arrays, timestamps round-trip exactly).
// Covered: user schemas, enum types, tables (columns, defaults, identity/generated columns, PK/UNIQUE/CHECK/EXCLUDE,
// foreign keys, secondary indexes, owned sequences and their positions), standalone sequences, views.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { quoteIdent, quoteLiteral } from '../catalog/pg-admin.js';

export type TableDdl = {
  /** CREATE TABLE / CREATE VIEW / CREATE SEQUENCE. */
  create: string;
  /** After the data: CREATE INDEX …, ALTER SEQUENCE … OWNED BY …. */
  post: string[];
  fks: { name: string; sql: string; refSchema: string; refTable: string }[];
  /** Sequences a table owns (serial, identity): `create` null for identity ones, which CREATE TABLE makes itself. */
  ownedSequences: { create: string | null; ownedBy: string | null; column: string; lastValue: string | null; isCalled: boolean }[];
  /** A standalone sequence's position. */
  sequenceState: { lastValue: string | null; isCalled: boolean } | null;
  insertColumns: string[];
  overridingSystemValue: boolean;
  secondaryIndexes: number;
};

export type PgObject = { oid: number; schema: string; name: string; kind: 'table' | 'view' | 'sequence' };

export const qname = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;

export const openPg = async (url: string): Promise<pg.Client> => {
  const c = new pg.Client({ connectionString: url, application_name: 'cockroach-standin-backup' });
  c.on('error', () => undefined);
  await c.connect();
  await c.query(`SET TimeZone = 'UTC'`);
  return c;
};

const USER_NS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'standin') AND n.nspname NOT LIKE 'pg\\_%'`;

export const listSchemas = async (c: pg.Client): Promise<string[]> =>
  (await c.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace n WHERE ${USER_NS} ORDER BY nspname`)).rows.map((r) => r.nspname);

export const listEnums = async (c: pg.Client): Promise<{ schema: string; name: string; create: string }[]> => {
  const r = await c.query<{ nspname: string; typname: string; labels: string }>(
    `SELECT n.nspname, t.typname, json_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE ${USER_NS} GROUP BY n.nspname, t.typname, t.oid ORDER BY t.oid`);
  return r.rows.map((x) => ({ schema: x.nspname, name: x.typname,
    create: `CREATE TYPE ${qname(x.nspname, x.typname)} AS ENUM (${(JSON.parse(x.labels) as string[]).map(quoteLiteral).join(', ')})` }));
};

/** Tables, views and standalone sequences (sequences owned by a table travel with it), in creation order. */
export const listRelations = async (c: pg.Client): Promise<PgObject[]> => {
  const r = await c.query<{ oid: number; nspname: string; relname: string; relkind: string }>(
    `SELECT c.oid::int AS oid, n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_NS} AND (c.relkind IN ('r', 'v') OR (c.relkind = 'S' AND NOT EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))))
      ORDER BY c.oid`);
  return r.rows.map((x) => ({ oid: x.oid, schema: x.nspname, name: x.relname,
    kind: x.relkind === 'v' ? 'view' : x.relkind === 'S' ? 'sequence' : 'table' }));
};

const sequenceDdl = async (c: pg.Client, oid: number, name: string): Promise<{ create: string; lastValue: string | null; isCalled: boolean }> => {
  const s = (await c.query<{ t: string; seqstart: string; seqincrement: string; seqmax: string; seqmin: string; seqcache: string; seqcycle: boolean }>(
    `SELECT format_type(seqtypid, NULL) AS t, seqstart, seqincrement, seqmax, seqmin, seqcache, seqcycle FROM pg_sequence WHERE seqrelid = $1`,
    [oid])).rows[0]!;
  const state = (await c.query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM ${name}`)).rows[0]!;
  return {
    create: `CREATE SEQUENCE ${name} AS ${s.t} INCREMENT BY ${s.seqincrement} MINVALUE ${s.seqmin} MAXVALUE ${s.seqmax} START WITH ${s.seqstart} CACHE ${s.seqcache}${s.seqcycle ? ' CYCLE' : ''}`,
    lastValue: state.last_value, isCalled: state.is_called,
  };
};

export const relationDdl = async (c: pg.Client, o: PgObject): Promise<TableDdl> => {
  const name = qname(o.schema, o.name);
  const empty: TableDdl = { create: '', post: [], fks: [], ownedSequences: [], sequenceState: null, insertColumns: [],
    overridingSystemValue: false, secondaryIndexes: 0 };
  if (o.kind === 'view') {
    const def = (await c.query<{ d: string }>('SELECT pg_get_viewdef($1::oid, true) AS d', [o.oid])).rows[0]!.d;
    return { ...empty, create: `CREATE VIEW ${name} AS ${def.trim().replace(/;$/, '')}` };
  }
  if (o.kind === 'sequence') {
    const s = await sequenceDdl(c, o.oid, name);
    return { ...empty, create: s.create, sequenceState: { lastValue: s.lastValue, isCalled: s.isCalled } };
  }
  const cols = (await c.query<{ attname: string; t: string; attnotnull: boolean; def: string | null; attidentity: string; attgenerated: string }>(
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS t, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS def,
            a.attidentity, a.attgenerated
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, [o.oid])).rows;
  const parts = cols.map((col) => {
    let s = `${quoteIdent(col.attname)} ${col.t}`;
    if (col.attgenerated === 's') s += ` GENERATED ALWAYS AS (${col.def}) STORED`;
    else if (col.attidentity === 'a') s += ' GENERATED ALWAYS AS IDENTITY';
    else if (col.attidentity === 'd') s += ' GENERATED BY DEFAULT AS IDENTITY';
    else if (col.def !== null) s += ` DEFAULT ${col.def}`;
    if (col.attnotnull) s += ' NOT NULL';
    return s;
  });
  const cons = (await c.query<{ conname: string; def: string; contype: string; refschema: string | null; reftable: string | null }>(
    `SELECT k.conname, pg_get_constraintdef(k.oid) AS def, k.contype, rn.nspname AS refschema, rc.relname AS reftable
       FROM pg_constraint k LEFT JOIN pg_class rc ON rc.oid = k.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE k.conrelid = $1 AND k.contype IN ('p', 'u', 'c', 'x', 'f') ORDER BY k.contype = 'p' DESC, k.conname`, [o.oid])).rows;
  for (const k of cons) if (k.contype !== 'f') parts.push(`CONSTRAINT ${quoteIdent(k.conname)} ${k.def}`);
  const fks = cons.filter((k) => k.contype === 'f').map((k) => ({
    name: k.conname, sql: `ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(k.conname)} ${k.def}`, refSchema: k.refschema!, refTable: k.reftable!,
  }));
  const indexes = (await c.query<{ def: string; constraint: boolean; primary: boolean }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS def, EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid) AS constraint,
            i.indisprimary AS primary
       FROM pg_index i WHERE i.indrelid = $1 ORDER BY i.indexrelid`, [o.oid])).rows;
  const owned = (await c.query<{ oid: number; nspname: string; relname: string; attname: string; deptype: string }>(
    `SELECT s.oid::int AS oid, sn.nspname, s.relname, a.attname, d.deptype
       FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace
       JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE d.refobjid = $1 AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') ORDER BY s.oid`, [o.oid])).rows;
  const ownedSequences: TableDdl['ownedSequences'] = [];
  for (const s of owned) {
    const seqName = qname(s.nspname, s.relname);
    const d = await sequenceDdl(c, s.oid, seqName);
    ownedSequences.push({ create: s.deptype === 'i' ? null : d.create, column: s.attname, lastValue: d.lastValue, isCalled: d.isCalled,
      ownedBy: s.deptype === 'i' ? null : `ALTER SEQUENCE ${seqName} OWNED BY ${name}.${quoteIdent(s.attname)}` });
  }
  return {
    ...empty,
    create: `CREATE TABLE ${name} (\n    ${parts.join(',\n    ')}\n)`,
    post: indexes.filter((i) => !i.constraint).map((i) => i.def),
    fks, ownedSequences,
    insertColumns: cols.filter((col) => col.attgenerated !== 's').map((col) => col.attname),
    overridingSystemValue: cols.some((col) => col.attidentity === 'a'),
    secondaryIndexes: indexes.filter((i) => !i.primary).length,
  };
};

/** Every row as a row_to_json line, sorted (so the fingerprint does not depend on physical order). */
export const exportRows = async (c: pg.Client, o: PgObject): Promise<{ lines: string[]; fingerprint: string }> => {
  if (o.kind === 'view') return { lines: [], fingerprint: 'view' };
  if (o.kind === 'sequence') {
    const r = (await c.query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM ${qname(o.schema, o.name)}`)).rows[0]!;
    return { lines: [], fingerprint: `${r.last_value}:${String(r.is_called)}` };
  }
  const r = await c.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ONLY ${qname(o.schema, o.name)} t`);
  const lines = r.rows.map((x) => x.j).sort();
  const h = createHash('sha256');
  for (const l of lines) h.update(l).update('\n');
  return { lines, fingerprint: h.digest('hex') };
};

/** Loads row_to_json lines into a table that has just been created from its DDL. */
export const loadRows = async (c: pg.Client, schema: string, name: string, ddl: TableDdl, lines: string[]): Promise<void> => {
  if (lines.length === 0) return;
  const cols = ddl.insertColumns.map(quoteIdent).join(', ');
  const target = qname(schema, name);
  const sql = `INSERT INTO ${target} (${cols})${ddl.overridingSystemValue ? ' OVERRIDING SYSTEM VALUE' : ''}
    SELECT ${cols} FROM json_populate_recordset(NULL::${target}, $1::json)`;
  for (let i = 0; i < lines.length; i += 500) await c.query(sql, [`[${lines.slice(i, i + 500).join(',')}]`]);
};

/** Puts sequences back where the backup found them. */
export const restoreSequencePositions = async (c: pg.Client, schema: string, name: string, ddl: TableDdl): Promise<void> => {
  if (ddl.sequenceState?.lastValue) {
    await c.query(`SELECT setval($1::regclass, $2::int8, $3)`, [qname(schema, name), ddl.sequenceState.lastValue, ddl.sequenceState.isCalled]);
  }
  for (const s of ddl.ownedSequences) {
    if (s.lastValue === null) continue;
    await c.query(`SELECT setval(pg_get_serial_sequence($1, $2), $3::int8, $4)`, [qname(schema, name), s.column, s.lastValue, s.isCalled]);
  }
};
