import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startWireServer } from './server.js';
import { fakeEngine, makePki, rawExchange, rawSession, run, startupPacket, waitFor, type Pki } from './testkit.js';

describe('wire server, secure mode', { timeout: 60_000 }, () => {
  let pki: Pki;
  let fake: ReturnType<typeof fakeEngine>;
  let server: Awaited<ReturnType<typeof startWireServer>>;
  const logs: string[] = [];
  const client = (extra: Partial<pg.ClientConfig> = {}) =>
    new pg.Client({ host: '127.0.0.1', port: server.port, user: 'alice', password: 'alicepw', database: 'defaultdb', ssl: { ca: pki.ca }, ...extra });

  before(async () => {
    pki = await makePki();
    fake = fakeEngine();
    server = await startWireServer({ host: '127.0.0.1', port: 0, engine: fake.engine, tls: { cert: pki.nodeCert, key: pki.nodeKey, ca: pki.ca }, logger: (m) => logs.push(m) });
  });
  after(async () => {
    fake.release();
    await server.close();
    await rm(pki.dir, { recursive: true, force: true });
  });

  it('verify-full TLS with a password; SELECT and session info reach the engine', async () => {
    const c = client({ application_name: 'wire-test' });
    await c.connect();
    const r = await c.query('SELECT 1');
    assert.deepEqual(r.rows, [{ '?column?': 1 }]);
    assert.equal(r.command, 'SELECT');
    assert.deepEqual(fake.state.opened.at(-1), { user: 'alice', database: 'defaultdb', applicationName: 'wire-test', remoteAddress: '127.0.0.1', viaClientCert: false });
    const closedBefore = fake.state.closed;
    await c.end();
    await waitFor(() => fake.state.closed === closedBefore + 1, 'session close on Terminate');
  });

  it('a client that trusts a different CA refuses the server certificate', async () => {
    const c = client({ ssl: { ca: pki.otherCa } });
    await assert.rejects(c.connect(), (e: NodeJS.ErrnoException) => /UNABLE_TO_VERIFY|SELF_SIGNED|CERT/.test(e.code ?? ''));
  });

  it('refuses a plaintext startup with 28000', async () => {
    const c = client({ ssl: false });
    await assert.rejects(c.connect(), (e: { code?: string; message: string }) => e.code === '28000' && /secure mode/.test(e.message));
  });

  it('refuses a wrong password (28P01) and a user without LOGIN', async () => {
    await assert.rejects(client({ password: 'wrong' }).connect(), (e: { code?: string; message: string }) => e.code === '28P01' && e.message === 'password authentication failed for user alice');
    await assert.rejects(client({ user: 'bob', password: 'bobpw' }).connect(), { code: '28P01' });
  });

  it('logs root in by client certificate without a password', async () => {
    const c = client({ user: 'root', password: undefined, ssl: { ca: pki.ca, cert: pki.rootCert, key: pki.rootKey } });
    await c.connect();
    assert.equal((await c.query('SELECT 7')).rows[0]?.['?column?'], 7);
    assert.equal(fake.state.opened.at(-1)?.viaClientCert, true);
    await c.end();
  });

  it('ignores a client certificate from an untrusted CA and falls back to the password', async () => {
    const c = client({ user: 'root', password: 'rootpw', ssl: { ca: pki.ca, cert: pki.otherRootCert, key: pki.otherRootKey } });
    await c.connect();
    assert.equal(fake.state.opened.at(-1)?.viaClientCert, false);
    await c.end();
  });

  it('turns an openSession SqlError into a FATAL error', async () => {
    await assert.rejects(client({ database: 'nope' }).connect(), { code: '3D000', severity: 'FATAL' });
  });

  describe('on one connection', () => {
    let c: pg.Client;
    before(async () => {
      c = client();
      await c.connect();
    });
    after(() => c.end());

    it('simple multi-statement query returns every result, last one last', async () => {
      const r = (await c.query('SELECT 1; SELECT 2')) as unknown as pg.QueryResult[];
      assert.ok(Array.isArray(r));
      assert.deepEqual(r.at(-1)?.rows, [{ '?column?': 2 }]);
    });

    it('empty query', async () => {
      const r = await c.query('');
      assert.deepEqual(r.rows, []);
    });

    it('extended protocol with parameters, including NULL and a binary Buffer', async () => {
      assert.deepEqual((await c.query('SELECT $1::text', ['x'])).rows, [{ text: 'x' }]);
      assert.deepEqual((await c.query('SELECT $1::text, $2::int', [null, 42])).rows, [{ text: null, int: '42' }]);
      assert.deepEqual((await c.query('SELECT $1::bytea', [Buffer.from('hi')])).rows, [{ bytea: '\\x6869' }]);
    });

    it('named prepared statements can be executed repeatedly', async () => {
      const q = (v: string) => c.query({ name: 'q1', text: 'SELECT $1::text', values: [v] });
      assert.deepEqual((await q('a')).rows, [{ text: 'a' }]);
      assert.deepEqual((await q('b')).rows, [{ text: 'b' }]);
    });

    it('recovers after an error in the extended protocol (discard until Sync)', async () => {
      await assert.rejects(c.query('SELECT nonsense $1', ['x']), { code: '42601' });
      assert.deepEqual((await c.query('SELECT $1::text', ['after'])).rows, [{ text: 'after' }]);
      await assert.rejects(c.query('SELECT ERR'), { code: '23505' });
      assert.deepEqual((await c.query('SELECT 3')).rows, [{ '?column?': 3 }]);
    });

    it('errors carry SQLSTATE, detail and hint in both protocols', async () => {
      const expected = { code: '23505', severity: 'ERROR', detail: 'Key (id)=(1) already exists.', hint: 'pick another id', message: 'duplicate key value violates unique constraint "t_pkey"' };
      await assert.rejects(c.query('SELECT ERR'), expected);
      await assert.rejects(c.query({ text: 'SELECT ERR', values: [] }), expected);
    });

    it('an engine bug is XX000 and leaves the connection usable', async () => {
      await assert.rejects(c.query('SELECT BUG'), { code: 'XX000' });
      assert.deepEqual((await c.query('SELECT 4')).rows, [{ '?column?': 4 }]);
      assert.ok(logs.some((l) => l.includes('engine exploded')));
    });

    it('transaction status follows the engine, and a failed block reports 25P02', async () => {
      await c.query('BEGIN');
      await assert.rejects(c.query('nope'), { code: '42601' });
      await assert.rejects(c.query('SELECT 1'), { code: '25P02' });
      await c.query('ROLLBACK');
      assert.deepEqual((await c.query('SELECT 5')).rows, [{ '?column?': 5 }]);
    });

    it('streams a large result', async () => {
      const r = await c.query('SELECT many');
      assert.equal(r.rows.length, 20_000);
      assert.deepEqual(r.rows.at(-1), { n: 19_999 });
    });

    it('reports changed ParameterStatus values', async () => {
      const seen: string[] = [];
      const connection = (c as unknown as { connection: { on(e: string, f: (m: { parameterName: string; parameterValue: string }) => void): void } }).connection;
      connection.on('parameterStatus', (m) => seen.push(`${m.parameterName}=${m.parameterValue}`));
      await c.query("SET application_name = 'renamed'");
      assert.deepEqual(seen, ['application_name=renamed']);
    });
  });

  it('psql connects with sslmode=verify-full and runs SELECT 1', async () => {
    const dsn = `host=127.0.0.1 port=${server.port} user=alice dbname=defaultdb sslmode=verify-full sslrootcert=${join(pki.dir, 'ca.crt')}`;
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('/usr/bin/psql', [dsn, '-X', '-At', '-w', '-c', 'SELECT 1'], { env: { PATH: process.env.PATH ?? '', HOME: pki.dir, PGPASSWORD: 'alicepw' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), '1');
  });

  it('psql logs in by client certificate', async () => {
    const dsn = `host=127.0.0.1 port=${server.port} user=root dbname=defaultdb sslmode=verify-full sslrootcert=${join(pki.dir, 'ca.crt')} sslcert=${join(pki.dir, 'client.root.crt')} sslkey=${join(pki.dir, 'client.root.key')}`;
    const { stdout } = await run('/usr/bin/psql', [dsn, '-X', '-At', '-w', '-c', 'SELECT 9'], { env: { PATH: process.env.PATH ?? '', HOME: pki.dir } });
    assert.equal(stdout.trim(), '9');
  });

  it('a slow statement on one connection does not block another', async () => {
    const a = client();
    const b = client();
    await Promise.all([a.connect(), b.connect()]);
    const slow = a.query('SLOW');
    await waitFor(() => fake.state.slowStarted === 1, 'slow statement to start');
    assert.deepEqual((await b.query('SELECT 6')).rows, [{ '?column?': 6 }]);
    assert.ok(server.connections() >= 2);
    fake.release();
    assert.deepEqual((await slow).rows, [{ slow: 'done' }]);
    await Promise.all([a.end(), b.end()]);
  });
});

describe('wire server, insecure mode', { timeout: 30_000 }, () => {
  let fake: ReturnType<typeof fakeEngine>;
  let server: Awaited<ReturnType<typeof startWireServer>>;
  before(async () => {
    fake = fakeEngine();
    server = await startWireServer({ host: '127.0.0.1', port: 0, engine: fake.engine, tls: null });
  });
  after(() => server.close());

  it('accepts an existing user without a password and refuses unknown ones', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'alice', database: 'defaultdb' });
    await c.connect();
    assert.deepEqual((await c.query('SELECT $1::text', ['ok'])).rows, [{ text: 'ok' }]);
    await c.end();
    await assert.rejects(new pg.Client({ host: '127.0.0.1', port: server.port, user: 'nobody' }).connect(), { code: '28P01' });
  });

  it('answers N to SSLRequest so psql sslmode=prefer falls back to plaintext', async () => {
    const { stdout } = await run('/usr/bin/psql', [`host=127.0.0.1 port=${server.port} user=alice sslmode=prefer`, '-X', '-At', '-w', '-c', 'SELECT 8'], { env: { PATH: process.env.PATH ?? '', HOME: tmpdir() } });
    assert.equal(stdout.trim(), '8');
  });

  it('a malformed message gets 08P01 and a closed socket, and the server keeps serving', async () => {
    const bogus = Buffer.from([0x51, 0xff, 0xff, 0xff, 0xff]);
    const reply = await rawExchange(server.port, [startupPacket({ user: 'alice', database: 'defaultdb' }), bogus]);
    assert.ok(reply.includes(Buffer.from('C08P01\0')), reply.toString('latin1'));
    const short = Buffer.from([0x42, 0, 0, 0, 5, 0]); // Bind whose body ends mid-string
    assert.ok((await rawExchange(server.port, [startupPacket({ user: 'alice' }), short])).includes(Buffer.from('C08P01\0')));
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'alice' });
    await c.connect();
    assert.equal(fake.state.opened.at(-1)?.database, 'alice');
    assert.deepEqual((await c.query('SELECT 1')).rows, [{ '?column?': 1 }]);
    await c.end();
  });

  it('extended protocol details: Describe S, row limits with PortalSuspended, NoData, Close', async () => {
    const c = await rawSession(server.port, 'alice');
    const { msg, int32 } = c;
    c.send(
      msg('P', '', 'SELECT many', 0),
      msg('D', Buffer.from('S'), ''),
      msg('B', '', '', 0, 0, 0),
      msg('E', '', int32(2)),
      msg('E', '', int32(0)),
      msg('C', Buffer.from('P'), ''),
      msg('S'),
    );
    const r = await c.untilReady();
    assert.equal(r.types.replace(/D+/g, (d) => `D${d.length}`), '1tT2D2sD19998C3Z');
    c.send(msg('P', 's2', "SELECT $1::text, '$3' -- $4", 0), msg('D', Buffer.from('S'), 's2'), msg('P', 'b', 'BEGIN', 0), msg('D', Buffer.from('S'), 'b'), msg('S'));
    const d = await c.untilReady();
    assert.equal(d.types, '1tn1tnZ');
    assert.deepEqual([...(d.bodies[1] ?? [])], [0, 1, 0, 0, 0, 25]);
    c.send(msg('B', '', 'missing', 0, 0, 0), msg('E', '', int32(0)), msg('S'));
    const e = await c.untilReady();
    assert.equal(e.types, 'EZ');
    assert.ok(e.bodies[0]?.includes(Buffer.from('C26000\0')));
    c.close();
  });

  it('answers GSSENCRequest with N, and closes on CancelRequest', async () => {
    const gss = Buffer.alloc(8);
    gss.writeInt32BE(8);
    gss.writeInt32BE(80877104, 4);
    const reply = await rawExchange(server.port, [gss, startupPacket({ user: 'alice' }), Buffer.from('X\0\0\0\x04')]);
    assert.equal(reply.toString('latin1', 0, 2), 'NR');
    const cancel = Buffer.alloc(16);
    cancel.writeInt32BE(16);
    cancel.writeInt32BE(80877102, 4);
    assert.equal((await rawExchange(server.port, [cancel])).length, 0);
  });

  it('refuses binary result formats with 08P01 and stays usable', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'alice' });
    await c.connect();
    await assert.rejects(c.query({ text: 'SELECT $1::text', values: ['x'], binary: true } as pg.QueryConfig), (e: { code?: string; message: string }) => e.code === '08P01' && /binary result format/.test(e.message));
    assert.deepEqual((await c.query('SELECT $1::text', ['y'])).rows, [{ text: 'y' }]);
    await c.end();
  });

  it('a FATAL engine error closes the connection', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'alice' });
    c.on('error', () => {});
    await c.connect();
    await assert.rejects(c.query('SELECT FATAL'), { code: '57P01', severity: 'FATAL' });
    await waitFor(() => server.connections() === 0, 'connection to close');
  });
});
