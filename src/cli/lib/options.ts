// The option vocabulary of cpctl's HTTP commands and the options every one of them accepts. Kept apart from
// command.ts so the per-run context (context.ts) can name the global values without importing the command table.

export type OptionSpec = {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** The value's name in the help ("--version V"). */
  placeholder?: string;
  /** Allowed values: checked before the command runs, offered by completion. */
  choices?: readonly string[];
};

export type OptionSpecs = Record<string, OptionSpec>;

export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
};

/** Options every HTTP command accepts. */
export const GLOBAL_OPTIONS = {
  output: { type: 'string', short: 'o', placeholder: 'FORMAT', choices: ['table', 'json', 'yaml'], description: 'Output format: table (default), json or yaml' },
  quiet: { type: 'boolean', short: 'q', description: 'Print only ids (one per line), no progress' },
  profile: { type: 'string', placeholder: 'NAME', description: 'Profile of the config file to use (default: its current profile; env CP_PROFILE)' },
  config: { type: 'string', placeholder: 'FILE', description: 'Config file (default $XDG_CONFIG_HOME/cpctl/config.yaml, else ~/.config/cpctl/config.yaml; env CPCTL_CONFIG)' },
  help: { type: 'boolean', short: 'h', description: 'Show help for the command' },
} as const satisfies OptionSpecs;

export type GlobalValues = OptionValues<typeof GLOBAL_OPTIONS>;
