// Command-line values: lists, numbers, files, stdin, and the one confirmation prompt (only on a terminal).
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { CliError, UsageError } from './errors.js';

export const csv = (v: string | undefined): string[] => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export const positiveInt = (flag: string, v: string): number => {
  if (!/^\d+$/.test(v.trim()) || Number(v) <= 0) throw new UsageError(`${flag} must be a positive whole number (got "${v}")`);
  return Number(v);
};

export const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** A file's text; "-" reads stdin. */
export const readTextArg = async (flag: string, path: string): Promise<string> => {
  if (path === '-') return readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
};

/** On a terminal, asks to type `expected`; elsewhere (scripts) proceeds, as --yes would. */
export const confirm = async (question: string, expected: string): Promise<void> => {
  if (!process.stdin.isTTY) return;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(question)).trim();
    if (answer !== expected) throw new CliError(`not confirmed ("${answer}" is not "${expected}"); nothing was done`);
  } finally {
    rl.close();
  }
};
