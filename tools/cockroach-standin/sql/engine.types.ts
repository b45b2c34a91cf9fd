// The seam between the stand-in's rooms: the wire room (PostgreSQL protocol) speaks to an SqlEngine; the SQL room
// implements it. Values cross the seam already in PostgreSQL's TEXT format (what a real server sends with format
// code 0), so the wire never interprets a value and forwarded PostgreSQL results pass through unchanged.

/** A column of a result: its name and the PostgreSQL type OID the wire announces in RowDescription. */
export type ResultField = { name: string; typeOid: number };

/** One statement's outcome. `fields` empty + `rows` empty = a statement with no result set (e.g. CREATE ROLE). */
export type ResultSet = {
  fields: ResultField[];
  rows: (string | null)[][];
  /** The CommandComplete tag, e.g. `SELECT 3`, `CREATE ROLE`, `INSERT 0 1`, `SET CLUSTER SETTING`. */
  command: string;
};

/** An error the client sees as an ErrorResponse: `code` is the SQLSTATE (e.g. 42601, 42710, 42704, 42501, 40001). */
export class SqlError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extra: { detail?: string; hint?: string; severity?: 'ERROR' | 'FATAL' } = {},
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

/** Who is connected, as the wire established it (startup message + TLS). */
export type SessionInfo = {
  user: string;
  database: string;
  applicationName: string;
  remoteAddress: string;
  /** Authenticated by a client certificate (CN = user) rather than a password. */
  viaClientCert: boolean;
};

/** Transaction status byte of ReadyForQuery: idle, in a transaction block, in a failed transaction block. */
export type TxStatus = 'I' | 'T' | 'E';

export interface SqlSession {
  /**
   * Runs what the client sent. Simple protocol: `sql` may hold several statements separated by `;` and `params` is
   * empty; one ResultSet per statement, in order. Extended protocol: one statement, `$n` placeholders, `params` in
   * text format (null = SQL NULL). Throws SqlError; the wire turns it into an ErrorResponse.
   */
  execute(sql: string, params: (string | null)[]): Promise<ResultSet[]>;
  txStatus(): TxStatus;
  /** ParameterStatus values sent after authentication (server_version, client_encoding, DateStyle, …). */
  parameterStatus(): Record<string, string>;
  close(): Promise<void>;
}

export interface SqlEngine {
  /** Password check against the cluster's own user table (never PostgreSQL roles). False = 28P01 at the wire. */
  checkPassword(user: string, password: string): Promise<boolean>;
  /** Whether `user` exists and may log in (LOGIN option), for client-certificate authentication. */
  canLogin(user: string): Promise<boolean>;
  /** A session for an authenticated user; throws SqlError (e.g. 3D000 unknown database, 57P01 draining). */
  openSession(info: SessionInfo): Promise<SqlSession>;
}
