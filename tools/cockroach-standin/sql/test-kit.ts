// Test helpers for the SQL and catalog rooms: a fresh simulated cluster (random clusterKey, initialised, one live
// node) on the real PostgreSQL from TEST_PG_URL, sessions, and cleanup that drops every PostgreSQL database the
// cluster created.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openClusterCatalog, type ClusterCatalog } from '../catalog/cluster-catalog.js';
import { dropClusterPgDatabases } from '../catalog/pg-admin.js';
import { createSqlEngine } from './engine.js';
import type { ResultSet, SqlSession } from './engine.types.js';

export const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://cp:cp@127.0.0.1:5432/postgres';

export type TestCluster = {
  key: string;
  catalog: ClusterCatalog;
  engine: ReturnType<typeof createSqlEngine>;
  nodeId: number;
  draining: { value: boolean };
  session(user?: string, database?: string): Promise<SqlSession>;
  close(): Promise<void>;
};

export const newClusterKey = () => randomBytes(8).toString('hex');

export const startCluster = async (o: { buildTag?: string; initialize?: boolean } = {}): Promise<TestCluster> => {
  const key = newClusterKey();
  const buildTag = o.buildTag ?? 'v24.1.3';
  const catalog = await openClusterCatalog({ adminUrl: ADMIN_URL, clusterKey: key });
  if (o.initialize !== false) await catalog.initialize({ buildTag });
  const { nodeId } = await catalog.registerNode({ storeDir: `/tmp/${key}/n1`, address: '127.0.0.1:26257', sqlAddress: '127.0.0.1:26257',
    httpAddress: '127.0.0.1:8080', locality: 'region=local', buildTag });
  await catalog.heartbeat(nodeId, 60_000, { capacityBytes: 1e9, availableBytes: 6e8, usedBytes: 1e8 });
  const draining = { value: false };
  const engine = createSqlEngine({ catalog, adminUrl: ADMIN_URL, node: { nodeId: () => nodeId, buildTag, isDraining: () => draining.value } });
  const sessions: SqlSession[] = [];
  return {
    key, catalog, engine, nodeId, draining,
    async session(user = 'root', database = 'defaultdb') {
      const s = await engine.openSession({ user, database, applicationName: 'test', remoteAddress: '127.0.0.1', viaClientCert: true });
      sessions.push(s);
      return s;
    },
    async close() {
      for (const s of sessions) await s.close().catch(() => undefined);
      await engine.close();
      await catalog.close();
      await dropClusterPgDatabases(ADMIN_URL, key);
    },
  };
};

/** The last statement's result. */
export const run = async (s: SqlSession, sql: string, params: (string | null)[] = []): Promise<ResultSet> => {
  const r = await s.execute(sql, params);
  return r[r.length - 1]!;
};

export const names = (r: ResultSet) => r.fields.map((f) => f.name);

/** Rows as objects keyed by column name. */
export const objects = (r: ResultSet) => r.rows.map((row) => Object.fromEntries(r.fields.map((f, k) => [f.name, row[k]])));

export const rejects = async (p: Promise<unknown>, code: string, message?: RegExp) => {
  await assert.rejects(p, (err: { code?: string; message?: string }) => {
    assert.equal(err.code, code, `expected SQLSTATE ${code}, got ${err.code}: ${err.message}`);
    if (message) assert.match(err.message ?? '', message);
    return true;
  });
};
