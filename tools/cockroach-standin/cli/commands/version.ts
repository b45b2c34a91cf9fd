// `cockroach version` (cockroach-version.md): the fields of the docs' example, for the version this "binary" is —
// COCKROACH_STANDIN_VERSION, which the per-version wrapper a playbook installs sets.
import { createHash } from 'node:crypto';
import { parseFlags } from '../flags.js';
import { standinVersion } from '../env.js';

export const versionCommand = (argv: readonly string[]): number => {
  const f = parseFlags(argv, { 'build-tag': 'bool' });
  const tag = standinVersion();
  if (f.bool('build-tag')) {
    process.stdout.write(`${tag}\n`);
    return 0;
  }
  const fields: [string, string][] = [
    ['Build Tag', tag],
    ['Build Time', '2024/01/01 00:00:00'],
    ['Distribution', 'CCL'],
    ['Platform', 'linux amd64 (x86_64-pc-linux-gnu)'],
    ['Go Version', 'go1.22.5 X:nocoverageredesign'],
    ['C Compiler', 'gcc 6.5.0'],
    ['Build Commit ID', createHash('sha1').update(tag).digest('hex')],
    ['Build Type', 'release'],
  ];
  process.stdout.write(fields.map(([k, v]) => `${`${k}:`.padEnd(18)}${v}`).join('\n') + '\n');
  return 0;
};
