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
  return {
    async readiness(): Promise<Readiness> {
      try {
        await deps.db.query('SELECT 1');
      } catch {
        return {
          ready: false,
          checks: { database: 'unreachable', migrations: 'unknown' },
          reasons: ['The metadata database is unreachable.'],
        };
      }
      const migration = await migrationStatus(deps.db, await (shipped ??= loadMigrations()));
      const reasons: string[] = [];
      if (migration.pending > 0) reasons.push(`${migration.pending} schema migration(s) pending: run "cpctl migrate".`);
      reasons.push(...((await deps.extraChecks?.()) ?? []));
      return {
        ready: reasons.length === 0,
        checks: { database: 'ok', migrations: migration.pending > 0 ? 'pending' : 'ok' },
        migration,
        reasons,
      };
    },
  };
};

export type HealthService = ReturnType<typeof createHealthService>;
