// Values in PostgreSQL text format as CockroachDB sends them over pgwire (format code 0).

export const boolText = (b: boolean): string => (b ? 't' : 'f');

/** TIMESTAMPTZ as CockroachDB prints it for a UTC session: '2024-01-02 03:04:05.123456+00:00'. */
export const timestamptzText = (d: Date | null): string | null =>
  d === null ? null : `${d.toISOString().replace('T', ' ').replace('Z', '')}000+00:00`;

/** TIMESTAMP (no zone): '2024-01-02 03:04:05.123456'. */
export const timestampText = (d: Date | null): string | null =>
  d === null ? null : `${d.toISOString().replace('T', ' ').replace('Z', '')}000`;

const quoteElem = (s: string): string => (/^[^\s{},"\\]+$/.test(s) && s.toUpperCase() !== 'NULL' ? s : `"${s.replace(/[\\"]/g, '\\$&')}"`);
/** A text[] literal as PostgreSQL/CockroachDB print it: {admin}, {a,"b c"}, {}. */
export const arrayText = (items: string[]): string => `{${items.map(quoteElem).join(',')}}`;

/** JSONB text the way CockroachDB prints it: a space after ':' and ','. */
export const jsonText = (v: unknown): string => {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(jsonText).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${jsonText(x)}`).join(', ')}}`;
};
