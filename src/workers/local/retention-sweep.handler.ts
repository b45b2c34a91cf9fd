// RETENTION_SWEEP: deletes what has outlived its retention setting (finished jobs, audit events, resolved alerts,
// DELETED clusters) and expired auth rows (sessions, OIDC login attempts, API-key replay signatures). Each batch is
// its own fenced transaction: a sweep that lost its lease stops deleting, and a retried sweep just continues.
import { z } from 'zod';
import type { Tx } from '../../infra/db/db.js';
import type { JobKind } from '../../jobs/types.js';
import { AGED_TABLES, EXPIRING_TABLES, deleteAgedBatch, deleteExpiredBatch, type AgedTable } from '../../repositories/retention.repository.js';
import type { SettingsReader } from '../../services/settings/settings.reader.js';

export const RETENTION_SWEEP = 'RETENTION_SWEEP';

const SETTING: Record<AgedTable, { key: string; fallback: number }> = {
  jobs: { key: 'retention.jobs_days', fallback: 90 },
  events: { key: 'retention.events_days', fallback: 365 },
  alerts: { key: 'retention.alerts_days', fallback: 90 },
  deleted_clusters: { key: 'retention.deleted_clusters_days', fallback: 90 },
};

const payload = z.object({ batch_size: z.number().int().min(1).max(10_000).default(1_000) });

export type RetentionSweepDeps = { settings: Pick<SettingsReader, 'getInt'> };

export const createRetentionSweepKind = (deps: RetentionSweepDeps): JobKind<z.infer<typeof payload>> => ({
  kind: RETENTION_SWEEP,
  payload,
  exclusive: false,
  retry: { maxAttempts: 3, baseDelayMs: 30_000, maxDelayMs: 600_000 },
  timeoutMs: 30 * 60_000,
  cancellable: true,
  resumable: true,
  handler: async (ctx) => {
    const deleted: Record<string, number> = {};
    const drain = async (name: string, deleteBatch: (tx: Tx) => Promise<number>) => {
      deleted[name] = 0;
      for (;;) {
        ctx.signal.throwIfAborted();
        const n = await ctx.fencedTransaction(deleteBatch);
        deleted[name] += n;
        if (n < ctx.payload.batch_size) break;
      }
    };
    for (const table of AGED_TABLES) {
      const configured = await deps.settings.getInt(SETTING[table].key);
      const days = Number.isInteger(configured) && configured > 0 ? configured : SETTING[table].fallback;
      await drain(table, (tx) => deleteAgedBatch(tx, table, days, ctx.payload.batch_size));
    }
    for (const table of EXPIRING_TABLES) await drain(table, (tx) => deleteExpiredBatch(tx, table, ctx.payload.batch_size));
    await ctx.log('Retention sweep', Object.entries(deleted).map(([t, n]) => `${t}: ${n} deleted`).join('\n'));
    return { deleted };
  },
});
