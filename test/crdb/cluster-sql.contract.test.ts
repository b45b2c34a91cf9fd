// Contract suite: the managed-cluster statements cp runs (src/infra/cockroach/statements) against a REAL CockroachDB
// cluster, so what passes against the stand-in is known to work against the real thing. Opt-in: set
// CP_TEST_CRDB_URL to a SQL user with a password and the admin role, e.g.
//   CP_TEST_CRDB_URL='postgresql://cp_contract:secret@crdb-1.lab:26257/defaultdb?sslrootcert=/etc/crdb/ca.crt' npm run test:crdb
// (sslrootcert is read as the cluster CA and verified with the host name, as cp does; without it the connection
// is plain TCP, for an --insecure lab cluster). Without the variable every test is skipped and says why.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { createClusterSql } from '../../src/infra/cockroach/cluster-sql.js';
import {
  listGossipNodes, listNodeLiveness, listStoreStatus, showClusterVersion, showPreserveDowngradeOption,
} from '../../src/infra/cockroach/statements/overview.statements.js';
import { listSqlUsers, setUserPassword } from '../../src/infra/cockroach/statements/users.statements.js';
import { ident } from '../../src/infra/cockroach/quote.js';
import type { ClusterTarget } from '../../src/infra/cockroach/target.js';

const raw = process.env.CP_TEST_CRDB_URL;
const skip = raw ? false : 'CP_TEST_CRDB_URL is not set: no real CockroachDB cluster to run the contract suite against (see README, "Contract suite")';

const target = (): ClusterTarget => {
  const u = new URL(raw!);
  const ca = u.searchParams.get('sslrootcert');
  return {
    clusterId: `contract@${u.hostname}`,
    endpoints: [{ host: u.hostname, port: Number(u.port || 26257) }],
    tls: ca ? { ca: readFileSync(ca, 'utf8') } : null,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, '') || 'defaultdb',
  };
};

describe('managed-cluster statements against a real CockroachDB (contract)', { skip }, () => {
  const sql = createClusterSql({ connectTimeoutMs: async () => 10_000 });
  after(() => sql.close());

  it('SHOW CLUSTER SETTING version and cluster.preserve_downgrade_option', async () => {
    assert.match(await showClusterVersion(sql, target()), /^\d+\.\d+/);
    assert.equal(typeof (await showPreserveDowngradeOption(sql, target())), 'string');
  });

  it('crdb_internal.gossip_nodes, gossip_liveness and kv_store_status have the columns cp reads', async () => {
    const nodes = await listGossipNodes(sql, target());
    assert.ok(nodes.length > 0);
    for (const n of nodes) {
      assert.ok(n.node_id > 0);
      assert.match(n.build_tag, /^v\d+\.\d+\.\d+/);
      assert.match(n.sql_address, /:\d+$/);
    }
    const live = await listNodeLiveness(sql, target());
    assert.deepEqual(live.map((l) => l.node_id).sort(), nodes.map((n) => n.node_id).sort());
    assert.ok(live.every((l) => ['active', 'decommissioning', 'decommissioned'].includes(l.membership)));
    const stores = await listStoreStatus(sql, target());
    assert.ok(stores.length >= nodes.filter((n) => n.is_live).length);
    assert.ok(stores.every((s) => s.capacity > 0 && s.replicas >= 0 && s.ranges_underreplicated >= 0));
  });

  it('SHOW USERS and ALTER USER … WITH PASSWORD $1', async () => {
    const name = `cp_contract_${randomBytes(3).toString('hex')}`;
    await sql.query(target(), `CREATE USER ${ident(name)}`, [], { idempotent: false });
    try {
      await setUserPassword(sql, target(), name, randomBytes(12).toString('base64url'));
      const users = await listSqlUsers(sql, target());
      assert.ok(users.some((u) => u.username === name));
      assert.ok(users.some((u) => u.username === 'root'));
    } finally {
      await sql.query(target(), `DROP USER ${ident(name)}`, [], { idempotent: false });
    }
  });
});
