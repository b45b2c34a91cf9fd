// The node's liveness loop, CockroachDB's node liveness in miniature: every tick (500 ms) the node re-reads the
// catalog's node table (so a `cockroach node drain|decommission` written there by another process takes effect), and
// every TTL/2 it extends its own liveness record by TTL (CockroachDB: 9 s records, renewed at 4.5 s). A node whose
// process dies stops heartbeating and is not live once its record expires. Readiness (/health?ready=1) follows
// monitoring-and-alerting.md: not ready while uninitialized, draining, decommissioning/decommissioned, not live, or
// unable to reach a majority of the cluster (here: fewer than a majority of its non-decommissioned nodes are live).
import type { ClusterCatalog, NodeRecord } from '../catalog/cluster-catalog.js';
import type { createStoreMeter } from './store.js';

export const POLL_MS = 500;
/** CockroachDB's node liveness record lasts 9 s by default; tests shorten it (COCKROACH_STANDIN_LIVENESS_TTL_MS). */
export const DEFAULT_LIVENESS_TTL_MS = 9_000;

type Registration = Parameters<ClusterCatalog['registerNode']>[0];

export type LivenessDeps = {
  catalog: Pick<ClusterCatalog, 'isInitialized' | 'registerNode' | 'heartbeat' | 'setDraining' | 'listNodes'>;
  meter: Pick<ReturnType<typeof createStoreMeter>, 'measure'>;
  ttlMs: number;
  registration: Registration;
  log: (line: string) => void;
  /** Cluster work any live node may do (the job scheduler: due backup schedules), run at most every SCHEDULER_MS. */
  onSchedulerTick?: (nodeId: number) => Promise<unknown>;
};

/** CockroachDB's job scheduler wakes up about once a minute by default; the stand-in checks every 2 s. */
export const SCHEDULER_MS = 2_000;

export const createLiveness = (deps: LivenessDeps) => {
  let nodeId: number | null = null;
  let nodes: NodeRecord[] = [];
  let draining = false;
  let shuttingDown = false;
  let lastBeat = 0;
  let lastSchedulerTick = 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let markJoined: (id: number) => void = () => undefined;
  const joined = new Promise<number>((resolve) => (markJoined = resolve));

  const self = () => nodes.find((n) => n.nodeId === nodeId);

  const beat = async (id: number) => {
    const usage = await deps.meter.measure(Math.max(1, nodes.filter((n) => n.isLive).length));
    await deps.catalog.heartbeat(id, deps.ttlMs, usage);
    lastBeat = Date.now();
  };

  const tick = async () => {
    if (nodeId === null) {
      if (!(await deps.catalog.isInitialized())) return;
      const { nodeId: id } = await deps.catalog.registerNode(deps.registration);
      // A restarted node is no longer draining (CockroachDB clears the drain flag when the process starts again).
      await deps.catalog.setDraining(id, shuttingDown);
      await beat(id);
      nodeId = id;
      deps.log(`node ${id} joined the cluster`);
      markJoined(id);
    } else if (Date.now() - lastBeat >= deps.ttlMs / 2) {
      await beat(nodeId);
    }
    nodes = await deps.catalog.listNodes();
    draining = self()?.draining ?? draining;
    if (deps.onSchedulerTick && !draining && !shuttingDown && Date.now() - lastSchedulerTick >= SCHEDULER_MS) {
      lastSchedulerTick = Date.now();
      await deps.onSchedulerTick(nodeId);
    }
  };

  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((err: unknown) => deps.log(`liveness: ${(err as Error).message}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, POLL_MS);
      });
  };

  return {
    nodeId: () => nodeId,
    nodes: () => nodes,
    joined,
    isDraining: () => draining || shuttingDown,
    notReadyReason: (): string | null => {
      const me = self();
      if (nodeId === null || !me) return 'cluster not initialized';
      if (draining || shuttingDown) return 'draining';
      if (me.membership !== 'active') return me.membership;
      if (!me.isLive || Date.now() - lastBeat > deps.ttlMs) return 'not live';
      const members = nodes.filter((n) => n.membership !== 'decommissioned');
      if (members.filter((n) => n.isLive).length * 2 <= members.length) return 'no quorum';
      return null;
    },
    start: loop,
    /** Marks the node draining in the catalog so `node status --decommission` and other nodes see it. */
    drain: async () => {
      shuttingDown = true;
      if (nodeId !== null) await deps.catalog.setDraining(nodeId, true).catch((err: unknown) => deps.log(`drain: ${(err as Error).message}`));
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
};
