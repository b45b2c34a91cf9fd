// Test support for the wire room: a throw-away PKI, a fake SqlEngine, and a bare protocol client.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SqlError, type ResultSet, type SqlEngine, type SqlSession, type TxStatus } from '../sql/engine.types.js';

export const run = promisify(execFile);

export type Pki = { dir: string; ca: string; nodeCert: string; nodeKey: string; rootCert: string; rootKey: string; otherCa: string; otherRootCert: string; otherRootKey: string };

/** A throw-away CA, a node cert for 127.0.0.1, a client cert for root, and a second CA that nobody trusts. */
export const makePki = async (): Promise<Pki> => {
  const dir = await mkdtemp(join(tmpdir(), 'wire-pki-'));
  const p = (f: string): string => join(dir, f);
  const ssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const caExt = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
  const makeCa = (name: string) => ssl('req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`, ...caExt);
  const issue = async (name: string, cn: string, ca: string, ext: string) => {
    await writeFile(p(`${name}.ext`), ext);
    await ssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    await ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
    await chmod(p(`${name}.key`), 0o600);
  };
  await makeCa('ca');
  await makeCa('other-ca');
  await issue('node', 'node', 'ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  await issue('client.root', 'root', 'ca', 'extendedKeyUsage=clientAuth\n');
  await issue('other.root', 'root', 'other-ca', 'extendedKeyUsage=clientAuth\n');
  const r = (f: string) => readFile(p(f), 'utf8');
  return {
    dir,
    ca: await r('ca.crt'),
    nodeCert: await r('node.crt'),
    nodeKey: await r('node.key'),
    rootCert: await r('client.root.crt'),
    rootKey: await r('client.root.key'),
    otherCa: await r('other-ca.crt'),
    otherRootCert: await r('other.root.crt'),
    otherRootKey: await r('other.root.key'),
  };
};

const select = (name: string, typeOid: number, rows: (string | null)[][]): ResultSet => ({ fields: [{ name, typeOid }], rows, command: `SELECT ${rows.length}` });

/** Just enough of an engine to drive the wire: fixed statements, echoed parameters, a BEGIN/COMMIT state machine. */
export const fakeEngine = () => {
  const passwords = new Map([['root', 'rootpw'], ['alice', 'alicepw'], ['bob', 'bobpw']]);
  const loginable = new Set(['root', 'alice']);
  let release: () => void = () => {};
  const slowGate = new Promise<void>((resolve) => (release = resolve));
  const state = { opened: [] as { user: string; database: string; viaClientCert: boolean; applicationName: string }[], closed: 0, slowStarted: 0 };

  const engine: SqlEngine = {
    checkPassword: async (user, password) => passwords.get(user) === password && loginable.has(user),
    canLogin: async (user) => loginable.has(user),
    openSession: async (info): Promise<SqlSession> => {
      if (info.database === 'nope') throw new SqlError('3D000', `database "${info.database}" does not exist`);
      state.opened.push(info);
      let tx: TxStatus = 'I';
      const status: Record<string, string> = { server_version: '13.0.0', client_encoding: 'UTF8', DateStyle: 'ISO, MDY', application_name: info.applicationName };
      const one = async (stmt: string, params: (string | null)[]): Promise<ResultSet> => {
        if (tx === 'E' && !/^(ROLLBACK|COMMIT)$/i.test(stmt)) throw new SqlError('25P02', 'current transaction is aborted, commands ignored until end of transaction block');
        let m: RegExpExecArray | null;
        if ((m = /^SELECT (\d+)$/i.exec(stmt))) return select('?column?', 23, [[m[1] ?? '']]);
        if (/^SELECT \$\d+::\w+(, \$\d+::\w+)*$/i.test(stmt)) {
          const casts = [...stmt.matchAll(/\$(\d+)::(\w+)/g)];
          return { fields: casts.map((c) => ({ name: c[2] ?? '', typeOid: 25 })), rows: [casts.map((c) => params[Number(c[1]) - 1] ?? null)], command: 'SELECT 1' };
        }
        if (/^SELECT many$/i.test(stmt)) return select('n', 23, Array.from({ length: 20_000 }, (_, i) => [String(i)]));
        if (/^BEGIN$/i.test(stmt)) return (tx = 'T'), { fields: [], rows: [], command: 'BEGIN' };
        if (/^(COMMIT|ROLLBACK)$/i.test(stmt)) return (tx = 'I'), { fields: [], rows: [], command: stmt.toUpperCase() };
        if (/^SLOW$/i.test(stmt)) {
          state.slowStarted++;
          await slowGate;
          return select('slow', 25, [['done']]);
        }
        if ((m = /^SET application_name = '(.*)'$/i.exec(stmt))) return (status.application_name = m[1] ?? ''), { fields: [], rows: [], command: 'SET' };
        if (/^SELECT ERR$/i.test(stmt)) throw new SqlError('23505', 'duplicate key value violates unique constraint "t_pkey"', { detail: 'Key (id)=(1) already exists.', hint: 'pick another id' });
        if (/^SELECT FATAL$/i.test(stmt)) throw new SqlError('57P01', 'server is shutting down', { severity: 'FATAL' });
        if (/^SELECT BUG$/i.test(stmt)) throw new TypeError('engine exploded');
        if (tx === 'T') tx = 'E';
        throw new SqlError('42601', `at or near "${stmt}": syntax error`);
      };
      return {
        execute: async (sql, params) => {
          const out: ResultSet[] = [];
          for (const stmt of sql.split(';').map((s) => s.trim()).filter((s) => s !== '')) out.push(await one(stmt, params));
          return out;
        },
        txStatus: () => tx,
        parameterStatus: () => ({ ...status }),
        close: async () => void state.closed++,
      };
    },
  };
  return { engine, state, release: () => release() };
};

export const waitFor = async (cond: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Writes raw bytes and collects everything the server sends until it closes the socket. */
export const rawExchange = (port: number, chunks: Buffer[]): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const sock = netConnect(port, '127.0.0.1');
    const got: Buffer[] = [];
    sock.on('data', (d: Buffer) => got.push(d));
    sock.on('error', reject);
    sock.on('close', () => resolve(Buffer.concat(got)));
    sock.on('connect', () => chunks.forEach((c) => sock.write(c)));
    setTimeout(() => sock.destroy(), 4000).unref();
  });

export const startupPacket = (params: Record<string, string>): Buffer => {
  const body = Buffer.concat([...Object.entries(params).flatMap(([k, v]) => [Buffer.from(`${k}\0${v}\0`)]), Buffer.from([0])]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(body.length + 8, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
};

/** A bare protocol client for what node-postgres never sends (Describe 'S', row limits, Cancel/GSS requests). */
export const rawSession = async (port: number, user: string) => {
  const sock = netConnect(port, '127.0.0.1');
  await new Promise((resolve) => sock.once('connect', resolve));
  let buf = Buffer.alloc(0);
  let wake: (() => void) | null = null;
  sock.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    wake?.();
  });
  /** Message types received up to and including the next ReadyForQuery. */
  const untilReady = async (): Promise<{ types: string; bodies: Buffer[] }> => {
    let types = '';
    const bodies: Buffer[] = [];
    for (;;) {
      while (buf.length < 5 || buf.length < 1 + buf.readInt32BE(1)) await new Promise<void>((r) => (wake = r));
      const len = buf.readInt32BE(1);
      types += String.fromCharCode(buf[0] ?? 0);
      bodies.push(buf.subarray(5, 1 + len));
      buf = buf.subarray(1 + len);
      if (types.endsWith('Z')) return { types, bodies };
    }
  };
  const msg = (type: string, ...parts: (string | number | Buffer)[]): Buffer => {
    const body = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(`${p}\0`) : typeof p === 'number' ? Buffer.from([p >> 8, p & 0xff]) : p)));
    const head = Buffer.alloc(5);
    head.write(type, 0, 'latin1');
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const int32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  sock.write(startupPacket({ user }));
  await untilReady();
  return { send: (...m: Buffer[]) => sock.write(Buffer.concat(m)), untilReady, msg, int32, close: () => sock.destroy() };
};

