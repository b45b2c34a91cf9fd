// A session's connection to the backing PostgreSQL database of its current simulated database. Values come back as
// PostgreSQL's TEXT (every type parser returns the raw string), rows as arrays (duplicate column names survive), and
// the CommandComplete tag is taken verbatim from the protocol (pg's `command` keeps only the first word).
import pg from 'pg';
import { SqlError, type ResultSet, type TxStatus } from './engine.types.js';

const rawText = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

/** PostgreSQL errors pass through with their SQLSTATE; connection failures become 08006. */
export const toSqlError = (err: unknown): SqlError => {
  if (err instanceof SqlError) return err;
  const e = err as { code?: string; message?: string; detail?: string; hint?: string };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    return new SqlError(e.code, e.message ?? 'error', { ...(e.detail ? { detail: e.detail } : {}), ...(e.hint ? { hint: e.hint } : {}) });
  }
  return new SqlError('08006', `backing PostgreSQL connection failed: ${e.message ?? String(err)}`);
};

export type PgConnection = {
  query(sql: string, params?: (string | null)[]): Promise<ResultSet>;
  txStatus(): TxStatus;
  alive(): boolean;
  close(): Promise<void>;
};

export const openPgConnection = async (url: string, applicationName: string): Promise<PgConnection> => {
  const client = new pg.Client({ connectionString: url, types: rawText, application_name: applicationName.slice(0, 63) });
  let dead = false;
  let tag = '';
  client.on('error', () => { dead = true; });
  client.on('end', () => { dead = true; });
  await client.connect().catch((err: unknown) => { throw toSqlError(err); });
  const protocol = client.connection as unknown as NodeJS.EventEmitter;
  protocol.on('commandComplete', (m: { text: string }) => { tag = m.text; });
  // pg rejects a failed query on ErrorResponse, before the ReadyForQuery that carries the new transaction status;
  // wait for that one so txStatus() is already 'E' when the error reaches the client.
  let ready = 0;
  protocol.on('readyForQuery', () => { ready++; });
  const nextReady = (seen: number) => new Promise<void>((resolve) => {
    if (ready > seen || dead) return resolve();
    const t = setTimeout(resolve, 2000);
    protocol.once('readyForQuery', () => { clearTimeout(t); resolve(); });
  });
  // CockroachDB sessions default to UTC and ISO dates (the ParameterStatus the wire announces says so too).
  await client.query(`SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'`);
  return {
    async query(sql, params = []) {
      tag = '';
      const seen = ready;
      try {
        const r = await client.query({ text: sql, values: params, rowMode: 'array' });
        const rows = (r.rows as unknown as (string | null)[][]) ?? [];
        const command = tag || `${r.command ?? ''}${r.rowCount === null ? '' : ` ${r.rowCount}`}`.trim();
        return { fields: (r.fields ?? []).map((f) => ({ name: f.name, typeOid: f.dataTypeID })), rows, command };
      } catch (err) {
        await nextReady(seen);
        throw toSqlError(err);
      }
    },
    txStatus: () => {
      const s = client.getTransactionStatus() as string | null;
      return s === 'T' || s === 'E' ? s : 'I';
    },
    alive: () => !dead,
    close: async () => { dead = true; await client.end().catch(() => undefined); },
  };
};
