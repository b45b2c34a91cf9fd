// How `cockroach init` and `cockroach node …` reach a cluster. Real CockroachDB dials the node's RPC port; the
// stand-in has none, so after checking that a node really listens at --host it goes through the cluster's catalog
// (the stand-in's stand-in for node RPC): the cluster key comes from --certs-dir's ca.crt (secure; the client shares
// the cluster's CA), or, with --insecure, from --cluster-name or the address card the node left (address-book.ts).
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { openClusterCatalog, type ClusterCatalog, type NodeRecord } from '../catalog/cluster-catalog.js';
import { readAddressCard } from '../node/address-book.js';
import { clusterKeyFromCa, clusterKeyFor } from '../node/cluster-key.js';
import { formatAddr, parseAddr, UsageError, type FlagSpec, type HostPort, type ParsedFlags } from './flags.js';

/** Client connection flags (connection-parameters.md) shared by init, node and sql. */
export const CLIENT_FLAGS: FlagSpec = {
  host: 'string', port: 'string', 'certs-dir': 'string', insecure: 'bool', url: 'string', 'cluster-name': 'string',
  'disable-cluster-name-verification': 'bool', format: 'string', timeout: 'string',
};

export const clientHost = (f: ParsedFlags): HostPort => {
  const h = parseAddr(f.string('host') ?? process.env.COCKROACH_HOST, { host: 'localhost', port: 26257 });
  const port = f.string('port') ?? process.env.COCKROACH_PORT;
  return port ? { host: h.host, port: Number(port) } : h;
};

export const clientCertsDir = (f: ParsedFlags): string | null => {
  const insecure = f.bool('insecure') || process.env.COCKROACH_INSECURE === 'true';
  return insecure ? null : (f.string('certs-dir') ?? process.env.COCKROACH_CERTS_DIR ?? `${process.env.HOME ?? ''}/.cockroach-certs`);
};

/** What CockroachDB prints when nothing answers at --host. */
export const assertReachable = (host: HostPort, timeoutMs = 5_000) =>
  new Promise<void>((resolve, reject) => {
    const s = connect({ host: host.host, port: host.port });
    const fail = (msg: string) => {
      s.destroy();
      reject(new UsageError(`cannot dial server.\nIs the server running?\nIf the server is running, check --host client-side and --advertise server-side.\n\ndial tcp ${formatAddr(host)}: ${msg}`));
    };
    s.setTimeout(timeoutMs, () => fail('i/o timeout'));
    s.once('connect', () => {
      s.end();
      resolve();
    });
    s.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'ECONNREFUSED' ? 'connect: connection refused' : e.message));
  });

export type ClusterAccess = { catalog: ClusterCatalog; host: HostPort; certsDir: string | null; clusterKey: string };

export const openClusterAccess = async (f: ParsedFlags): Promise<ClusterAccess> => {
  const adminUrl = process.env.COCKROACH_STANDIN_PG_URL ?? process.env.TEST_PG_URL;
  if (!adminUrl) throw new UsageError('COCKROACH_STANDIN_PG_URL is not set: the stand-in keeps its clusters in PostgreSQL (scripts/services.sh env)');
  const host = clientHost(f);
  const certsDir = clientCertsDir(f);
  let clusterKey: string;
  if (certsDir !== null) {
    if (!existsSync(join(certsDir, 'client.root.crt'))) {
      throw new UsageError(`problem using security settings: no client certificate found for user root in ${certsDir}`);
    }
    clusterKey = clusterKeyFromCa(certsDir);
  } else if (f.string('cluster-name')) {
    clusterKey = clusterKeyFor({ certsDir: null, clusterName: f.string('cluster-name')!, join: [] });
  } else {
    const card = readAddressCard(host);
    if (!card) throw new UsageError(`no stand-in node is known at ${formatAddr(host)} (insecure: pass --cluster-name, or start the node first)`);
    clusterKey = card.clusterKey;
  }
  await assertReachable(host);
  return { catalog: await openClusterCatalog({ adminUrl, clusterKey }), host, certsDir, clusterKey };
};

const sameAddr = (a: string, b: HostPort) => {
  const x = parseAddr(a, { host: '', port: 26257 });
  const norm = (h: string) => (h === 'localhost' ? '127.0.0.1' : h);
  return x.port === b.port && norm(x.host) === norm(b.host);
};

/** The node --host points at (by its RPC or SQL address), as `--self` means in CockroachDB. */
export const nodeAtHost = (nodes: NodeRecord[], host: HostPort): NodeRecord => {
  const n = nodes.find((x) => sameAddr(x.address, host) || sameAddr(x.sqlAddress, host));
  if (!n) throw new UsageError(`no node of this cluster is known at ${formatAddr(host)} (has the cluster been initialized?)`);
  return n;
};

/** Node ids from positional args, or the --host node with --self. */
export const targetNodeIds = (f: ParsedFlags, nodes: NodeRecord[], host: HostPort, what: string): number[] => {
  if (f.bool('self')) return [nodeAtHost(nodes, host).nodeId];
  if (f.positional.length === 0) throw new UsageError(`no node ID specified; use --self to target the node specified with --host (${what})`);
  return f.positional.map((p) => {
    const id = Number(p);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError(`invalid node ID: ${p}`);
    if (!nodes.some((n) => n.nodeId === id)) throw new UsageError(`node ${id} does not exist`);
    return id;
  });
};
