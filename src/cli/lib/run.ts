// Runs one HTTP command line: find the command in the table (longest matching noun verb), parse its options
// strictly, run it, and turn every failure into a message on stderr and an exit code (lib/errors.ts).
import { COMMANDS, NOUNS } from '../commands/index.js';
import { ApiError, describeApiError } from './http.js';
import { commandHelp, commandWords, findCommand, GLOBAL_OPTIONS, groupHelp, nextWords, parseCommandLine, type GlobalValues, type OptionSpecs, type OptionValues } from './command.js';
import { createContext, type OutStream } from './context.js';
import { CliError, EXIT, UsageError } from './errors.js';

export type CliIo = { stdout: OutStream; stderr: OutStream; env: NodeJS.ProcessEnv };

/** The commands cpctl.ts runs itself (no HTTP): listed by help and completion. */
export const LOCAL_COMMANDS = ['serve', 'migrate', 'api-key', 'version', 'help'] as const;

/** What may follow `words` on the command line: verbs, nouns, options, or an option's values. */
export const completions = (words: readonly string[]): string[] => {
  const cmdWords = commandWords(words);
  const command = findCommand(COMMANDS, cmdWords);
  const specs: OptionSpecs = { ...GLOBAL_OPTIONS, ...(command?.options ?? {}) };
  const prev = words[words.length - 1];
  if (prev?.startsWith('-') && !prev.includes('=')) {
    const spec = prev.startsWith('--') ? specs[prev.slice(2)] : Object.values(specs).find((s) => s.short === prev.slice(1));
    if (spec?.type === 'string') return [...(spec.choices ?? [])];
  }
  if (command) return Object.keys(specs).map((k) => `--${k}`);
  const next = nextWords(COMMANDS, cmdWords).map((w) => w.word);
  return cmdWords.length === 0 ? [...next, ...LOCAL_COMMANDS] : next;
};

/** The top-level list of nouns and commands, for `cpctl --help`. */
export const httpCommandsHelp = (): string => {
  const top = nextWords(COMMANDS, []);
  const w = Math.max(...top.map((t) => t.word.length), 10);
  return top.map((t) => `  ${t.word.padEnd(w)}  ${t.summary ?? NOUNS[t.word] ?? ''}`).join('\n');
};

const runLine = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const words = commandWords(argv);
  if (words[0] === '__complete') {
    io.stdout.write(`${completions(argv.slice(argv.indexOf('__complete') + 1)).join('\n')}\n`);
    return EXIT.ok;
  }
  const command = findCommand(COMMANDS, words);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (!command) {
    let prefix = words.length;
    while (prefix > 0 && nextWords(COMMANDS, words.slice(0, prefix)).length === 0) prefix--;
    const known = words.slice(0, prefix);
    if (prefix > 0 && prefix === words.length) {
      const help = groupHelp(COMMANDS, known, NOUNS[known.join(' ')]);
      if (wantsHelp) {
        io.stdout.write(help);
        return EXIT.ok;
      }
      io.stderr.write(help);
      return EXIT.usage;
    }
    const where = known.length ? `cpctl ${known.join(' ')} --help` : 'cpctl --help';
    throw new UsageError(`unknown command "${words.join(' ')}"; run "${where}"`);
  }
  const parsed = parseCommandLine(command, argv);
  if (parsed.help) {
    io.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  const global: GlobalValues = {
    ...(typeof parsed.values.output === 'string' ? { output: parsed.values.output } : {}),
    ...(parsed.values.quiet === true ? { quiet: true } : {}),
    ...(typeof parsed.values.profile === 'string' ? { profile: parsed.values.profile } : {}),
    ...(typeof parsed.values.config === 'string' ? { config: parsed.values.config } : {}),
  };
  const ctx = createContext({ ...io, global });
  return (await command.run(ctx, { values: parsed.values as unknown as OptionValues<OptionSpecs>, args: parsed.args })) ?? EXIT.ok;
};

/** Runs an HTTP command line and returns its exit code; messages go to stderr as "cpctl: …". */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  try {
    return await runLine(argv, io);
  } catch (err) {
    const e = err instanceof ApiError ? describeApiError(err) : err;
    if (e instanceof CliError) {
      io.stderr.write(`cpctl: ${e.message}\n`);
      return e.exitCode;
    }
    throw err;
  }
};
