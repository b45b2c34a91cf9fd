// Validation of a setting value against its registry definition, run on every write. Returns the canonical text
// stored in the settings table (e.g. booleans as "true"/"false", JSON re-serialised) or throws a ValidationError that
// says why. Accepts the JSON types a client naturally sends (a number for an integer, an object for json) as well
// as their text form, so `{"value": 5}` and `{"value": "5"}` mean the same.
import { ValidationError } from '../../shared/errors.js';
import type { SettingDefinition } from './settings.registry.js';

const MAX_TEXT = 16 * 1024;
// Keys whose JSON value must be an object (they are merged into request parameters).
const JSON_OBJECT_KEYS = new Set(['oidc.extra_auth_params']);

const fail = (key: string, why: string): never => {
  throw new ValidationError(`Invalid value for setting "${key}": ${why}.`, { key });
};

const asText = (key: string, value: unknown): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(key, `expected a string, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
};

const checkText = (key: string, text: string) => {
  if (text.length > MAX_TEXT) fail(key, `longer than ${MAX_TEXT} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) fail(key, 'contains control characters');
};

const validators: Record<SettingDefinition['type'], (def: SettingDefinition, value: unknown) => string> = {
  string: (d, v) => {
    const t = asText(d.key, v);
    checkText(d.key, t);
    return t;
  },
  integer: (d, v) => {
    const t = asText(d.key, v).trim();
    if (!/^-?\d+$/.test(t)) fail(d.key, `"${t}" is not a whole number`);
    const n = Number(t);
    if (!Number.isSafeInteger(n)) fail(d.key, 'out of range');
    if (d.min !== undefined && n < d.min) fail(d.key, `must be at least ${d.min}`);
    if (d.max !== undefined && n > d.max) fail(d.key, `must be at most ${d.max}`);
    return String(n);
  },
  boolean: (d, v) => {
    const t = asText(d.key, v).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(t)) return 'true';
    if (['false', '0', 'no', 'off'].includes(t)) return 'false';
    return fail(d.key, 'expected true or false');
  },
  url: (d, v) => {
    const t = asText(d.key, v).trim();
    if (t === '') return ''; // empty means "not configured" for every url setting
    checkText(d.key, t);
    let u: URL;
    try {
      u = new URL(t);
    } catch {
      return fail(d.key, `"${t}" is not an absolute URL`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') fail(d.key, 'only http and https URLs are allowed');
    if (/\s/.test(t)) fail(d.key, 'URLs cannot contain spaces');
    return t;
  },
  csv: (d, v) => {
    const items = Array.isArray(v) ? v.map((x) => asText(d.key, x)) : asText(d.key, v).split(',');
    const clean = items.map((s) => s.trim()).filter(Boolean);
    for (const s of clean) {
      checkText(d.key, s);
      if (s.includes(',')) fail(d.key, 'list items cannot contain commas');
    }
    return clean.join(',');
  },
  json: (d, v) => {
    let parsed: unknown = v;
    if (typeof v === 'string') {
      try {
        parsed = JSON.parse(v);
      } catch (err) {
        return fail(d.key, `not valid JSON (${(err as Error).message})`);
      }
    }
    if (JSON_OBJECT_KEYS.has(d.key) && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
      fail(d.key, 'must be a JSON object');
    }
    const text = JSON.stringify(parsed);
    checkText(d.key, text);
    return text;
  },
  path: (d, v) => {
    const t = asText(d.key, v).trim();
    if (!t.startsWith('/')) fail(d.key, 'must start with "/"');
    // "//host/x" and "/\host" are protocol-relative: a browser would leave cp for another site.
    if (t.startsWith('//') || t.startsWith('/\\')) fail(d.key, 'must be a path on this server, not "//host"');
    if (/\s/.test(t)) fail(d.key, 'cannot contain spaces');
    checkText(d.key, t);
    return t;
  },
  enum: (d, v) => {
    const t = asText(d.key, v).trim();
    const allowed = d.enumValues ?? [];
    if (!allowed.includes(t)) fail(d.key, `must be one of ${allowed.join(', ')}`);
    return t;
  },
};

/** The canonical stored text for `value`, or a ValidationError explaining why it does not fit `def`. */
export const normalizeSettingValue = (def: SettingDefinition, value: unknown): string => validators[def.type](def, value);
