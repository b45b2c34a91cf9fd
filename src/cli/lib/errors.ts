// How cpctl ends: one exit code per outcome, the same for every command (README "Command line").
export const EXIT = {
  ok: 0,
  /** The request or the job failed; the message says why (the server's message, with its request id). */
  failed: 1,
  /** Wrong command line: unknown command or option, missing argument, no profile. */
  usage: 2,
  /** The followed job was cancelled. */
  cancelled: 3,
  /** --wait gave up before the job ended (the job keeps running). */
  timedOut: 4,
  /** Ctrl-C while following a job (the job keeps running). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}
