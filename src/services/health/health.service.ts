// Liveness and readiness. Ready means: the metadata database answers and carries every migration this build knows.
import type { Db } from '../../infra/db/db.js';
import { loadMigrations, migrationStatus, type Migration, type MigrationStatus } from '../../infra/db/migrate.js';

export type Readiness = {
  ready: boolean;
  checks: { database: 'ok' | 'unreachable'; migrations: 'ok' | 'pending' | 'unknown' };
  migration?: MigrationStatus;
  reasons: string[];
};

export type HealthServiceDeps = { db: Pick<Db, 'query' | 'kind'>; extraChecks?: () => Promise<string[]> };

export const createHealthService = (deps: HealthServiceDeps) => {
  // The migrations this build carries do not change while it runs: read them once, not on every probe.
  let shipped: Promise<Migration[]> | undefined;
  // Migrations are forward-only: once every shipped one is applied it stays applied, so from then on a probe costs
  // one `SELECT 1` (reachability) and no longer reads schema_migrations.
  let migrated: MigrationStatus | undefined;
  // Probes that arrive while one is running share its answer (a load balancer, kubelet and monitoring at once).
  let inFlight: Promise<Readiness> | undefined;

  const check = async (): Promise<Readiness> => {
    try {
      await deps.db.query('SELECT 1');
    } catch {
      return {
        ready: false,
        checks: { database: 'unreachable', migrations: 'unknown' },
        reasons: ['The metadata database is unreachable.'],
      };
    }
    const migration = migrated ?? (await migrationStatus(deps.db, await (shipped ??= loadMigrations())));
    if (migration.pending === 0) migrated = migration;
    const reasons: string[] = [];
    if (migration.pending > 0) reasons.push(`${migration.pending} schema migration(s) pending: run "cpctl migrate".`);
    reasons.push(...((await deps.extraChecks?.()) ?? []));
    return {
      ready: reasons.length === 0,
      checks: { database: 'ok', migrations: migration.pending > 0 ? 'pending' : 'ok' },
      migration,
      reasons,
    };
  };

  return {
    readiness(): Promise<Readiness> {
      inFlight ??= check().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
};

export type HealthService = ReturnType<typeof createHealthService>;
