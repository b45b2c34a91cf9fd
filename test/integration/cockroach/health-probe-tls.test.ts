// The node health probe verifies HTTPS like the SQL client does: the chain must end at the cluster CA AND the
// certificate must name the address probed (it used to skip the hostname check).
import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { probeNode } from '../../../src/workers/remote/healthcheck.handler.js';
import { makePki, type Pki } from '../../../tools/cockroach-standin/wire/testkit.js';

describe('health probe TLS', () => {
  let pki: Pki;
  const servers: https.Server[] = [];
  const serve = async (host: string) => {
    const s = https.createServer({ cert: pki.nodeCert, key: pki.nodeKey }, (_req, res) => res.writeHead(200).end('{}'));
    await new Promise<void>((r) => s.listen(0, host, r));
    servers.push(s);
    return (s.address() as AddressInfo).port;
  };
  before(async () => {
    pki = await makePki(); // node certificate for IP 127.0.0.1 only
  });
  after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  it('is ready when the certificate names the probed address and chains to the cluster CA', async () => {
    const port = await serve('127.0.0.1');
    assert.deepEqual(await probeNode(`https://127.0.0.1:${port}/health?ready=1`, { timeoutMs: 2_000, ca: pki.ca }), { ready: true, status: 200 });
  });

  it('is not ready when the certificate names another address', async () => {
    const port = await serve('127.0.0.2');
    const h = await probeNode(`https://127.0.0.2:${port}/health?ready=1`, { timeoutMs: 2_000, ca: pki.ca });
    assert.equal(h.ready, false);
    assert.match(h.error ?? '', /IP: 127\.0\.0\.2 is not in the cert's list/);
  });

  it('is not ready when the certificate comes from another CA', async () => {
    const port = await serve('127.0.0.1');
    const h = await probeNode(`https://127.0.0.1:${port}/health?ready=1`, { timeoutMs: 2_000, ca: pki.otherCa });
    assert.equal(h.ready, false);
    assert.match(h.error ?? '', /certificate/);
  });
});
