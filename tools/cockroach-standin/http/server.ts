// The node's HTTP port (--http-addr, default :8080): HTTPS with the node certificate in secure mode, HTTP with
// --insecure, as CockroachDB's DB Console port. Only the endpoints monitoring-and-alerting.md documents for probes
// and scrapers: /health, /health?ready=1 and /_status/vars; everything else is 404. None needs authentication.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** CockroachDB's 503 body for /health?ready=1 (monitoring-and-alerting.md, "Health endpoints"). */
export const NOT_HEALTHY_BODY = { error: 'node is not healthy', code: 14, message: 'node is not healthy', details: [] };

export type HttpNodeView = {
  /** null until the node has joined an initialized cluster. */
  nodeId(): number | null;
  /** Why the node is not ready (uninitialized, draining, decommissioning, not live, no quorum), or null when ready. */
  notReadyReason(): string | null;
  /** The Prometheus text of /_status/vars. */
  vars(): Promise<string>;
};

export type HttpServerOptions = {
  host: string;
  port: number;
  tls: { cert: string; key: string; ca: string } | null;
  node: HttpNodeView;
  logger?: (line: string) => void;
};

const json = (res: http.ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body, null, 2)}\n`);

export const startHttpServer = async (opts: HttpServerOptions) => {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://node');
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method not allowed', code: 12 });
    if (url.pathname === '/health' || url.pathname === '/api/v2/health/') {
      const ready = url.searchParams.get('ready');
      if (ready === '1' || ready === 'true') {
        const reason = opts.node.notReadyReason();
        if (reason) opts.logger?.(`health?ready=1 → 503 (${reason})`);
        return reason ? json(res, 503, NOT_HEALTHY_BODY) : json(res, 200, {});
      }
      // The docs show an empty object; the node id (not an address) is added so a prober can tell nodes apart.
      const id = opts.node.nodeId();
      return json(res, 200, id === null ? {} : { nodeId: id });
    }
    if (url.pathname === '/_status/vars') {
      opts.node.vars().then(
        (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
        (err: unknown) => json(res, 500, { error: (err as Error).message, code: 13 }),
      );
      return;
    }
    return json(res, 404, { error: 'Not Found', code: 5, message: 'Not Found', details: [] });
  };
  const server = opts.tls ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key, ca: opts.tls.ca }, handler) : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host || undefined, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

export type HttpServer = Awaited<ReturnType<typeof startHttpServer>>;
