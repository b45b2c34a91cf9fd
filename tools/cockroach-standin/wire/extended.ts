// The extended query protocol (Parse/Bind/Describe/Execute/Close) over a seam that only knows "execute this".
// The engine cannot describe a statement without running it, so a portal runs when it is first described or
// executed and its result is cached: Describe 'P' then Execute (what node-postgres sends) runs the statement once.
import { SqlError, type ResultSet, type SqlSession } from '../sql/engine.types.js';
import type { FrameWriter } from './frames.js';
import { assertTextResults, binaryParamToText, checkFormatCodes, formatFor, isBinary } from './formats.js';
import {
  bindComplete,
  bodyReader,
  closeComplete,
  commandComplete,
  emptyQueryResponse,
  noData,
  parameterDescription,
  parseComplete,
  portalSuspended,
  ProtocolError,
  rowDescription,
  type BodyReader,
} from './messages.js';
import { sendRows } from './respond.js';
import { scanSql } from './sqlscan.js';

const TEXT_OID = 25;

/** `declared` keeps 0 for "unspecified" (decides binary decoding); `paramOids` is what Describe reports. */
type Statement = { sql: string; declared: number[]; paramOids: number[]; empty: boolean };
type Portal = {
  statement: Statement;
  params: (string | null)[];
  resultFormats: number[];
  /** null until run; 'empty' for an empty query string. */
  result: ResultSet | 'empty' | null;
  sent: number;
};

// A Describe 'S' cannot run a statement that might write, so only these are dry-run (with NULL parameters) to
// learn their columns; anything else is described as NoData.
const READ_ONLY = /^\s*(\(\s*)*(select|show|values|table|explain)\b/i;

const readList = (r: BodyReader, read: () => number): number[] => Array.from({ length: r.int16() }, read);

export const createExtendedProtocol = (session: SqlSession, writer: FrameWriter) => {
  const statements = new Map<string, Statement>();
  const portals = new Map<string, Portal>();

  const run = async (p: Portal): Promise<ResultSet | 'empty'> => {
    if (p.result !== null) return p.result;
    if (p.statement.empty) return (p.result = 'empty');
    const results = await session.execute(p.statement.sql, p.params);
    p.result = results.at(-1) ?? 'empty';
    return p.result;
  };

  const parse = (r: BodyReader): void => {
    const name = r.cstring();
    const sql = r.cstring();
    const given = readList(r, r.int32);
    if (name !== '' && statements.has(name)) throw new SqlError('42P05', `prepared statement "${name}" already exists`);
    const scan = scanSql(sql);
    const count = Math.max(scan.maxParam, given.length);
    const declared = Array.from({ length: count }, (_, i) => given[i] ?? 0);
    statements.set(name, { sql, declared, paramOids: declared.map((oid) => (oid === 0 ? TEXT_OID : oid)), empty: scan.empty });
    writer.send(parseComplete());
  };

  const bind = (r: BodyReader): void => {
    const portalName = r.cstring();
    const statementName = r.cstring();
    const statement = statements.get(statementName);
    if (statement === undefined) throw new SqlError('26000', `prepared statement "${statementName}" does not exist`);
    const paramFormats = readList(r, r.int16);
    const count = r.int16();
    if (count !== statement.paramOids.length) {
      throw new ProtocolError(
        `bind message supplies ${count} parameters, but prepared statement "${statementName}" requires ${statement.paramOids.length}`,
        false,
      );
    }
    checkFormatCodes(paramFormats, count, 'parameter');
    const params = Array.from({ length: count }, (_, i): string | null => {
      const len = r.int32();
      if (len === -1) return null;
      const raw = r.bytes(len);
      return isBinary(formatFor(paramFormats, i)) ? binaryParamToText(raw, statement.declared[i] ?? 0, i) : raw.toString('utf8');
    });
    const resultFormats = readList(r, r.int16);
    checkFormatCodes(resultFormats, resultFormats.length, 'result');
    if (portalName !== '' && portals.has(portalName)) throw new SqlError('42P03', `portal "${portalName}" already exists`);
    portals.set(portalName, { statement, params, resultFormats, result: null, sent: 0 });
    writer.send(bindComplete());
  };

  const describeStatement = async (name: string): Promise<void> => {
    const statement = statements.get(name);
    if (statement === undefined) throw new SqlError('26000', `prepared statement "${name}" does not exist`);
    writer.send(parameterDescription(statement.paramOids));
    // Only dry-run outside a transaction block, where a failure cannot poison the client's transaction.
    if (statement.empty || !READ_ONLY.test(statement.sql) || session.txStatus() !== 'I') {
      writer.send(noData());
      return;
    }
    const results = await session.execute(
      statement.sql,
      statement.paramOids.map(() => null),
    ).catch(() => []);
    const last = results.at(-1);
    writer.send(last !== undefined && last.fields.length > 0 ? rowDescription(last.fields) : noData());
  };

  const portal = (name: string): Portal => {
    const p = portals.get(name);
    if (p === undefined) throw new SqlError('34000', `portal "${name}" does not exist`);
    return p;
  };

  const describePortal = async (name: string): Promise<void> => {
    const p = portal(name);
    const result = await run(p);
    if (result === 'empty' || result.fields.length === 0) {
      writer.send(noData());
      return;
    }
    assertTextResults(p.resultFormats, result.fields.length);
    writer.send(rowDescription(result.fields));
  };

  const execute = async (r: BodyReader): Promise<void> => {
    const p = portal(r.cstring());
    const maxRows = r.int32();
    const result = await run(p);
    if (result === 'empty') {
      writer.send(emptyQueryResponse());
      return;
    }
    assertTextResults(p.resultFormats, result.fields.length);
    const end = maxRows > 0 ? Math.min(p.sent + maxRows, result.rows.length) : result.rows.length;
    await sendRows(writer, result.rows.slice(p.sent, end));
    p.sent = end;
    writer.send(end < result.rows.length ? portalSuspended() : commandComplete(result.command));
  };

  const close = (r: BodyReader): void => {
    const kind = r.byte();
    const name = r.cstring();
    if (kind === 'S') statements.delete(name);
    else if (kind === 'P') portals.delete(name);
    else throw new ProtocolError(`invalid Close target "${kind}"`, false);
    writer.send(closeComplete());
  };

  return {
    /** Handles P/B/D/E/C; false if the type is not an extended-protocol message. */
    async handle(type: string, body: Buffer): Promise<boolean> {
      const r = bodyReader(body);
      if (type === 'P') parse(r);
      else if (type === 'B') bind(r);
      else if (type === 'E') await execute(r);
      else if (type === 'C') close(r);
      else if (type === 'D') {
        const kind = r.byte();
        const name = r.cstring();
        if (kind === 'S') await describeStatement(name);
        else if (kind === 'P') await describePortal(name);
        else throw new ProtocolError(`invalid Describe target "${kind}"`, false);
      } else return false;
      return true;
    },
    /** Portals do not outlive their transaction; prepared statements live as long as the session. */
    sync(): void {
      if (session.txStatus() === 'I') portals.clear();
    },
    /** A simple Query replaces the unnamed statement and portal, as in PostgreSQL. */
    dropUnnamed(): void {
      statements.delete('');
      portals.delete('');
    },
  };
};

export type ExtendedProtocol = ReturnType<typeof createExtendedProtocol>;
