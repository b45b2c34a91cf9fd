// Shared set-up for the admin HTTP tests: a fresh database, the real app, an admin and a user API key, and small
// helpers to call the API and read the audit log.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/infra/db/db.js';
import { buildTestApp } from './app.js';
import { createTestApiKey, signedInject, type TestApiKey } from './auth.js';
import { createMigratedPg, type TestPg } from './pg.js';

export type AdminCtx = {
  pg: TestPg;
  db: Db;
  app: FastifyInstance;
  admin: TestApiKey;
  user: TestApiKey;
  built: Awaited<ReturnType<typeof buildTestApp>>;
  /** Signed request as the admin key; returns status and parsed body. */
  call: <T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => Promise<{ status: number; body: T; raw: string }>;
  close: () => Promise<void>;
};

export const setupAdmin = async (label: string): Promise<AdminCtx> => {
  const pg = await createMigratedPg(label);
  const built = await buildTestApp(pg.db);
  const admin = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_ADMIN'] });
  const user = await createTestApiKey(pg.db, built.secrets, { roles: ['CP_USER'], groups: ['team-a'] });
  const call: AdminCtx['call'] = async (method, url, payload) => {
    const r = await signedInject(built.app, admin, { method, url, payload });
    return { status: r.statusCode, body: (r.body ? r.json() : undefined) as never, raw: r.body };
  };
  return {
    pg,
    db: pg.db,
    app: built.app,
    admin,
    user,
    built,
    call,
    close: async () => {
      await built.app.close();
      await pg.close();
    },
  };
};

export type EventRow = { actor: string; action: string; target_id: string | null; details: Record<string, unknown>; request_id: string | null };

export const eventsFor = async (db: Db, action: string): Promise<EventRow[]> =>
  (await db.query<EventRow>(`SELECT actor, action, target_id, details, request_id FROM event_log WHERE action = $1 ORDER BY ts, event_id`, [action])).rows;

export const insertCluster = (db: Db, id: string, fields: { status?: string; version?: string; node_count?: number; node_cpus?: number; disk_size?: number; regions?: string[] } = {}) =>
  db.query(
    `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, regions, created_by, updated_by)
     VALUES ($1, 'team-a', $2, $3, $4, $5, $6, $7, 'test', 'test')`,
    [id, fields.status ?? 'ACTIVE', fields.version ?? 'v25.2.5', fields.node_count ?? 3, fields.node_cpus ?? 4, fields.disk_size ?? 100, fields.regions ?? []],
  );
