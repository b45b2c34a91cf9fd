// The one identifier/literal quoting helper for managed-cluster SQL. Identifiers are ALWAYS double-quoted (so a user
// name is never parsed as a keyword or folded to lower case) and literals single-quoted, both with the quote doubled:
// CockroachDB, like PostgreSQL with standard_conforming_strings on, treats backslashes in '…' literally. Values that
// CockroachDB cannot hold (NUL) or that are not text are refused here, before any statement is built.

const check = (what: string, value: string) => {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);
  if (value.includes('\u0000')) throw new TypeError(`${what} must not contain a NUL character`);
};

/** `"name"` with embedded `"` doubled. */
export const ident = (name: string): string => {
  check('an identifier', name);
  if (name.length === 0) throw new TypeError('an identifier must not be empty');
  return `"${name.replaceAll('"', '""')}"`;
};

/** `'value'` with embedded `'` doubled. */
export const literal = (value: string): string => {
  check('a literal', value);
  return `'${value.replaceAll("'", "''")}'`;
};

/** A dotted name (`db.schema.table`), every part quoted. */
export const qualified = (...parts: string[]): string => parts.map(ident).join('.');
