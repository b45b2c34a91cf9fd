// The SQL port of a stand-in CockroachDB node: PostgreSQL wire protocol v3, every statement handed to an SqlEngine.
import { createServer } from 'node:net';
import type { SqlEngine } from '../sql/engine.types.js';
import { serveConnection, type Connection } from './connection.js';
import { createTlsUpgrade } from './startup.js';

export type WireServerOptions = {
  host: string;
  /** 0 = ephemeral; the bound port is returned. */
  port: number;
  engine: SqlEngine;
  /** PEM strings: the node certificate and key, and the CA that client certificates must chain to. null = --insecure. */
  tls: { cert: string; key: string; ca: string } | null;
  logger?: (msg: string) => void;
};

export type WireServer = { port: number; close(): Promise<void>; connections(): number };

export const startWireServer = async (o: WireServerOptions): Promise<WireServer> => {
  const log = o.logger ?? (() => {});
  // Throws here on unusable PEM, so a bad certificate fails startWireServer rather than every handshake.
  const upgrade = o.tls === null ? null : createTlsUpgrade(o.tls);
  const open = new Set<Connection>();

  const server = createServer((socket) => {
    socket.setNoDelay(true);
    const conn = serveConnection(socket, { engine: o.engine, upgrade, log });
    open.add(conn);
    void conn.done
      .catch((e: unknown) => log(`connection failed: ${String(e)}`))
      .finally(() => open.delete(conn));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (e) => log(`wire server error: ${e.message}`));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('wire server did not bind a TCP port');

  return {
    port: address.port,
    connections: () => open.size,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const conns = [...open];
      for (const c of conns) c.destroy();
      // Each connection's own cleanup closes its engine session before close() resolves.
      await Promise.all(conns.map((c) => c.done.catch(() => {})));
      await closed;
    },
  };
};
