// HEALTHCHECK_CLUSTERS (decisions.md: health checks work [20]): scheduled; probes every node of every ACTIVE or
// UNHEALTHY cluster at CockroachDB's readiness endpoint, <scheme>://<node>:<port>/health?ready=1, with the
// cluster.healthcheck_timeout_seconds timeout, and moves the cluster ACTIVE ↔ UNHEALTHY both ways. No playbook and
// no SSH: the HTTP endpoint is what load balancers use too. HTTPS is verified against the cluster CA when cp knows
// it, hostname included (the node certificate must name the address probed); without one the certificate cannot be
// checked and only reachability/readiness is judged.
import http from 'node:http';
import https from 'node:https';
import type { JobKind } from '../../jobs/types.js';
import { listClustersForHealthCheck, recordHealth } from '../../repositories/clusters.repository.js';
import { healthTarget } from '../../services/clusters/cluster-state.js';
import { healthcheckPayload } from '../../services/clusters/cluster-payloads.js';
import { allNodes } from '../../services/clusters/inventory.js';
import type { ClusterWorkerDeps } from './cluster-job.js';

export const HEALTHCHECK_CLUSTERS = 'HEALTHCHECK_CLUSTERS';

export type NodeHealth = { ready: boolean; status?: number; error?: string };

export const probeNode = (
  url: string,
  opts: { timeoutMs: number; ca?: string | null; signal?: AbortSignal },
): Promise<NodeHealth> =>
  new Promise((resolve) => {
    const isHttps = url.startsWith('https:');
    const tls = isHttps ? (opts.ca ? { ca: opts.ca, rejectUnauthorized: true } : { rejectUnauthorized: false }) : {};
    const req = (isHttps ? https : http).get(url, { timeout: opts.timeoutMs, ...tls, ...(opts.signal ? { signal: opts.signal } : {}) }, (res) => {
      res.resume();
      resolve({ ready: res.statusCode === 200, status: res.statusCode ?? 0 });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', (err) => resolve({ ready: false, error: err.message }));
  });

export const createHealthcheckKind = (deps: ClusterWorkerDeps): JobKind<Record<string, never>> => ({
  kind: HEALTHCHECK_CLUSTERS,
  payload: healthcheckPayload,
  exclusive: false,
  retry: { maxAttempts: 1, baseDelayMs: 1_000, maxDelayMs: 1_000 },
  timeoutMs: 10 * 60_000,
  cancellable: true,
  resumable: true,
  handler: async (ctx) => {
    const timeoutMs = Math.max(1, await deps.settings.getInt('cluster.healthcheck_timeout_seconds')) * 1000;
    const { scheme, port } = deps.healthcheck;
    const clusters = await listClustersForHealthCheck(deps.db);
    const changed: string[] = [];
    for (const c of clusters) {
      ctx.signal.throwIfAborted();
      const nodes = allNodes(c.cluster_inventory);
      const results = await Promise.all(
        nodes.map(async (n) => [n, await probeNode(`${scheme}://${n.includes(':') ? `[${n}]` : n}:${port}/health?ready=1`, { timeoutMs, ca: c.ca_cert, signal: ctx.signal })] as const),
      );
      const healthy = nodes.length > 0 && results.every(([, h]) => h.ready);
      const target = healthTarget(healthy);
      const down = results.filter(([, h]) => !h.ready).map(([n, h]) => `${n} (${h.error ?? `HTTP ${h.status}`})`);
      const reason = healthy ? null : nodes.length === 0 ? 'no nodes in the inventory' : `not ready: ${down.join(', ')}`;
      await ctx.fencedTransaction((tx) => recordHealth(tx, c.cluster_id, target, Object.fromEntries(results), reason));
      if (target !== c.status) {
        changed.push(c.cluster_id);
        await ctx.log(`${c.cluster_id}: ${c.status} → ${target}`, reason ?? 'every node is ready', healthy ? 'info' : 'warning');
      }
    }
    return { checked: clusters.length, changed };
  },
});
