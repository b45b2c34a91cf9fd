// Output of every command in one of three formats (table, json, yaml) or, with --quiet, ids only. Tables fit the
// terminal: the widest columns give way first and their cells end in "…". JSON and YAML print the API's objects as
// they came (lists as arrays), so scripts can rely on the OpenAPI document's field names.
import { stringify } from 'yaml';
import type { Context } from './context.js';

export type Column<T> = { header: string; value: (row: T) => unknown };

/** One cell: '-' for nothing, lists joined by commas, objects as compact JSON. */
export const cell = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '-';
  if (Array.isArray(v)) return v.length ? v.map(cell).join(',') : '-';
  if (typeof v === 'object') return JSON.stringify(v);
  return (typeof v === 'string' ? v : JSON.stringify(v)).replace(/\s*\n\s*/g, ' ');
};

/** A timestamp as "2026-01-02 03:04:05Z" (UTC, to the second). */
export const when = (v: unknown): string => {
  if (typeof v !== 'string' || !v) return '-';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
};

const truncate = (s: string, w: number) => (s.length <= w ? s : w <= 1 ? s.slice(0, w) : `${s.slice(0, w - 1)}…`);

/**
 * Renders rows as an aligned table no wider than `width` (Infinity: no limit). The first column (the id) is never
 * cut; the widest other columns give way first, down to their header (at most 8 characters); what still does not fit
 * is dropped from the right, so an id is always whole and copyable.
 */
export const renderTable = <T>(rows: readonly T[], all: readonly Column<T>[], width = Infinity): string => {
  const gap = 2;
  const allCells = rows.map((r) => all.map((c) => cell(c.value(r))));
  const widths = all.map((c, i) => Math.max(c.header.length, ...allCells.map((r) => r[i]!.length)));
  const min = all.map((c, i) => (i === 0 ? widths[0]! : Math.max(3, Math.min(c.header.length, 8))));
  let n = all.length;
  const total = () => widths.slice(0, n).reduce((a, b) => a + b, 0) + gap * (n - 1);
  for (;;) {
    while (total() > width) {
      let widest = -1;
      for (let i = 1; i < n; i++) if (widths[i]! > min[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
      if (widest < 0) break;
      widths[widest]!--;
    }
    if (total() <= width || n === 1) break;
    n--;
  }
  const line = (vals: string[]) => vals.slice(0, n).map((v, i) => (i === n - 1 ? truncate(v, widths[i]!) : truncate(v, widths[i]!).padEnd(widths[i]!))).join(' '.repeat(gap)).trimEnd();
  return [line(all.map((c) => c.header)), ...allCells.map(line)].join('\n');
};

/** Width tables must fit: the terminal's, else $COLUMNS, else unlimited (a pipe gets whole cells). */
export const outputWidth = (ctx: Pick<Context, 'stdout' | 'env'>): number => {
  if (ctx.stdout.isTTY && ctx.stdout.columns) return ctx.stdout.columns;
  const env = Number(ctx.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : Infinity;
};

const serialise = (ctx: Context, data: unknown) => (ctx.format === 'yaml' ? stringify(data).trimEnd() : JSON.stringify(data, null, 2));

/** A list: a table, the array as JSON/YAML, or ids with --quiet. */
export const printList = <T>(ctx: Context, rows: readonly T[], opts: { columns: readonly Column<T>[]; id: (row: T) => string; empty?: string }) => {
  if (ctx.quiet) return rows.forEach((r) => ctx.out(opts.id(r)));
  if (ctx.format !== 'table') return ctx.out(serialise(ctx, rows));
  if (rows.length === 0) return ctx.note(opts.empty ?? 'Nothing found.');
  ctx.out(renderTable(rows, opts.columns, outputWidth(ctx)));
};

/** One object: "field: value" lines (or a custom rendering), the object as JSON/YAML, or its id with --quiet. */
export const printObject = <T>(ctx: Context, obj: T, opts: { id: (o: T) => string; fields?: readonly [string, (o: T) => unknown][]; table?: (o: T) => string }) => {
  if (ctx.quiet) return ctx.out(opts.id(obj));
  if (ctx.format !== 'table') return ctx.out(serialise(ctx, obj));
  if (opts.table) return ctx.out(opts.table(obj));
  const fields = opts.fields ?? Object.keys(obj as object).map((k) => [k, (o: T) => (o as Record<string, unknown>)[k]] as [string, (o: T) => unknown]);
  const w = Math.max(...fields.map(([k]) => k.length));
  ctx.out(fields.map(([k, get]) => `${`${k}:`.padEnd(w + 1)}  ${cell(get(obj))}`).join('\n'));
};

/** Data printed as JSON/YAML, or a message for tables. */
export const printResult = (ctx: Context, data: unknown, message: string, id?: string) => {
  if (ctx.quiet) return id !== undefined ? ctx.out(id) : undefined;
  if (ctx.format !== 'table') return ctx.out(serialise(ctx, data));
  ctx.out(message);
};

export { serialise };
