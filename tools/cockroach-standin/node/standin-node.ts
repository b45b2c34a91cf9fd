// One stand-in CockroachDB node: a SQL port (PostgreSQL wire), an HTTP port (/health, /_status/vars) and a liveness
// loop against the cluster's catalog database. The catalog is the only shared state: a drain or decommission done by
// `cockroach node …` (which writes the catalog) takes effect here because the loop re-reads this node's row.
//   before `cockroach init`: both ports listen, SQL answers the engine's not-initialized error, ready=1 is 503;
//   after:  the node registers (same store dir → same node id, as a restarted CockroachDB node keeps its id) and
//           heartbeats every TTL/2; it is live while its record's expiration is in the future.
import { randomUUID, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { openClusterCatalog } from '../catalog/cluster-catalog.js';
import { formatAddr, type HostPort } from '../cli/flags.js';
import { createNodeMetrics } from '../http/metrics.js';
import { startHttpServer } from '../http/server.js';
import { createSqlEngine } from '../sql/engine.js';
import { startWireServer } from '../wire/server.js';
import { writeAddressCards } from './address-book.js';
import { clusterKeyFor } from './cluster-key.js';
import { runDueSchedules } from '../backup/index.js';
import { createLiveness, DEFAULT_LIVENESS_TTL_MS } from './liveness.js';
import { createStoreMeter } from './store.js';

export type StandinNodeOptions = {
  adminUrl: string;
  buildTag: string;
  /** null = --insecure. */
  certsDir: string | null;
  clusterName: string | null;
  join: string[];
  storeDir: string;
  storeCapacityBytes: number;
  /** --listen-addr: RPC (and SQL unless sqlAddr is given). */
  listenAddr: HostPort;
  advertiseAddr: HostPort;
  sqlAddr: HostPort | null;
  advertiseSqlAddr: HostPort | null;
  httpAddr: HostPort;
  locality: string;
  livenessTtlMs?: number;
  logger?: (line: string) => void;
};

const readTls = (certsDir: string) => ({
  ca: readFileSync(join(certsDir, 'ca.crt'), 'utf8'),
  cert: readFileSync(join(certsDir, 'node.crt'), 'utf8'),
  key: readFileSync(join(certsDir, 'node.key'), 'utf8'),
});

/**
 * The store's identity. CockroachDB writes the node id into the store on first start, so a wiped store directory is
 * a new node (a new id) even at the same path; the catalog identifies a node by the string it registers with, so
 * the stand-in registers `<path>#<uuid>`, the uuid kept in <store>/STANDIN_STORE_ID from the first start on.
 */
const storeIdentity = (storeDir: string) => {
  const file = join(storeDir, 'STANDIN_STORE_ID');
  mkdirSync(storeDir, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, `${randomUUID()}\n`);
  return `${storeDir}#${readFileSync(file, 'utf8').trim()}`;
};

const expiresAt = (pem: string | undefined) => (pem ? Math.floor(new Date(new X509Certificate(pem).validTo).getTime() / 1000) : 0);

/** A separate --sql-addr leaves --listen-addr for RPC only; the stand-in has no RPC, so it just holds the port. */
const holdPort = (a: HostPort) =>
  new Promise<Server>((resolve, reject) => {
    const s = createServer((sock) => sock.destroy());
    s.once('error', reject).listen(a.port, a.host || undefined, () => resolve(s));
  });

export const startStandinNode = async (opts: StandinNodeOptions) => {
  const log = opts.logger ?? (() => undefined);
  const tls = opts.certsDir === null ? null : readTls(opts.certsDir);
  const clusterKey = clusterKeyFor(opts);
  const catalog = await openClusterCatalog({ adminUrl: opts.adminUrl, clusterKey });
  await catalog.ensureSchema();
  const metrics = createNodeMetrics();
  const meter = createStoreMeter({ adminUrl: opts.adminUrl, clusterKey, capacityBytes: opts.storeCapacityBytes });
  const sqlListen = opts.sqlAddr ?? opts.listenAddr;
  const liveness = createLiveness({
    catalog,
    meter,
    ttlMs: opts.livenessTtlMs ?? DEFAULT_LIVENESS_TTL_MS,
    registration: {
      storeDir: storeIdentity(opts.storeDir),
      address: formatAddr(opts.advertiseAddr),
      sqlAddress: formatAddr(opts.advertiseSqlAddr ?? opts.sqlAddr ?? opts.advertiseAddr),
      httpAddress: formatAddr({ host: opts.httpAddr.host || opts.advertiseAddr.host, port: opts.httpAddr.port }),
      locality: opts.locality,
      buildTag: opts.buildTag,
    },
    log,
    // Backup schedules fire from whichever live node gets there first (claimed with SKIP LOCKED in the catalog).
    onSchedulerTick: (id) => runDueSchedules(catalog, new Date(), { nodeId: id }),
  });
  const engine = createSqlEngine({
    catalog,
    adminUrl: opts.adminUrl,
    node: { nodeId: () => liveness.nodeId() ?? 0, buildTag: opts.buildTag, isDraining: () => liveness.isDraining() },
    onStatement: metrics.recordStatement,
  });

  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const c of closers.reverse()) await c().catch((err: unknown) => log(`close: ${(err as Error).message}`));
  };
  closers.push(() => catalog.close(), () => meter.close(), () => engine.close());
  try {
    const rpc = opts.sqlAddr ? await holdPort(opts.listenAddr) : null;
    if (rpc) closers.push(() => new Promise((r) => rpc.close(r)));
    const wire = await startWireServer({ host: sqlListen.host, port: sqlListen.port, engine, tls, logger: log });
    closers.push(() => wire.close());
    const certs = { ca: expiresAt(tls?.ca), node: expiresAt(tls?.cert) };
    const http = await startHttpServer({
      host: opts.httpAddr.host || opts.listenAddr.host,
      port: opts.httpAddr.port,
      tls,
      logger: log,
      node: {
        nodeId: liveness.nodeId,
        notReadyReason: liveness.notReadyReason,
        vars: async () => {
          const id = liveness.nodeId() ?? 0;
          const nodes = liveness.nodes();
          const mine = (await catalog.rangeReport()).perNode.get(id);
          const usage = meter.usage();
          return metrics.render({ nodeId: id, storeId: id }, {
            sql_conns: wire.connections(),
            liveness_livenodes: liveness.notReadyReason() === 'not live' ? 0 : nodes.filter((n) => n.isLive).length,
            security_certificate_expiration_ca: certs.ca,
            security_certificate_expiration_node: certs.node,
            ranges: mine?.leaseholders ?? 0,
            ranges_underreplicated: mine?.underReplicated ?? 0,
            ranges_unavailable: mine?.unavailable ?? 0,
            replicas: mine?.replicas ?? 0,
            replicas_leaders: mine?.leaseholders ?? 0,
            replicas_leaseholders: mine?.leaseholders ?? 0,
            capacity: usage.capacityBytes,
            capacity_available: usage.availableBytes,
            capacity_used: usage.usedBytes,
          });
        },
      },
    });
    closers.push(() => http.close());
    const removeCards = writeAddressCards([opts.listenAddr, sqlListen, opts.advertiseAddr], clusterKey);
    closers.push(async () => removeCards());
    liveness.start();
    closers.push(() => liveness.stop());
    log(`node listening: sql ${formatAddr({ ...sqlListen, port: wire.port })}, http ${formatAddr({ ...opts.httpAddr, port: http.port })}, cluster ${clusterKey}`);

    let stopping: Promise<void> | null = null;
    return {
      clusterKey,
      sqlPort: wire.port,
      httpPort: http.port,
      nodeId: liveness.nodeId,
      /** Resolves once the node has registered (after `cockroach init`). */
      joined: liveness.joined,
      /** SIGTERM: drain (ready=503, new sessions refused, the catalog says draining), then close every port. */
      stop: () =>
        (stopping ??= (async () => {
          await liveness.drain();
          await closeAll();
        })()),
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
};

export type StandinNode = Awaited<ReturnType<typeof startStandinNode>>;
