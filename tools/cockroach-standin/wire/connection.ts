// One client connection from first byte to close: startup, session, then the message loop. Every connection is
// its own async loop, so a slow engine call only holds up the client that asked for it.
import { randomInt } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { SqlError, type SqlEngine, type SqlSession } from '../sql/engine.types.js';
import { createFrameWriter, type FrameReader, type FrameWriter } from './frames.js';
import { createExtendedProtocol } from './extended.js';
import {
  authenticationOk,
  backendKeyData,
  emptyQueryResponse,
  errorResponse,
  parameterStatus,
  ProtocolError,
  readyForQuery,
  bodyReader,
} from './messages.js';
import { sendResultSet, toErrorFields } from './respond.js';
import { scanSql } from './sqlscan.js';
import { authenticate, ClientGone, negotiate, normaliseUser, type TlsUpgrade } from './startup.js';

/** Like PostgreSQL's authentication_timeout: a client that never finishes logging in does not hold a socket. */
const STARTUP_TIMEOUT_MS = 60_000;
/** After a FATAL error the client gets this long to read it and hang up before the socket is destroyed. */
const CLOSE_GRACE_MS = 1_000;

export type ConnectionContext = { engine: SqlEngine; upgrade: TlsUpgrade | null; log: (msg: string) => void };
export type Connection = { done: Promise<void>; destroy(): void };

const simpleQuery = async (session: SqlSession, sql: string, writer: FrameWriter): Promise<void> => {
  const results = scanSql(sql).empty ? [] : await session.execute(sql, []);
  if (results.length === 0) writer.send(emptyQueryResponse());
  for (const r of results) await sendResultSet(writer, r);
};

const runSession = async (session: SqlSession, reader: FrameReader, writer: FrameWriter, log: (m: string) => void): Promise<void> => {
  const extended = createExtendedProtocol(session, writer);
  const sent = new Map<string, string>();
  const ready = async (): Promise<void> => {
    // SET application_name and friends must reach the client as ParameterStatus, as a real server reports them.
    for (const [name, value] of Object.entries(session.parameterStatus())) {
      if (sent.get(name) === value) continue;
      sent.set(name, value);
      writer.send(parameterStatus(name, value));
    }
    writer.send(readyForQuery(session.txStatus()));
    await writer.flush();
  };
  await ready();
  // After an extended-protocol error everything up to the next Sync is discarded (protocol rule).
  let skipping = false;
  for (;;) {
    const msg = await reader.readMessage();
    if (msg === null || msg.type === 'X') return;
    if (msg.type === 'S') {
      skipping = false;
      extended.sync();
      await ready();
      continue;
    }
    if (msg.type === 'H') {
      await writer.flush();
      continue;
    }
    if (skipping) continue;
    try {
      if (msg.type === 'Q') {
        extended.dropUnnamed();
        await simpleQuery(session, bodyReader(msg.body).cstring(), writer);
        await ready();
      } else if (await extended.handle(msg.type, msg.body)) {
        // handled
      } else if (msg.type === 'd' || msg.type === 'c' || msg.type === 'f') {
        // Stray COPY traffic after a failed COPY is ignored, as PostgreSQL does.
      } else if (msg.type === 'F') {
        throw new SqlError('0A000', 'the function call sub-protocol is not supported');
      } else {
        throw new ProtocolError(`invalid frontend message type "${msg.type}"`);
      }
    } catch (e) {
      const fields = toErrorFields(e, log);
      writer.send(errorResponse(fields));
      if (fields.severity === 'FATAL') {
        await writer.flush();
        return;
      }
      if (msg.type === 'Q' || msg.type === 'F') await ready();
      else {
        skipping = true;
        await writer.flush();
      }
    }
  }
};

export const serveConnection = (socket: Socket, ctx: ConnectionContext): Connection => {
  let stream: Duplex = socket;
  const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
  // A late socket error must never become an unhandled 'error' event that kills the process.
  const onError = (e: Error): void => ctx.log(`connection ${remote}: ${e.message}`);
  socket.on('error', onError);
  const writer = createFrameWriter(socket);

  const main = async (): Promise<void> => {
    let session: SqlSession | null = null;
    const timer = setTimeout(() => stream.destroy(), STARTUP_TIMEOUT_MS);
    try {
      const n = await negotiate(socket, writer, ctx.upgrade, (s) => {
        stream = s;
        s.on('error', onError);
      });
      if (n.kind !== 'startup') return;
      const user = normaliseUser(n.params.get('user') ?? '');
      if (user === '') throw new SqlError('28000', 'no username specified', { severity: 'FATAL' });
      const auth = await authenticate({ engine: ctx.engine, secure: ctx.upgrade !== null, user, peerCommonName: n.peerCommonName }, n.reader, writer);
      if (auth === null) return;
      clearTimeout(timer);
      writer.send(authenticationOk());
      session = await ctx.engine.openSession({
        user,
        database: n.params.get('database') || 'defaultdb',
        applicationName: n.params.get('application_name') ?? '',
        remoteAddress: socket.remoteAddress ?? '',
        viaClientCert: auth.viaClientCert,
      });
      writer.send(backendKeyData(randomInt(1, 2 ** 31 - 1), randomInt(0, 2 ** 31 - 1)));
      await runSession(session, n.reader, writer, ctx.log);
    } catch (e) {
      if (e instanceof ClientGone) ctx.log(`connection ${remote}: ${e.message}`);
      else if (!stream.destroyed) {
        // Anything escaping to this level ends the connection, so the client is told it is FATAL.
        writer.send(errorResponse({ ...toErrorFields(e, ctx.log), severity: 'FATAL' }));
        await writer.flush();
      }
    } finally {
      clearTimeout(timer);
      await session?.close().catch((e: unknown) => ctx.log(`session close failed: ${String(e)}`));
      stream.end();
      setTimeout(() => stream.destroy(), CLOSE_GRACE_MS).unref();
    }
  };

  return { done: main(), destroy: () => stream.destroy() };
};
