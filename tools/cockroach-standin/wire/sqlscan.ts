// Just enough lexing to answer two wire-level questions without a parser: how many `$n` placeholders a statement
// has (for ParameterDescription and Bind checks) and whether a query is empty (EmptyQueryResponse). Quotes,
// dollar-quoted bodies and comments are skipped so `'$1'` or `-- $2` do not count.

export type SqlScan = { maxParam: number; empty: boolean };

const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

export const scanSql = (sql: string): SqlScan => {
  let maxParam = 0;
  let empty = true;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] ?? '';
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      // Block comments nest in PostgreSQL and CockroachDB.
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        const pair = sql.slice(i, i + 2);
        if (pair === '/*' || pair === '*/') {
          depth += pair === '/*' ? 1 : -1;
          i += 2;
        } else i++;
      }
      continue;
    }
    if (/\s/.test(c) || c === ';') {
      i++;
      continue;
    }
    empty = false;
    if (c === "'") {
      // E'...' strings honour backslash escapes; plain strings only double quotes.
      const escapes = (sql[i - 1] === 'e' || sql[i - 1] === 'E') && !isIdentChar(sql[i - 2]);
      i++;
      while (i < n) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      i = end < 0 ? n : end + 1;
      // A doubled "" inside an identifier just restarts this branch on the next iteration.
      continue;
    }
    if (c === '$') {
      const digits = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (digits?.[1] !== undefined && !isIdentChar(sql[i - 1])) {
        maxParam = Math.max(maxParam, Number(digits[1]));
        i += digits[0].length;
        continue;
      }
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag !== null && !isIdentChar(sql[i - 1])) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? n : end + tag[0].length;
        continue;
      }
    }
    i++;
  }
  return { maxParam, empty };
};
