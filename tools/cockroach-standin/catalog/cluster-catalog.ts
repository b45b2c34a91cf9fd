// One simulated CockroachDB cluster = one catalog database `crdb_<clusterKey>` in the backing PostgreSQL. Every node
// process of the cluster opens the same catalog, so all cluster state (users, grants, settings, databases, nodes,
// jobs, external connections) is read from it each time; nothing is cached in the process.
import pg from 'pg';
import { createDatabases, type Databases } from './databases.js';
import { createExternalConnections, type ExternalConnections } from './external-connections.js';
import { createJobs, type Jobs } from './jobs.js';
import { createNodes, type NodeMembership, type NodeRecord, type NodeRegistration } from './nodes.js';
import { createPgDatabase, databaseUrl } from './pg-admin.js';
import { createPrivileges, type Privileges } from './privileges.js';
import { computeRanges, rangeCount, type RangeReport } from './ranges.js';
import { ADMIN, createRoles, ROOT, type Roles } from './roles.js';
import { ensureCatalogSchema } from './schema.js';
import { createSettings, type Settings } from './settings.js';
import { inTransaction } from './tx.js';
import { majorOf } from './versions.js';

export type { NodeMembership, NodeRecord } from './nodes.js';

export type ClusterCatalog = {
  key: string;
  ensureSchema(): Promise<void>;
  isInitialized(): Promise<boolean>;
  /** `cockroach init`: root (no password, admin), role admin, databases defaultdb + postgres, version = major of buildTag. */
  initialize(opts: { buildTag: string }): Promise<'initialized' | 'already'>;
  /** Same storeDir again (a restart) → the same node id; new node ids are max+1. */
  registerNode(n: NodeRegistration): Promise<{ nodeId: number }>;
  /** Liveness heartbeat: updated_at = now, expiration = now + ttlMs; also records store capacity figures. */
  heartbeat(nodeId: number, ttlMs: number, store: { capacityBytes: number; availableBytes: number; usedBytes: number }): Promise<void>;
  setDraining(nodeId: number, draining: boolean): Promise<void>;
  setMembership(nodeId: number, m: NodeMembership): Promise<void>;
  /** isLive = expiration > now() (PostgreSQL's clock). */
  listNodes(): Promise<NodeRecord[]>;
  close(): Promise<void>;
  // Beyond the node room's contract: what the SQL room (and later backup/restore) builds on.
  /** The PostgreSQL database the catalog lives in (the virtual `system` database's sessions run there). */
  pgDatabase: string;
  adminUrl: string;
  db: pg.Pool;
  roles: Roles;
  privileges: Privileges;
  settings: Settings;
  databases: Databases;
  jobs: Jobs;
  externalConnections: ExternalConnections;
  /** The simulated range model (catalog/ranges.ts) over the current nodes and databases. */
  rangeReport(): Promise<RangeReport>;
  clusterId(): Promise<string | null>;
};

export const openClusterCatalog = async (o: { adminUrl: string; clusterKey: string }): Promise<ClusterCatalog> => {
  if (!/^[0-9a-f]{16}$/.test(o.clusterKey)) throw new Error(`clusterKey must be 16 lowercase hex characters, got ${o.clusterKey}`);
  const pgDatabase = `crdb_${o.clusterKey}`;
  await createPgDatabase(o.adminUrl, pgDatabase);
  const db = new pg.Pool({ connectionString: databaseUrl(o.adminUrl, pgDatabase), max: 5, idleTimeoutMillis: 5000 });
  db.on('error', () => undefined); // an idle client cut by DROP DATABASE … FORCE must not crash the process
  const nodes = createNodes(db);
  const roles = createRoles(db);
  const databases = createDatabases({ db, adminUrl: o.adminUrl, clusterKey: o.clusterKey });
  const settings = createSettings({ db, listNodes: () => nodes.list() });

  const catalog: ClusterCatalog = {
    key: o.clusterKey, pgDatabase, adminUrl: o.adminUrl, db, roles, databases, settings,
    privileges: createPrivileges(db),
    jobs: createJobs(db),
    externalConnections: createExternalConnections(db),
    ensureSchema: () => ensureCatalogSchema(db),
    async isInitialized() {
      return (await db.query(`SELECT 1 FROM standin.meta WHERE key = 'initialized'`)).rowCount === 1;
    },
    async initialize({ buildTag }) {
      const major = majorOf(buildTag);
      return inTransaction(db, async (tx) => {
        const first = await tx.query(`INSERT INTO standin.meta (key, value) VALUES ('initialized', now()::text) ON CONFLICT DO NOTHING`);
        if (first.rowCount === 0) return 'already';
        await tx.query(`INSERT INTO standin.meta (key, value) VALUES ('cluster_id', gen_random_uuid()::text) ON CONFLICT DO NOTHING`);
        await roles.create({ name: ADMIN, isRole: true, options: {} }, tx);
        await roles.create({ name: ROOT, isRole: false, options: {} }, tx);
        await roles.grantMembership(ADMIN, ROOT, true, tx);
        await settings.initVersion(major, tx);
        await databases.create('defaultdb', ROOT, tx);
        await databases.create('postgres', ROOT, tx);
        return 'initialized';
      });
    },
    registerNode: (n) => nodes.register(n),
    heartbeat: (id, ttl, store) => nodes.heartbeat(id, ttl, store),
    setDraining: (id, d) => nodes.setDraining(id, d),
    setMembership: (id, m) => nodes.setMembership(id, m),
    listNodes: () => nodes.list(),
    async rangeReport() {
      const dbs = await databases.list();
      const count = rangeCount({ databases: dbs.length, tables: dbs.reduce((s, d) => s + d.tableCount, 0) });
      return computeRanges(await nodes.list(), count);
    },
    async clusterId() {
      return (await db.query<{ value: string }>(`SELECT value FROM standin.meta WHERE key = 'cluster_id'`)).rows[0]?.value ?? null;
    },
    close: () => db.end(),
  };
  await catalog.ensureSchema();
  return catalog;
};
