// Statements that are CockroachDB's own (or CockroachDB syntax inside otherwise portable statements) and that the
// stand-in does not implement. Forwarding them would let PostgreSQL answer something CockroachDB never would, so they
// fail loudly: SQLSTATE 42601 with the statement in the message. Registering a family in dispatcher.ts takes
// precedence over this list (BACKUP, RESTORE, SHOW BACKUP(S) and backup schedules are families of the backup room).
import { SqlError } from './engine.types.js';
import type { Token } from './lexer.js';

const LEADING: string[][] = [
  ['import'], ['export'], ['upsert'], ['experimental'], ['scrub'], ['inspect'],
  ['alter', 'schedule'], ['alter', 'backup'],
  ['create', 'changefeed'], ['alter', 'changefeed'], ['create', 'statistics'], ['alter', 'range'], ['alter', 'partition'],
  ['alter', 'tenant'], ['create', 'tenant'], ['drop', 'tenant'], ['alter', 'virtual'], ['create', 'virtual'], ['drop', 'virtual'],
  ['cancel', 'query'], ['cancel', 'queries'], ['cancel', 'session'], ['cancel', 'sessions'], ['cancel', 'all'],
  ['pause', 'all'], ['resume', 'all'], ['alter', 'default', 'privileges'], ['drop', 'owned'], ['reassign', 'owned'],
  ['create', 'logical'], ['alter', 'database'], ['alter', 'logical'], ['create', 'external'], ['drop', 'external'], ['grant', 'system'], ['revoke', 'system'],
  ['set', 'tracing'], ['prepare', 'transaction'], ['commit', 'prepared'], ['rollback', 'prepared'], ['explain', 'analyze', '(debug'],
];

// SHOW forms that are statements in CockroachDB (not session variables): `SHOW TABLES` must not become PostgreSQL's
// "unrecognized configuration parameter".
const SHOW_STATEMENTS = new Set(['all', 'changefeed', 'cluster', 'columns', 'constraints', 'create',
  'databases', 'default', 'enums', 'external', 'full', 'functions', 'grants', 'histogram', 'indexes', 'index', 'jobs', 'job',
  'keys', 'last', 'locality', 'logical', 'partitions', 'procedures', 'public', 'queries', 'range', 'ranges', 'regions', 'roles',
  'savepoint', 'schemas', 'sequences', 'session', 'sessions', 'statements', 'statistics', 'super',
  'survival', 'system', 'tables', 'tenant', 'tenants', 'trace', 'transaction', 'transactions', 'transfer', 'types', 'users',
  'virtual', 'zone', 'zones', 'kv', 'commit', 'fingerprints', 'policies', 'triggers', 'automatic', 'experimental_fingerprints']);

const SEQUENCES_ANYWHERE: string[][] = [['configure', 'zone'], ['as', 'of', 'system', 'time']];
// ALTER TABLE/INDEX … SPLIT AT / SCATTER / RELOCATE: only meaningful after ALTER, so a column named `scatter` is safe.
const ALTER_SEQUENCES: string[][] = [['split', 'at'], ['unsplit', 'at'], ['unsplit', 'all'], ['scatter'], ['relocate'], ['experimental_relocate']];

const words = (tokens: Token[]) => tokens.map((t) => (t.type === 'word' ? t.value : t.text.toLowerCase()));
const startsWith = (w: string[], seq: string[]) => seq.every((s, k) => w[k] === s);

export const isUnsupportedCockroachStatement = (tokens: Token[]): boolean => {
  const w = words(tokens);
  if (LEADING.some((seq) => startsWith(w, seq))) return true;
  if (w[0] === 'show' && w[1] !== undefined && SHOW_STATEMENTS.has(w[1])) return true;
  for (let i = 0; i < w.length; i++) {
    if (SEQUENCES_ANYWHERE.some((seq) => startsWith(w.slice(i), seq))) return true;
    if (w[0] === 'alter' && ALTER_SEQUENCES.some((seq) => startsWith(w.slice(i), seq))) return true;
  }
  return false;
};

export const unsupported = (sql: string): SqlError =>
  new SqlError('42601', `cockroach stand-in: statement not supported: ${sql}`,
    { hint: 'the CockroachDB stand-in only answers the statements listed in tools/cockroach-standin/README.md' });
