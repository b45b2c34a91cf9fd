// Durations as CockroachDB prints them: cluster settings of type `d` show Go's time.Duration format ('5m0s', '500ms',
// '0s') in SHOW CLUSTER SETTINGS, and an INTERVAL ('00:05:00') in SHOW CLUSTER SETTING <name>.

const UNITS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
  millisecond: 1, milliseconds: 1, msec: 1, second: 1000, seconds: 1000, sec: 1000, secs: 1000,
  minute: 60_000, minutes: 60_000, min: 60_000, mins: 60_000, hour: 3_600_000, hours: 3_600_000,
  day: 86_400_000, days: 86_400_000,
};

/** Milliseconds from '10s', '1h30m', '1.5s', '00:01:00', '1 minute', '0' or a bare number of milliseconds. */
export const parseDuration = (input: string): number => {
  const s = input.trim().toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  const hms = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(s);
  if (hms) return (Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3])) * 1000;
  const re = /(\d+(?:\.\d+)?)\s*([a-zµ]+)\s*/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const unit = UNITS[m[2]!];
    if (unit === undefined) break;
    total += Number(m[1]) * unit;
    matched = re.lastIndex;
  }
  if (matched !== s.length || s.length === 0) throw new Error(`could not parse "${input}" as type interval`);
  return total;
};

const trim = (n: number): string => String(Number(n.toFixed(6)));

/** Go's time.Duration.String() for a millisecond count. */
export const formatGoDuration = (ms: number): string => {
  if (ms === 0) return '0s';
  if (ms < 1) return `${trim(ms * 1000)}µs`;
  if (ms < 1000) return `${trim(ms)}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  if (h > 0) return `${h}h${m}m${trim(s)}s`;
  if (m > 0) return `${m}m${trim(s)}s`;
  return `${trim(s)}s`;
};

/** INTERVAL text as CockroachDB prints it: 'HH:MM:SS' with fractional seconds when present. */
export const formatInterval = (ms: number): string => {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const frac = ms % 1000;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${frac ? `.${String(Math.round(frac * 1000)).padStart(6, '0').replace(/0+$/, '')}` : ''}`;
};
