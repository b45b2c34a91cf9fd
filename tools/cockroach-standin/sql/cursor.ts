// A cursor over one statement's tokens, with the few parsing moves CockroachDB-only statements need. Names follow
// CockroachDB: an unquoted identifier is folded to lower case, a "Quoted" one keeps its case. `$n` placeholders
// resolve against the statement's parameters, so `CREATE USER u WITH PASSWORD $1` works over the extended protocol.
import { SqlError } from './engine.types.js';
import type { Token } from './lexer.js';

export class Cursor {
  private i = 0;
  constructor(readonly tokens: Token[], readonly sql: string, readonly params: (string | null)[]) {}

  peek(k = 0): Token | undefined { return this.tokens[this.i + k]; }
  next(): Token { const t = this.tokens[this.i++]; if (!t) throw this.error(); return t; }
  get position(): number { return this.i; }
  atEnd(): boolean { return this.i >= this.tokens.length; }
  /** The raw SQL from the current token to the end (for sub-statements and expressions). */
  rest(): string { const t = this.peek(); return t ? this.sql.slice(t.start) : ''; }

  /** Whether the next tokens are these unquoted words, without consuming them. */
  isWords(...words: string[]): boolean {
    return words.every((w, k) => { const t = this.peek(k); return t?.type === 'word' && t.value === w; });
  }
  acceptWords(...words: string[]): boolean {
    if (!this.isWords(...words)) return false;
    this.i += words.length;
    return true;
  }
  expectWords(...words: string[]): void { if (!this.acceptWords(...words)) throw this.error(); }
  isPunct(p: string): boolean { const t = this.peek(); return !!t && (t.type === 'punct' || t.type === 'op') && t.text === p; }
  acceptPunct(p: string): boolean { if (!this.isPunct(p)) return false; this.i++; return true; }
  expectPunct(p: string): void { if (!this.acceptPunct(p)) throw this.error(); }

  /** An identifier: unquoted (lower-cased) or "quoted" (exact). */
  name(): string {
    const t = this.next();
    if (t.type === 'word' || t.type === 'qident') return t.value;
    throw this.error(t);
  }
  /** A role name may also be given as a string or a placeholder in CockroachDB (CREATE USER 'x', $1). */
  roleName(): string {
    const t = this.peek();
    if (t?.type === 'string' || t?.type === 'param') return this.stringValue() ?? '';
    return this.name();
  }
  nameList(one: () => string = () => this.name()): string[] {
    const out = [one()];
    while (this.acceptPunct(',')) out.push(one());
    return out;
  }
  /** A dotted name, parts in order (`db.public.t` → ['db','public','t']). */
  qualifiedName(): string[] {
    const out = [this.name()];
    while (this.acceptPunct('.')) out.push(this.isPunct('*') ? (this.next(), '*') : this.name());
    return out;
  }
  /** A string literal or a `$n` placeholder (NULL placeholder → null). */
  stringValue(): string | null {
    const t = this.next();
    if (t.type === 'string') return t.value;
    if (t.type === 'param') {
      const n = Number(t.value);
      if (n < 1 || n > this.params.length) throw new SqlError('08P01', `no value provided for placeholder: $${n}`);
      return this.params[n - 1] ?? null;
    }
    throw this.error(t);
  }
  /** A setting value: string, placeholder, number, bare word (on/off/true), or a signed number. */
  settingValue(): string | null {
    const t = this.peek();
    if (!t) throw this.error();
    if (t.type === 'string' || t.type === 'param') return this.stringValue();
    if (t.type === 'op' && (t.text === '-' || t.text === '+')) { this.next(); return t.text + this.next().text; }
    if (t.type === 'number' || t.type === 'word' || t.type === 'qident') { this.next(); return t.value; }
    throw this.error(t);
  }
  /** The statement must be over here. */
  end(): void { if (!this.atEnd()) throw this.error(this.peek()); }

  error(t: Token | undefined = this.peek()): SqlError {
    const near = t ? t.text : 'EOF';
    return new SqlError('42601', `at or near "${near.toLowerCase()}": syntax error`, { detail: `source SQL:\n${this.sql}` });
  }
}
