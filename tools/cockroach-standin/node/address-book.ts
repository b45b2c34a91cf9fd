// Insecure clusters have no CA to derive their cluster key from (see cluster-key.ts), and `cockroach init --insecure
// --host=a:26257` names only an address. Every running node therefore leaves a card in a machine-local directory:
// <run dir>/<host>_<port>.json = { clusterKey, pid }, for its listen and SQL addresses, removed when it stops. This is
// the stand-in's stand-in for dialling the node's RPC port; secure clusters never need it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostPort } from '../cli/flags.js';

export const runDir = () => process.env.COCKROACH_STANDIN_RUN_DIR ?? '/tmp/cockroach-standin/addr';

const cardPath = (a: HostPort) => join(runDir(), `${a.host.replaceAll(/[^A-Za-z0-9.-]/g, '_')}_${a.port}.json`);

export const writeAddressCards = (addrs: HostPort[], clusterKey: string) => {
  mkdirSync(runDir(), { recursive: true });
  for (const a of addrs) writeFileSync(cardPath(a), JSON.stringify({ clusterKey, pid: process.pid }));
  return () => {
    for (const a of addrs) rmSync(cardPath(a), { force: true });
  };
};

export const readAddressCard = (a: HostPort): { clusterKey: string; pid: number } | null => {
  try {
    return JSON.parse(readFileSync(cardPath(a), 'utf8')) as { clusterKey: string; pid: number };
  } catch {
    return null;
  }
};
