// Flag parsing as the cockroach binary does it (spf13/pflag): `--flag=value` or `--flag value`, booleans as `--flag`
// or `--flag=true|false`, repeatable flags collect every value, `-x` short aliases. Every subcommand declares its
// flags; anything else fails loudly with the flag's name, as `cockroach` does ("unknown flag: --foo").

/** list = repeatable and comma-separated (--join=a,b --join c); strings = repeatable, taken whole (-e "SELECT 1, 2"). */
export type FlagKind = 'string' | 'bool' | 'list' | 'strings';
export type FlagSpec = Record<string, FlagKind>;

/** A usage error: the CLI prints `ERROR: <message>` and exits 1, like `cockroach` ("Failed running ..."). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type ParsedFlags = {
  string(name: string): string | undefined;
  bool(name: string): boolean;
  list(name: string): string[];
  has(name: string): boolean;
  positional: string[];
};

export const parseFlags = (argv: readonly string[], spec: FlagSpec, aliases: Record<string, string> = {}): ParsedFlags => {
  const values = new Map<string, string | boolean | string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = eq >= 0 ? arg.slice(0, eq) : arg;
    const name = rawName.startsWith('--') ? rawName.slice(2) : (aliases[rawName.slice(1)] ?? '');
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown ${rawName.startsWith('--') ? 'flag' : 'shorthand flag'}: ${rawName}`);
    let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (kind === 'bool') {
      if (value !== undefined && !['true', 'false'].includes(value)) {
        throw new UsageError(`invalid argument "${value}" for "${rawName}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
      }
      values.set(name, value !== 'false');
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`flag needs an argument: ${rawName}`);
    }
    if (kind === 'list' || kind === 'strings') {
      const prev = (values.get(name) as string[] | undefined) ?? [];
      values.set(name, [...prev, ...(kind === 'list' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [value])]);
    } else {
      values.set(name, value);
    }
  }
  return {
    string: (n) => values.get(n) as string | undefined,
    bool: (n) => values.get(n) === true,
    list: (n) => (values.get(n) as string[] | undefined) ?? [],
    has: (n) => values.has(n),
    positional,
  };
};

export type HostPort = { host: string; port: number };

/** `host:port`, `host`, `:port`, `[v6]:port`; an empty host means "all interfaces" as in CockroachDB's flags. */
export const parseAddr = (value: string | undefined, defaults: HostPort): HostPort => {
  if (value === undefined || value === '') return defaults;
  const m = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(value);
  if (!m) throw new UsageError(`invalid address: ${value}`);
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? defaults.host : host, port: m[3] ? Number(m[3]) : defaults.port };
};

export const formatAddr = (a: HostPort) => `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;

/** Byte sizes as CockroachDB's flags take them: 1000000000, 1GB (10^9), 1GiB (2^30), also MB/MiB/KB/KiB/TB/TiB. */
export const parseBytes = (value: string): number => {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]i?B)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`invalid size: ${value}`);
  const unit = (m[2] ?? '').toUpperCase();
  const pow = { '': 0, KB: 1, MB: 2, GB: 3, TB: 4, KIB: 1, MIB: 2, GIB: 3, TIB: 4 }[unit] ?? 0;
  return Math.round(Number(m[1]) * (unit.includes('I') ? 1024 : 1000) ** pow);
};
