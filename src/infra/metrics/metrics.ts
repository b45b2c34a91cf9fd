// Prometheus metrics for cp itself (GET /metrics): HTTP latency by route, DB pool usage, transaction retries and the
// Node.js defaults (event-loop lag, heap, GC). One registry per app instance so tests can build several apps.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../db/db.js';

export type Metrics = ReturnType<typeof createMetrics>;

export const createMetrics = (opts: { poolStats?: () => PoolStats } = {}) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const httpDuration = new Histogram({
    name: 'cp_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const txRetries = new Counter({
    name: 'cp_db_transaction_retries_total',
    help: 'Transactions re-run after a serialization failure (SQLSTATE 40001)',
    registers: [registry],
  });

  const loginFailures = new Counter({
    name: 'cp_auth_login_failures_total',
    help: 'Refused sign-in callbacks by reason (audited at most once per source IP per minute when anonymous)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });

  if (opts.poolStats) {
    const stats = opts.poolStats;
    new Gauge({
      name: 'cp_db_pool_connections',
      help: 'Metadata database pool connections by state',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const s = stats();
        this.set({ state: 'total' }, s.total);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
      },
    });
  }

  return { registry, httpDuration, txRetries, loginFailures };
};
