// A TCP proxy a test can cut and restore, to take a real PostgreSQL away from one app without touching the shared
// server: `stop()` closes the listener and destroys every connection (clients see resets, then ECONNREFUSED);
// `start()` listens again on the same port.
import { createServer, connect, type Server, type Socket } from 'node:net';

export type TcpProxy = { port: number; start: () => Promise<void>; stop: () => Promise<void>; close: () => Promise<void> };

export const startTcpProxy = async (target: { host: string; port: number }, port = 0): Promise<TcpProxy> => {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let bound = port;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const x of [client, upstream]) {
          sockets.add(x);
          x.on('close', () => sockets.delete(x));
          x.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(bound, '127.0.0.1', () => {
        bound = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const x of sockets) x.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await start();
  return { port: bound, start, stop, close: stop };
};
