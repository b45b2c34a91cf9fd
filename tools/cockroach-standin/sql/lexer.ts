// A PostgreSQL/CockroachDB lexer, enough to split statements correctly (quotes, "identifiers", $tag$ dollar quotes$tag$,
// E'escapes', -- and nested /* */ comments) and to parse the CockroachDB-only statements token by token. It never
// needs to understand portable SQL: that goes to PostgreSQL verbatim.

export type TokenType = 'word' | 'qident' | 'string' | 'param' | 'number' | 'op' | 'punct' | 'semicolon';
/** `value`: words lower-cased (CockroachDB folds unquoted identifiers), quoted identifiers and strings unescaped. */
export type Token = { type: TokenType; text: string; value: string; start: number; end: number };

const isWordStart = (c: string) => /[A-Za-z_\u0080-\uffff]/.test(c);
const isWordChar = (c: string) => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
const OP_CHARS = '+-*/<>=~!@#%^&|`?:';

export class LexError extends Error {}

const unescapeE = (body: string): string =>
  body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{4}|[0-7]{1,3}|.)/g, (_, e: string) => {
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return map[e] ?? e;
  });

export const tokenize = (sql: string): Token[] => {
  const out: Token[] = [];
  let i = 0;
  const push = (type: TokenType, start: number, end: number, value?: string) =>
    out.push({ type, text: sql.slice(start, end), value: value ?? sql.slice(start, end), start, end });
  while (i < sql.length) {
    const c = sql[i]!;
    const n = sql[i + 1] ?? '';
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && n === '-') { while (i < sql.length && sql[i] !== '\n') i++; continue; }
    if (c === '/' && n === '*') {
      let depth = 0;
      do {
        if (sql.startsWith('/*', i)) { depth++; i += 2; } else if (sql.startsWith('*/', i)) { depth--; i += 2; } else i++;
      } while (depth > 0 && i < sql.length);
      if (depth > 0) throw new LexError('unterminated comment');
      continue;
    }
    const start = i;
    // E'…' / B'…' / X'…' prefixes: the letter belongs to the string literal.
    if (/[eEbBxXnN]/.test(c) && n === "'") {
      const { end, body } = readQuoted(sql, i + 1, "'", /[eE]/.test(c));
      push('string', start, end, /[eE]/.test(c) ? unescapeE(body) : body);
      i = end;
      continue;
    }
    if (c === "'") {
      const { end, body } = readQuoted(sql, i, "'", false);
      push('string', start, end, body);
      i = end;
      continue;
    }
    if (c === '"') {
      const { end, body } = readQuoted(sql, i, '"', false);
      push('qident', start, end, body);
      i = end;
      continue;
    }
    if (c === '$') {
      const p = /^\$(\d+)/.exec(sql.slice(i));
      if (p) { push('param', i, i + p[0].length, p[1]); i += p[0].length; continue; }
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close < 0) throw new LexError('unterminated dollar-quoted string');
        push('string', i, close + tag[0].length, sql.slice(i + tag[0].length, close));
        i = close + tag[0].length;
        continue;
      }
    }
    if (isWordStart(c)) {
      while (i < sql.length && isWordChar(sql[i]!)) i++;
      push('word', start, i, sql.slice(start, i).toLowerCase());
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(n))) {
      while (i < sql.length && /[0-9.eE]/.test(sql[i]!)) {
        if (/[eE]/.test(sql[i]!) && /[+-]/.test(sql[i + 1] ?? '')) i++;
        i++;
      }
      push('number', start, i);
      continue;
    }
    if (c === ';') { push('semicolon', i, i + 1); i++; continue; }
    if (OP_CHARS.includes(c)) {
      while (i < sql.length && OP_CHARS.includes(sql[i]!)) {
        if ((sql[i] === '-' && sql[i + 1] === '-') || (sql[i] === '/' && sql[i + 1] === '*')) break;
        i++;
      }
      push('op', start, i);
      continue;
    }
    push('punct', i, i + 1);
    i++;
  }
  return out;
};

/** Reads a quoted run starting at `sql[at]` (the opening quote); a doubled quote is an escaped quote. */
const readQuoted = (sql: string, at: number, q: string, backslashes: boolean): { end: number; body: string } => {
  let i = at + 1;
  let body = '';
  for (;;) {
    if (i >= sql.length) throw new LexError(q === '"' ? 'unterminated quoted identifier' : 'unterminated string');
    const c = sql[i]!;
    if (backslashes && c === '\\') { body += c + (sql[i + 1] ?? ''); i += 2; continue; }
    if (c === q) {
      if (sql[i + 1] === q) { body += q; i += 2; continue; }
      return { end: i + 1, body };
    }
    body += c;
    i++;
  }
};

export type Statement = { sql: string; tokens: Token[] };

/** Splits on top-level semicolons; empty statements (only whitespace/comments) are dropped. Token offsets are rebased. */
export const splitStatements = (sql: string): Statement[] => {
  const tokens = tokenize(sql);
  const out: Statement[] = [];
  let from = 0;
  for (let k = 0; k <= tokens.length; k++) {
    const t = tokens[k];
    if (t && t.type !== 'semicolon') continue;
    const part = tokens.slice(from, k);
    if (part.length > 0) {
      const s = part[0]!.start;
      const e = part[part.length - 1]!.end;
      out.push({ sql: sql.slice(s, e), tokens: part.map((p) => ({ ...p, start: p.start - s, end: p.end - s })) });
    }
    from = k + 1;
  }
  return out;
};
