// Crontab expressions as CREATE SCHEDULE takes them (create-schedule-for-backup.md: "crontab format", all times UTC):
// five fields `min hour dom month dow` with `*`, lists, ranges and `/step`, or @hourly, @daily/@midnight, @weekly,
// @monthly, @yearly/@annually.
import { SqlError } from '../sql/engine.types.js';

const MACROS: Record<string, string> = {
  '@hourly': '0 * * * *', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *', '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *',
};
const RANGES: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];

export type Cron = { minutes: Set<number>; hours: Set<number>; dom: Set<number>; months: Set<number>; dow: Set<number>; domStar: boolean; dowStar: boolean };

const bad = (expr: string) => new SqlError('22023', `error parsing cron expression "${expr}"`);

const field = (text: string, [lo, hi]: [number, number], expr: string): Set<number> => {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw bad(expr);
    const from = m[1] === '*' ? lo : Number(m[2]);
    const to = m[1] === '*' ? hi : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? hi : from;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (from < lo || to > hi || from > to || step < 1) throw bad(expr);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
};

export const parseCron = (expr: string): Cron => {
  const text = MACROS[expr.trim().toLowerCase()] ?? expr.trim();
  const f = text.split(/\s+/);
  if (f.length !== 5) throw bad(expr);
  const [minutes, hours, dom, months, dow] = f.map((x, i) => field(x, RANGES[i]!, expr)) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (dow.has(7)) dow.add(0);
  return { minutes, hours, dom, months, dow, domStar: f[2] === '*', dowStar: f[4] === '*' };
};

const dayMatches = (c: Cron, d: Date) => {
  if (!c.months.has(d.getUTCMonth() + 1)) return false;
  const dom = c.dom.has(d.getUTCDate());
  const dow = c.dow.has(d.getUTCDay());
  if (c.domStar && c.dowStar) return true;
  if (c.domStar) return dow;
  if (c.dowStar) return dom;
  return dom || dow;
};

/** The first time strictly after `after` that the expression fires. */
export const nextRun = (expr: string, after: Date): Date => {
  const c = parseCron(expr);
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  for (let guard = 0; guard < 5 * 366 * 24 * 60; guard++) {
    if (!dayMatches(c, t)) {
      t.setUTCHours(0, 0, 0, 0);
      t.setUTCDate(t.getUTCDate() + 1);
      continue;
    }
    if (!c.hours.has(t.getUTCHours())) {
      t.setUTCMinutes(0);
      t.setUTCHours(t.getUTCHours() + 1);
      continue;
    }
    if (c.minutes.has(t.getUTCMinutes())) return t;
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  throw bad(expr);
};

/** How often an expression fires (the gap between its next two runs), for the default FULL BACKUP cadence. */
export const periodMs = (expr: string, from = new Date()): number => {
  const a = nextRun(expr, from);
  return nextRun(expr, a).getTime() - a.getTime();
};
