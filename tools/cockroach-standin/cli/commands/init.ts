// `cockroach init` (cockroach-init.md): one-time bootstrap of a cluster whose nodes were started with --join. The
// nodes notice through the catalog (they poll it) and register; a second init fails as CockroachDB's does.
import { CLIENT_FLAGS, openClusterAccess } from '../cluster-access.js';
import { parseFlags, UsageError } from '../flags.js';
import { standinEnv } from '../env.js';

export const initCommand = async (argv: readonly string[]): Promise<number> => {
  const f = parseFlags(argv, { ...CLIENT_FLAGS, 'virtualized': 'bool', 'virtualized-empty': 'bool' });
  if (f.positional.length > 0) throw new UsageError(`unknown command "${f.positional[0]}" for "cockroach init"`);
  const { buildTag } = standinEnv();
  const access = await openClusterAccess(f);
  try {
    await access.catalog.ensureSchema();
    const r = await access.catalog.initialize({ buildTag });
    if (r === 'already') throw new UsageError('cluster has already been initialized');
    process.stdout.write('Cluster successfully initialized\n');
    return 0;
  } finally {
    await access.catalog.close();
  }
};
