// The shape of every cpctl HTTP command (noun verb, like kubectl): its options, help text with examples, and the
// function that runs it. One table of these drives the dispatcher, `--help` on every level and shell completion, so
// a command cannot exist without help or be missing from completion.
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import type { Context } from './context.js';
import { GLOBAL_OPTIONS, type OptionSpecs, type OptionValues } from './options.js';

export { GLOBAL_OPTIONS, type GlobalValues, type OptionSpec, type OptionSpecs, type OptionValues } from './options.js';

export type Command<O extends OptionSpecs = OptionSpecs> = {
  /** Words that name the command, e.g. ['clusters', 'list']. */
  path: readonly string[];
  summary: string;
  /** Positional arguments as the usage line shows them, e.g. "<cluster_id>". */
  args?: string;
  /** Positional arguments allowed: [min, max]. Default [0, 0]. */
  arity?: readonly [number, number];
  options?: O;
  /** A paragraph after the usage line. */
  details?: string;
  examples: readonly string[];
  /** Returns the exit code (default 0). */
  run: (ctx: Context, input: { values: OptionValues<O>; args: string[] }) => Promise<number | void>;
};

/** Keeps the option types of one command while storing all commands in one list. */
export const defineCommand = <O extends OptionSpecs>(command: Command<O>): Command => command as unknown as Command;


/** Options of commands that start a job. */
export const WAIT_OPTIONS = {
  wait: { type: 'boolean', short: 'w', description: 'Follow the job to its end: progress, task lines, exit code 0 succeeded, 1 failed, 3 cancelled, 4 timed out' },
  timeout: { type: 'string', placeholder: 'DURATION', description: 'With --wait: give up after this long (e.g. 90s, 30m, 2h; default 2h); the job keeps running' },
} as const satisfies OptionSpecs;

const takesValue = (specs: OptionSpecs, token: string): boolean => {
  if (token.includes('=')) return false;
  const spec = token.startsWith('--')
    ? specs[token.slice(2)]
    : Object.values(specs).find((s) => s.short === token.slice(1));
  return spec?.type === 'string';
};

/** The leading words of argv, skipping global options and their values: what names the command. */
export const commandWords = (argv: readonly string[]): string[] => {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (t === '--') break;
    if (t.startsWith('-')) {
      if (takesValue(GLOBAL_OPTIONS, t)) i++;
      continue;
    }
    words.push(t);
  }
  return words;
};

/** The command whose path is the longest prefix of `words`, if any. */
export const findCommand = (commands: readonly Command[], words: readonly string[]): Command | undefined => {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.path.length <= words.length && c.path.every((w, i) => words[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best;
};

/** Parses argv for `command` (strictly: an unknown option is a usage error). */
export const parseCommandLine = (command: Command, argv: readonly string[]) => {
  const specs = { ...GLOBAL_OPTIONS, ...(command.options ?? {}) } as OptionSpecs;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, { type: s.type, ...(s.short ? { short: s.short } : {}) }])),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/\. To specify a positional argument.*$/s, '')}\nRun "cpctl ${command.path.join(' ')} --help".`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const args = parsed.positionals.slice(command.path.length);
  if (values.help) return { values, args, help: true };
  for (const [name, spec] of Object.entries(specs)) {
    const v = values[name];
    if (spec.choices && typeof v === 'string' && !spec.choices.includes(v)) {
      throw new UsageError(`--${name} must be one of ${spec.choices.join(', ')} (got "${v}")`);
    }
  }
  const [min, max] = command.arity ?? [0, 0];
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : `${min} to ${max}`;
    throw new UsageError(
      `"cpctl ${command.path.join(' ')}" takes ${want} argument${max === 1 ? '' : 's'}${command.args ? ` (${command.args})` : ''}, got ${args.length}${args.length ? `: ${args.join(' ')}` : ''}\nRun "cpctl ${command.path.join(' ')} --help".`,
    );
  }
  return { values, args, help: false };
};

const optionLines = (specs: OptionSpecs) => {
  const rows = Object.entries(specs).map(([name, s]) => [
    `${s.short ? `-${s.short}, ` : '    '}--${name}${s.type === 'string' ? ` ${s.placeholder ?? 'VALUE'}` : ''}`,
    s.description,
  ] as const);
  const w = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, d]) => `  ${l.padEnd(w)}  ${d}`);
};

export const commandHelp = (c: Command): string =>
  [
    `Usage: cpctl ${c.path.join(' ')}${c.args ? ` ${c.args}` : ''} [options]`,
    '',
    c.summary,
    ...(c.details ? ['', c.details] : []),
    ...(c.options && Object.keys(c.options).length ? ['', 'Options:', ...optionLines(c.options)] : []),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');

/** The next words after `prefix` (sub-nouns and verbs), each with a summary when it is a command. */
export const nextWords = (commands: readonly Command[], prefix: readonly string[]): { word: string; summary?: string }[] => {
  const out = new Map<string, string | undefined>();
  for (const c of commands) {
    if (c.path.length > prefix.length && prefix.every((w, i) => c.path[i] === w)) {
      const word = c.path[prefix.length]!;
      const summary = c.path.length === prefix.length + 1 ? c.summary : undefined;
      if (!out.has(word) || summary) out.set(word, summary ?? out.get(word));
    }
  }
  return [...out].map(([word, summary]) => ({ word, ...(summary !== undefined ? { summary } : {}) }));
};

/** Help for a noun (`cpctl clusters`, `cpctl admin versions`): its verbs with one line each, and an example. */
export const groupHelp = (commands: readonly Command[], prefix: readonly string[], summary?: string): string => {
  const words = nextWords(commands, prefix);
  const w = Math.max(...words.map((x) => x.word.length));
  const example = commands.find((c) => prefix.every((p, i) => c.path[i] === p))?.examples[0];
  return [
    `Usage: cpctl ${prefix.join(' ')} <${words.some((x) => x.summary === undefined) ? 'noun|verb' : 'verb'}> [options]`,
    ...(summary ? ['', summary] : []),
    '',
    'Commands:',
    ...words.map((x) => `  ${x.word.padEnd(w)}  ${x.summary ?? `(cpctl ${[...prefix, x.word].join(' ')} --help)`}`),
    ...(example ? ['', 'Example:', `  ${example}`] : []),
    '',
    `Run "cpctl ${prefix.join(' ')} <command> --help" for its options and examples.`,
    '',
  ].join('\n');
};
