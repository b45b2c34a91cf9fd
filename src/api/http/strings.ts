// THE string rule of the API: every path parameter, query parameter and body string goes through `safeString`, so
// no NUL character and no unpaired UTF-16 surrogate reaches the database (PostgreSQL refuses both, SQLSTATE
// 22021 / 22P05, which used to surface as a 500) and every string has a maximum length. Free-form JSON values
// (setting values, region extras) go through `safeJson`, which applies the same rule to every key and string inside.
// Request bodies are strict objects (`z.strictObject`): an unknown field is a 400, never silently dropped; an API
// route without a body schema takes no body (`refuseUndeclaredBodies`: anything but none or `{}` is a 400), so that
// holds for routes added later too. `unsafeStringsIn` walks a request schema and lists every string that bypasses
// the rule; the foundation test runs it over every registered route, so a new route cannot forget it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../shared/errors.js';

// An unpaired surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const UNSAFE_TEXT = 'a NUL character (U+0000) or an unpaired UTF-16 surrogate';
export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters (U+0000) or unpaired UTF-16 surrogates';

/** True when `s` can be stored as text by PostgreSQL and CockroachDB: no NUL, no unpaired surrogate. */
export const isSafeText = (s: string): boolean => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

/** The one check instance; `unsafeStringsIn` recognises a safe string by it. */
const SAFE_TEXT = z.refine<string>(isSafeText, { message: UNSAFE_TEXT_MESSAGE, abort: true });

export type SafeStringOptions = {
  /** Maximum length in UTF-16 code units (required: every string has one). */
  max: number;
  min?: number;
  /** Trim surrounding whitespace before the checks (only where the domain says blanks carry no meaning). */
  trim?: boolean;
};

export const safeString = (o: SafeStringOptions) => {
  let s = z.string();
  if (o.trim) s = s.trim();
  s = s.check(SAFE_TEXT).max(o.max);
  return o.min !== undefined ? s.min(o.min) : s;
};

const MAX_JSON_DEPTH = 32;

const jsonProblem = (v: unknown, depth: number): string | undefined => {
  if (typeof v === 'string') return isSafeText(v) ? undefined : `a string with ${UNSAFE_TEXT}`;
  if (v === null || typeof v !== 'object') return undefined;
  if (depth > MAX_JSON_DEPTH) return `nests deeper than ${MAX_JSON_DEPTH} levels`;
  for (const [k, x] of Object.entries(v)) {
    if (!isSafeText(k)) return `a key with ${UNSAFE_TEXT}`;
    const p = jsonProblem(x, depth + 1);
    if (p) return p;
  }
  return undefined;
};

const SAFE_JSON = z.superRefine<unknown>((v, ctx) => {
  const p = jsonProblem(v, 0);
  if (p) ctx.addIssue({ code: 'custom', message: `contains ${p}` });
});

/** Any JSON value whose keys and strings (at every depth) follow the string rule. */
export const safeJson = () => z.unknown().check(SAFE_JSON);

const isEmptyBody = (b: unknown) =>
  b === undefined || b === null || (typeof b === 'object' && !Array.isArray(b) && Object.keys(b).length === 0);

/**
 * API routes (`/api/…`, not the docs UI) without a body schema take no body: none, or `{}` (what the console sends
 * on a bare POST), else a 400. Registered after the guard, so an anonymous caller still gets its 401 first.
 */
export const refuseUndeclaredBodies = (app: FastifyInstance) => {
  app.addHook('preValidation', async (req) => {
    const url = req.routeOptions.url ?? '';
    if (req.routeOptions.schema?.body || !url.startsWith('/api/') || url.startsWith('/api/docs') || isEmptyBody(req.body)) return;
    throw new ValidationError('Invalid body: this route takes no request body (send none, or {}).', {
      fields: [{ location: 'body', path: '(root)', message: 'no body expected' }],
    });
  });
};

type Def = {
  type: string;
  checks?: unknown[];
  format?: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
};

const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

const ALWAYS_SAFE = new Set(['number', 'bigint', 'boolean', 'date', 'enum', 'literal', 'null', 'undefined', 'never', 'nan', 'transform']);

/**
 * Paths inside a request schema where a string (or free-form value) escapes the rule, e.g. `["body.name"]`.
 * Built-in string formats (ISO datetime, UUID) count as safe: their patterns admit neither NUL nor surrogates.
 * With `strictObjects`, objects that accept unknown keys are reported too (for bodies).
 */
export const unsafeStringsIn = (schema: z.ZodType, where: string, opts: { strictObjects?: boolean } = {}): string[] => {
  const out: string[] = [];
  const walk = (s: z.ZodType | null | undefined, path: string) => {
    if (!s) return;
    const d = defOf(s);
    switch (d.type) {
      case 'string':
        if (!d.format && !d.checks?.includes(SAFE_TEXT)) out.push(`${path}: a bare string (use safeString)`);
        return;
      case 'unknown':
      case 'any':
        if (!d.checks?.includes(SAFE_JSON)) out.push(`${path}: an unchecked value (use safeJson)`);
        return;
      case 'object': {
        for (const [k, v] of Object.entries(d.shape ?? {})) walk(v, `${path}.${k}`);
        const catchall = d.catchall ? defOf(d.catchall).type : undefined;
        if (catchall && catchall !== 'never') walk(d.catchall, `${path}.*`);
        if (opts.strictObjects && catchall !== 'never') out.push(`${path}: accepts unknown fields (use z.strictObject)`);
        return;
      }
      case 'array':
        return walk(d.element, `${path}[]`);
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        return walk(d.innerType, path);
      case 'pipe':
        // The client faces the input side; the output side only sees what the input side already accepted.
        return walk(d.in, path);
      case 'union':
        d.options?.forEach((o, i) => walk(o, `${path}|${i}`));
        return;
      case 'record':
        walk(d.keyType, `${path}{key}`);
        return walk(d.valueType, `${path}{value}`);
      case 'intersection':
        walk(d.left, path);
        return walk(d.right, path);
      case 'tuple':
        d.items?.forEach((x, i) => walk(x, `${path}[${i}]`));
        return walk(d.rest, `${path}[...]`);
      default:
        if (!ALWAYS_SAFE.has(d.type)) out.push(`${path}: unsupported schema type "${d.type}" (teach unsafeStringsIn about it)`);
    }
  };
  walk(schema, where);
  return out;
};
