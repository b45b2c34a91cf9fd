// fast-check arbitraries generated from a route's own Zod schema, for property tests:
//   - `valueOf(schema)`: values of the schema's shape (for the serializer comparison; add `extraKeys` to put
//     unlisted fields into every object, which a serializer must strip);
//   - `badValueOf(schema)`: mostly invalid input — a valid-looking value with one part replaced by something hostile
//     (NUL, an unpaired surrogate, an overlong string, a wrong type, a huge or negative number, an unknown field,
//     deep nesting), or a wrong value altogether — for the fault suite.
import fc from 'fast-check';
import type { z } from 'zod';

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  values?: unknown[];
  entries?: Record<string, unknown>;
  items?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
};
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Names no schema of cp uses: an object carrying them must not show them in a response. */
export const EXTRA_KEYS = ['__unlisted', 'encrypted_secret', 'password'] as const;

const HOSTILE_STRINGS = ['a\u0000b', '\u0000', '\ud800', 'x\udc00y', 'x'.repeat(70_000), '', ' ', '../../etc/passwd', '\u202e\u2028', '%00', '{"$ne":1}', "'; DROP TABLE clusters; --"];
const HOSTILE = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE_STRINGS, null, true, false, 0, -1, 1e308, -1e308, 2 ** 63, 0.5, [], {}, [null], { a: { b: { c: { d: {} } } } }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

export type ArbitraryOptions = { extraKeys?: boolean; maxDepth?: number };

export const valueOf = (schema: z.ZodType, opts: ArbitraryOptions = {}): fc.Arbitrary<unknown> => {
  const gen = (s: z.ZodType, depth: number): fc.Arbitrary<unknown> => {
    const d = defOf(s);
    switch (d.type) {
      case 'string':
        return fc.string({ unit: 'grapheme', maxLength: 20 });
      case 'number':
      case 'int':
        return fc.integer({ min: -1_000_000, max: 1_000_000 });
      case 'bigint':
        return fc.bigInt();
      case 'boolean':
        return fc.boolean();
      case 'date':
        return fc.date({ noInvalidDate: true, min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z') });
      case 'enum':
        return fc.constantFrom(...Object.values(d.entries ?? {}));
      case 'literal':
        return fc.constantFrom(...(d.values ?? []));
      case 'null':
        return fc.constant(null);
      case 'undefined':
        return fc.constant(undefined);
      case 'unknown':
      case 'any':
        return fc.jsonValue({ maxDepth: 2 });
      case 'nullable':
        return fc.option(gen(d.innerType!, depth), { nil: null, freq: 3 });
      case 'optional':
        return fc.option(gen(d.innerType!, depth), { nil: undefined, freq: 3 });
      case 'default':
      case 'prefault':
      case 'catch':
      case 'readonly':
      case 'nonoptional':
        return gen(d.innerType!, depth);
      case 'pipe':
        return gen(d.in!, depth);
      case 'lazy':
        return depth > (opts.maxDepth ?? 4) ? fc.constant(null) : gen(d.getter!(), depth + 1);
      case 'array':
        return fc.array(gen(d.element!, depth + 1), { maxLength: 3 });
      case 'tuple':
        return fc.tuple(...(d.items ?? []).map((x) => gen(x, depth + 1)));
      case 'union':
        return fc.oneof(...(d.options ?? []).map((o) => gen(o, depth)));
      case 'record':
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), gen(d.valueType!, depth + 1), { maxKeys: 3 });
      case 'intersection':
        return fc.tuple(gen(d.left!, depth), gen(d.right!, depth)).map(([a, b]) => ({ ...(a as object), ...(b as object) }));
      case 'object': {
        const fields: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(d.shape ?? {})) fields[k] = gen(v, depth + 1);
        const base = fc.record(fields).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
        // A strict object refuses unknown keys (Zod fails on them), so it gets none.
        if (!opts.extraKeys || (d.catchall && defOf(d.catchall).type === 'never')) return base;
        return fc.tuple(base, fc.subarray([...EXTRA_KEYS], { minLength: 1 }), fc.string({ maxLength: 10 })).map(([o, keys, v]) => ({
          ...o, ...Object.fromEntries(keys.filter((k) => !(k in (d.shape ?? {}))).map((k) => [k, v])),
        }));
      }
      default:
        throw new Error(`valueOf: no generator for Zod type "${d.type}"`);
    }
  };
  return gen(schema, 0);
};

/** Paths into an object value (["a"], ["a", 0, "b"]) where a hostile value can be put. */
const paths = (v: unknown, at: (string | number)[] = []): (string | number)[][] => {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
};

const replaceAt = (v: unknown, path: (string | number)[], x: unknown): unknown => {
  if (path.length === 0) return x;
  const [head, ...rest] = path;
  if (Array.isArray(v)) return (v as unknown[]).map((e, i) => (i === head ? replaceAt(e, rest, x) : e));
  return { ...(v as object), [head!]: replaceAt((v as Record<string | number, unknown>)[head!], rest, x) };
};

/** Mostly invalid input for `schema`. */
export const badValueOf = (schema: z.ZodType): fc.Arbitrary<unknown> => {
  const valid = valueOf(schema);
  return fc.oneof(
    // one part of a plausible value replaced by something hostile
    { weight: 5, arbitrary: fc.tuple(valid, HOSTILE, fc.nat()).map(([v, bad, pick]) => { const ps = paths(v); return replaceAt(v, ps[pick % ps.length]!, bad); }) },
    // an unknown field next to plausible ones
    { weight: 2, arbitrary: fc.tuple(valid, fc.constantFrom('unknown_field', '__proto__x', 'constructor', ''), HOSTILE).map(([v, k, bad]) => (v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [k]: bad } : v)) },
    // a required part left out
    { weight: 1, arbitrary: valid.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).slice(1)) : v)) },
    // something else entirely
    { weight: 1, arbitrary: HOSTILE },
  );
};

/** Hostile text for path parameters and query values. */
export const badText = (): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 5_000), 'x'.repeat(600)), fc.string({ unit: 'binary', maxLength: 30 }));
