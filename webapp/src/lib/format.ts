// Display helpers, exposed to templates as Alpine magics ($utc, $age, $when, $statusClass, $json, $bytes...).
// Times are always shown in UTC with a relative age.

const pad = (n: number) => String(n).padStart(2, '0');

/** Any value as display text: objects as JSON, nullish as ''. */
export const text = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v);
    } catch {
      return '[object]';
    }
  }
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? v.toString() : '';
};

const toDate = (v: unknown): Date | undefined => {
  if (v === null || v === undefined || v === '') return undefined;
  const d = v instanceof Date ? v : new Date(typeof v === 'number' ? v : text(v));
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/** "2026-11-24 20:31:05 UTC" */
export const utc = (v: unknown): string => {
  const d = toDate(v);
  if (!d) return '–';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
};

/** "5m ago", "in 3h", "just now" */
export const age = (v: unknown, now: number = Date.now()): string => {
  const d = toDate(v);
  if (!d) return '';
  const s = Math.round((now - d.getTime()) / 1000);
  const a = Math.abs(s);
  const unit = a < 45 ? '' : a < 3600 ? `${Math.round(a / 60)}m` : a < 86400 ? `${Math.round(a / 3600)}h` : `${Math.round(a / 86400)}d`;
  if (!unit) return 'just now';
  return s >= 0 ? `${unit} ago` : `in ${unit}`;
};

/** Absolute UTC time plus relative age, for table cells. */
export const when = (v: unknown): string => (toDate(v) ? `${utc(v)} (${age(v)})` : '–');

/** Seconds → "1h 02m 03s". */
export const duration = (ms: number | undefined): string => {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '–';
  const t = Math.round(ms / 1000);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  if (h) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m) return `${m}m ${pad(s)}s`;
  return `${s}s`;
};

export const msBetween = (start: unknown, end: unknown): number | undefined => {
  const a = toDate(start);
  const b = toDate(end) ?? (start ? new Date() : undefined);
  return a && b ? b.getTime() - a.getTime() : undefined;
};

const STATUS_CLASS: [RegExp, string][] = [
  [/FAILED|ERROR|UNHEALTHY/, 'st-bad'],
  [/CANCEL|DELETED/, 'st-muted'],
  [/ACTIVE|SUCCEEDED|SUCCESS|AVAILABLE|OK/, 'st-good'],
  [/QUEUED|PENDING/, 'st-wait'],
  [/ING$|RUNNING/, 'st-busy'],
];

export const statusClass = (status: unknown): string => {
  const s = text(status).toUpperCase();
  return `badge ${STATUS_CLASS.find(([re]) => re.test(s))?.[1] ?? 'st-muted'}`;
};

const ACTION_CLASS: [RegExp, string][] = [
  [/LOGIN|LOGOUT/, 'act-auth'],
  [/DELETE|REVOKE|CANCEL/, 'act-delete'],
  [/CREATE|GRANT/, 'act-create'],
  [/UPDATE|SCALE|UPGRADE|RESET|SET|PROMOTE|FINALIZE/, 'act-update'],
];

export const actionClass = (action: unknown): string => {
  const s = text(action).toUpperCase();
  const hit = ACTION_CLASS.find(([re]) => re.test(s));
  if (hit) return `pill ${hit[1]}`;
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) % 5;
  return `pill act-h${h}`;
};

/** Bytes in binary units: "0 B", "512 B", "1.5 KiB", "20.0 GiB" (as CockroachDB's DB Console). */
export const bytes = (v: unknown): string => {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < 0) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let x = n;
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return i === 0 ? `${x} B` : `${x.toFixed(x < 10 ? 2 : 1)} ${units[i] ?? ''}`;
};

/** Compact JSON for details columns. */
export const json = (v: unknown, indent = 0): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, null, indent);
  } catch {
    return text(v);
  }
};
