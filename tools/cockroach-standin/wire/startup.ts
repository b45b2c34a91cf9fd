// The startup phase: SSL/GSS negotiation, the TLS upgrade, the StartupMessage and authentication, with
// CockroachDB's rules (secure mode insists on TLS; a verified client certificate whose CN is the user logs in
// without a password; --insecure asks for no password at all).
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { SqlError, type SqlEngine } from '../sql/engine.types.js';
import { createFrameReader, type FrameReader, type FrameWriter } from './frames.js';
import { authenticationCleartextPassword, bodyReader, negotiateProtocolVersion, ProtocolError } from './messages.js';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 3;

export type Negotiated =
  | { kind: 'startup'; stream: Duplex; reader: FrameReader; params: Map<string, string>; peerCommonName: string | null }
  | { kind: 'cancel' }
  | { kind: 'gone' };

/** The client went away (or failed the TLS handshake) before there was anyone to send an ErrorResponse to. */
export class ClientGone extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientGone';
  }
}

const fatal = (code: string, message: string): SqlError => new SqlError(code, message, { severity: 'FATAL' });

export type TlsUpgrade = (socket: Socket) => Promise<TLSSocket>;

const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * TLS for sockets that asked for it mid-stream. Each socket is injected into its own never-listening tls.Server
 * because only the server path fills in `authorized` from the client-certificate check against the CA (a
 * hand-built TLSSocket leaves it false), and a server per socket makes its events unambiguous.
 */
export const createTlsUpgrade = (pem: { cert: string; key: string; ca: string }): TlsUpgrade => {
  // Client certificates are requested but optional: without one (or with an untrusted one) the password is asked.
  const options = { ...pem, requestCert: true, rejectUnauthorized: false, handshakeTimeout: HANDSHAKE_TIMEOUT_MS };
  // Fail at startWireServer time on unusable PEM rather than at the first handshake.
  createTlsServer(options);
  return (socket) =>
    new Promise((resolve, reject) => {
      const server = createTlsServer(options);
      server.once('secureConnection', resolve);
      server.once('tlsClientError', (err: Error, tls: TLSSocket) => {
        tls.destroy();
        reject(new ClientGone(`TLS handshake failed: ${err.message}`));
      });
      server.emit('connection', socket);
    });
};

/** A verified client certificate's subject CN; unverified or absent certificates count as none. */
const verifiedCommonName = (tls: TLSSocket): string | null => {
  if (!tls.authorized) return null;
  const cn: unknown = tls.getPeerCertificate().subject?.CN;
  if (typeof cn === 'string') return cn;
  return Array.isArray(cn) && cn.length === 1 && typeof cn[0] === 'string' ? cn[0] : null;
};

const readStartupParams = (body: Buffer): Map<string, string> => {
  const r = bodyReader(body.subarray(4));
  const params = new Map<string, string>();
  for (;;) {
    const name = r.cstring();
    if (name === '') return params;
    params.set(name, r.cstring());
  }
};

/**
 * Runs until a StartupMessage (or CancelRequest) arrives. `onStream` learns of the TLS socket as soon as it exists
 * so the server can still tear the connection down while the client is authenticating.
 */
export const negotiate = async (
  socket: Socket,
  writer: FrameWriter,
  upgrade: TlsUpgrade | null,
  onStream: (s: Duplex) => void,
): Promise<Negotiated> => {
  let reader = createFrameReader(socket);
  let tls: TLSSocket | null = null;
  for (;;) {
    const body = await reader.readStartup();
    if (body === null) return { kind: 'gone' };
    const code = body.readInt32BE(0);
    if (code === SSL_REQUEST) {
      if (tls !== null) throw new ProtocolError('SSLRequest received on an already encrypted connection');
      // Bytes sent after SSLRequest but before our answer would bypass TLS (cf. CVE-2021-23214).
      if (reader.buffered() > 0) throw new ProtocolError('received unencrypted data after SSL request');
      if (upgrade === null) {
        socket.write('N');
        continue;
      }
      // No await between the 'S' and the wrap: the TLS layer must take over the handle before more bytes are read.
      reader.detach();
      socket.write('S');
      tls = await upgrade(socket);
      onStream(tls);
      writer.setStream(tls);
      reader = createFrameReader(tls);
      continue;
    }
    if (code === GSSENC_REQUEST) {
      (tls ?? socket).write('N');
      continue;
    }
    if (code === CANCEL_REQUEST) return { kind: 'cancel' };
    const major = code >>> 16;
    const minor = code & 0xffff;
    if (major !== PROTOCOL_3) throw new ProtocolError(`unsupported frontend protocol ${major}.${minor}`);
    if (upgrade !== null && tls === null) throw fatal('28000', 'node is running secure mode, SSL connection required');
    const params = readStartupParams(body);
    const unknownOptions = [...params.keys()].filter((k) => k.startsWith('_pq_.'));
    if (minor > 0 || unknownOptions.length > 0) writer.send(negotiateProtocolVersion(0, unknownOptions));
    return { kind: 'startup', stream: tls ?? socket, reader, params, peerCommonName: tls === null ? null : verifiedCommonName(tls) };
  }
};

/** CockroachDB folds user names the way it folds unquoted identifiers. */
export const normaliseUser = (raw: string): string => raw.normalize('NFC').toLowerCase();

/**
 * Returns whether the login went through a client certificate, or null if the client hung up while being asked
 * for a password (psql does exactly that, then reconnects after prompting). Refusals throw a FATAL SqlError.
 */
export const authenticate = async (
  o: { engine: SqlEngine; secure: boolean; user: string; peerCommonName: string | null },
  reader: FrameReader,
  writer: FrameWriter,
): Promise<{ viaClientCert: boolean } | null> => {
  const refused = (): SqlError => fatal('28P01', `password authentication failed for user ${o.user}`);
  if (!o.secure) {
    // --insecure semantics: any existing user, no password.
    if (!(await o.engine.canLogin(o.user))) throw refused();
    return { viaClientCert: false };
  }
  if (o.peerCommonName !== null && normaliseUser(o.peerCommonName) === o.user && (await o.engine.canLogin(o.user))) {
    return { viaClientCert: true };
  }
  writer.send(authenticationCleartextPassword());
  await writer.flush();
  const msg = await reader.readMessage();
  if (msg === null) return null;
  if (msg.type !== 'p') throw new ProtocolError(`expected a password message, got message type "${msg.type}"`);
  const password = bodyReader(msg.body).cstring();
  if (!(await o.engine.checkPassword(o.user, password))) throw refused();
  return { viaClientCert: false };
};
