// Table rendering as `cockroach` prints results (--format): tsv (the default when the output is not a terminal, and
// for `node` commands), csv, table (the ASCII tables of the docs' examples, with a row count) and records.
import { UsageError } from './flags.js';

export type Format = 'tsv' | 'csv' | 'table' | 'records';
export type Cell = string | null;

export const parseFormat = (value: string | undefined, fallback: Format = 'tsv'): Format => {
  const f = value ?? fallback;
  if (f === 'tsv' || f === 'csv' || f === 'table' || f === 'records') return f;
  throw new UsageError(`invalid argument "${f}" for "--format" flag: invalid table display format: ${f} (possible values: tsv, csv, table, records)`);
};

const text = (c: Cell) => (c === null ? 'NULL' : c);

// TSV escapes like Go's csv writer with a tab delimiter: quote fields holding the delimiter, quotes or newlines.
const quoted = (delim: string) => (c: Cell) => {
  const s = text(c);
  return s.includes(delim) || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replaceAll('"', '""')}"` : s;
};

const rowCount = (n: number) => `(${n} row${n === 1 ? '' : 's'})`;

export const renderTable = (columns: string[], rows: Cell[][], format: Format): string => {
  if (format === 'tsv' || format === 'csv') {
    const q = quoted(format === 'tsv' ? '\t' : ',');
    const d = format === 'tsv' ? '\t' : ',';
    return [columns.map((c) => q(c)).join(d), ...rows.map((r) => r.map(q).join(d))].join('\n') + '\n';
  }
  if (format === 'records') {
    const w = Math.max(0, ...columns.map((c) => c.length));
    return rows.map((r, i) => [`-[ RECORD ${i + 1} ]`, ...columns.map((c, j) => `${c.padEnd(w)} | ${text(r[j] ?? null)}`)].join('\n')).join('\n') + `\n${rowCount(rows.length)}\n`;
  }
  const widths = columns.map((c, j) => Math.max(c.length, ...rows.map((r) => text(r[j] ?? null).length)));
  const line = (cells: string[]) => ` ${cells.map((c, j) => c.padEnd(widths[j]!)).join(' | ')}`.trimEnd();
  return [
    line(columns.map((c, j) => c.padStart(Math.floor((widths[j]! + c.length) / 2)))),
    `-${widths.map((w) => '-'.repeat(w)).join('-+-')}-`,
    ...rows.map((r) => line(r.map(text))),
    rowCount(rows.length),
  ].join('\n') + '\n';
};
