// `cockroach sql -e …` (cockroach-sql.md): a real PostgreSQL-wire connection to the node at --host (or --url), TLS
// verify-full against <certs-dir>/ca.crt with the client certificate client.<user>.crt/.key, or a password from the
// URL / COCKROACH_PASSWORD when there is no certificate. Each statement's result prints as --format (tsv when not
// interactive): a header line and rows, or the command tag for statements without a result set. Errors print
// `ERROR: …` and `SQLSTATE: …` and exit 1, as cockroach does.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { CLIENT_FLAGS, clientCertsDir, clientHost } from '../cluster-access.js';
import { parseFlags, UsageError } from '../flags.js';
import { parseFormat, renderTable } from '../output.js';

/** Values exactly as the server sent them (text format), never parsed into JS types and re-printed. */
const rawTypes = { getTypeParser: () => (v: string) => v };

export class SqlClientError extends UsageError {
  constructor(message: string, readonly sqlstate: string | undefined) {
    super(sqlstate ? `${message}\nSQLSTATE: ${sqlstate}` : message);
  }
}

const connectionConfig = (f: ReturnType<typeof parseFlags>): pg.ClientConfig => {
  const user = f.string('user') ?? 'root';
  const database = f.string('database') ?? 'defaultdb';
  const url = f.string('url');
  if (url) return { connectionString: url, types: rawTypes };
  const host = clientHost(f);
  const certsDir = clientCertsDir(f);
  const base = { host: host.host, port: host.port, user, database, types: rawTypes, password: process.env.COCKROACH_PASSWORD };
  if (certsDir === null) return { ...base, ssl: false };
  const ca = join(certsDir, 'ca.crt');
  if (!existsSync(ca)) throw new UsageError(`problem with CA certificate: ${ca} does not exist`);
  const cert = join(certsDir, `client.${user}.crt`);
  const key = join(certsDir, `client.${user}.key`);
  const hasCert = existsSync(cert) && existsSync(key);
  if (!hasCert && !base.password) throw new UsageError(`no client certificate found for user ${user} in ${certsDir}, and no password (COCKROACH_PASSWORD)`);
  // verify-full: the node certificate must chain to the cluster CA and name the host we dialled.
  return {
    ...base,
    ssl: { ca: readFileSync(ca, 'utf8'), ...(hasCert ? { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') } : {}), rejectUnauthorized: true, servername: host.host },
  };
};

export const sqlCommand = async (argv: readonly string[]): Promise<number> => {
  const f = parseFlags(argv, { ...CLIENT_FLAGS, execute: 'strings', user: 'string', database: 'string', echo: 'bool' }, { e: 'execute', u: 'user', d: 'database' });
  if (f.positional.length > 0) throw new UsageError(`unknown command "${f.positional[0]}" for "cockroach sql"`);
  const statements = f.list('execute');
  if (statements.length === 0) throw new UsageError('the stand-in supports only non-interactive use: pass -e/--execute');
  const format = parseFormat(f.string('format'));
  const client = new pg.Client(connectionConfig(f));
  client.on('error', () => undefined);
  try {
    await client.connect();
    for (const sql of statements) {
      const res = (await client.query({ text: sql, rowMode: 'array' })) as pg.QueryResult<(string | null)[]> | pg.QueryResult<(string | null)[]>[];
      for (const r of Array.isArray(res) ? res : [res]) {
        if (r.fields.length === 0) {
          process.stdout.write(`${r.command}${r.command === 'INSERT' || r.command === 'UPDATE' || r.command === 'DELETE' ? ` ${r.rowCount ?? 0}` : ''}\n`);
          continue;
        }
        process.stdout.write(renderTable(r.fields.map((fd) => fd.name), r.rows, format));
      }
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = err as Error & { code?: string };
    throw new SqlClientError(e.message, e.code && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined);
  } finally {
    await client.end().catch(() => undefined);
  }
};
