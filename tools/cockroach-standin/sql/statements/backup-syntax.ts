// Pieces of syntax BACKUP, RESTORE, SHOW BACKUP and CREATE SCHEDULE share (backup.md, restore.md, show-backup.md,
// create-schedule-for-backup.md synopses): storage URIs, WITH option lists, AS OF SYSTEM TIME, backup targets.
import { redactUri } from '../../catalog/external-connections.js';
import { quoteLiteral } from '../../catalog/pg-admin.js';
import { storageScheme, type BackupTargets, type TableTarget } from '../../backup/index.js';
import type { StatementContext } from '../context.js';
import type { Cursor } from '../cursor.js';
import { SqlError } from '../engine.types.js';
import { requireDatabase, resolveTable, schemaExists } from '../objects.js';
import { applySplices } from '../rewrite.js';

export type OptionValue = string | true;

/** The stand-in's loud refusal (42601, statement in the message) for syntax CockroachDB has and the stand-in lacks. */
export const notSimulated = (sql: string, what: string): SqlError =>
  new SqlError('42601', `cockroach stand-in: statement not supported: ${sql}`, { hint: `${what} is not simulated (tools/cockroach-standin/README.md "Backups and restores")` });

/** A storage URI: a string or a placeholder. Locality-aware lists `('a', 'b')` are not simulated. */
export const storageUri = (c: Cursor): string => {
  if (c.isPunct('(')) throw notSimulated(c.sql, 'a list of URIs (locality-aware backups)');
  const v = c.stringValue();
  if (!v) throw c.error();
  return v;
};

/** Only s3:// storage (directly or through an external connection) is simulated. */
export const requireSimulatedStorage = async (ctx: StatementContext, uri: string): Promise<void> => {
  const scheme = await storageScheme(ctx.catalog, uri);
  if (scheme !== 's3') throw notSimulated(ctx.sql, `storage scheme "${scheme}" (only s3://)`);
};

/**
 * `WITH [OPTIONS (] a, b = 'x', c = true [)]`. Every option must be in `known`; the ones in `unsimulated` are
 * refused loudly (CockroachDB would honour them; the stand-in cannot pretend to).
 */
export const withOptions = (c: Cursor, known: string[], unsimulated: string[] = []): Map<string, OptionValue> => {
  const out = new Map<string, OptionValue>();
  if (!c.acceptWords('with')) return out;
  const paren = c.acceptWords('options') ? (c.expectPunct('('), true) : c.acceptPunct('(');
  do {
    const t = c.next();
    if (t.type !== 'word') throw c.error(t);
    let name = t.value;
    if (name === 'execution' && c.acceptWords('locality')) name = 'execution locality';
    if (!known.includes(name) && !unsimulated.includes(name)) throw c.error(t);
    let value: OptionValue = true;
    if (c.acceptPunct('=')) value = c.settingValue() ?? '';
    if (unsimulated.includes(name)) throw notSimulated(c.sql, `option ${name}`);
    out.set(name, value);
  } while (c.acceptPunct(','));
  if (paren) c.expectPunct(')');
  return out;
};

/** A boolean option: present without a value, or `= true/false`. */
export const boolOption = (opts: Map<string, OptionValue>, name: string): boolean => {
  const v = opts.get(name);
  if (v === undefined) return false;
  if (v === true) return true;
  if (/^(true|on|yes|1)$/i.test(v)) return true;
  if (/^(false|off|no|0)$/i.test(v)) return false;
  throw new SqlError('22023', `option "${name}" expects a boolean, got ${v}`);
};

export const stringOption = (opts: Map<string, OptionValue>, name: string): string | null => {
  const v = opts.get(name);
  if (v === undefined) return null;
  if (v === true) throw new SqlError('22023', `option "${name}" requires a value`);
  return v;
};

/**
 * `AS OF SYSTEM TIME <expr>` (as-of-system-time.md): a negative interval ('-10s'), a timestamp, a decimal of
 * nanoseconds, or follower_read_timestamp(). Evaluated by PostgreSQL's clock, like the rest of the stand-in's time.
 */
export const asOfSystemTime = async (ctx: StatementContext, c: Cursor): Promise<string | null> => {
  if (!c.acceptWords('as', 'of', 'system', 'time')) return null;
  let sql: string;
  let param: string | null = null;
  if (c.acceptWords('follower_read_timestamp')) {
    c.expectPunct('(');
    c.expectPunct(')');
    sql = `SELECT now() - interval '4.8 seconds' AS t`;
  } else {
    const t = c.peek();
    if (t?.type === 'number') { c.next(); param = t.text; } else param = c.stringValue();
    if (param === null) throw c.error();
    if (/^-?\d+(\.\d+)?$/.test(param)) sql = `SELECT to_timestamp($1::numeric / 1e9) AS t`;
    else if (/^[-+]/.test(param.trim())) sql = `SELECT now() + $1::interval AS t`;
    else sql = `SELECT $1::timestamptz AS t`;
  }
  const r = await ctx.catalog.db.query<{ t: Date; future: boolean }>(`SELECT t, t > now() AS future FROM (${sql}) x`, param === null ? [] : [param])
    .catch(() => { throw new SqlError('22007', `AS OF SYSTEM TIME: value is neither timestamp, decimal, nor interval`); });
  if (r.rows[0]!.future) throw new SqlError('XXUUU', 'AS OF SYSTEM TIME: cannot specify timestamp in the future');
  return r.rows[0]!.t.toISOString();
};

/** A table pattern resolved the way BACKUP resolves it: `t`, `schema.t`/`db.t`, `db.schema.t`, with `*` for all. */
const tableTarget = async (ctx: StatementContext, parts: string[]): Promise<TableTarget> => {
  if (parts[parts.length - 1] !== '*') {
    const ref = await resolveTable(ctx, parts);
    return { database: ref.database, schema: ref.schema, table: ref.table };
  }
  if (parts.length === 2) {
    const [a] = parts as [string, string];
    // backup.md: "schemas will be resolved before databases".
    if (await schemaExists(ctx, ctx.state.database, a)) return { database: ctx.state.database, schema: a, table: '*' };
    await requireDatabase(ctx, a);
    return { database: a, schema: 'public', table: '*' };
  }
  if (parts.length === 3) {
    await requireDatabase(ctx, parts[0]!);
    return { database: parts[0]!, schema: parts[1]!, table: '*' };
  }
  throw new SqlError('42601', `invalid table pattern ${parts.join('.')}`);
};

/** BACKUP targets (backup.md "Targets"): nothing = the cluster, DATABASE a, b, or [TABLE] t, u. */
export const backupTargets = async (ctx: StatementContext, c: Cursor): Promise<BackupTargets> => {
  if (c.isWords('into')) return { kind: 'cluster' };
  if (c.acceptWords('database')) {
    const names = c.nameList();
    for (const n of names) await requireDatabase(ctx, n);
    return { kind: 'databases', names };
  }
  c.acceptWords('table');
  const tables: TableTarget[] = [];
  for (const parts of c.nameList(() => c.qualifiedName().join('\u0000')).map((x) => x.split('\u0000'))) tables.push(await tableTarget(ctx, parts));
  return { kind: 'tables', tables };
};

/** The statement with every URI literal's secrets redacted: what SHOW JOBS shows as the description. */
export const redactedStatement = (c: Cursor): string => {
  const splices = c.tokens.filter((t) => t.type === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(t.value))
    .map((t) => ({ start: t.start, end: t.end, text: quoteLiteral(redactUri(t.value)) }));
  return applySplices(c.sql, splices);
};
