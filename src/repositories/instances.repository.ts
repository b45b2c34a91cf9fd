// SQL of the instances table: each cp process heartbeats its row so operators (and lease diagnostics) can tell
// live processes from dead ones.
import type { Queryable } from '../infra/db/db.js';

export type InstanceInfo = { instanceId: string; hostname: string; pid: number; roles: readonly string[]; version: string };

export const heartbeatInstance = async (q: Queryable, i: InstanceInfo) => {
  await q.query(
    `INSERT INTO instances (instance_id, hostname, pid, roles, version) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = now(), roles = excluded.roles`,
    [i.instanceId, i.hostname, i.pid, [...i.roles], i.version],
  );
};

export const removeInstance = async (q: Queryable, instanceId: string) => {
  await q.query(`DELETE FROM instances WHERE instance_id = $1`, [instanceId]);
};

/** Forgets instances silent for longer than `staleMs` (crashed processes). */
export const removeStaleInstances = async (q: Queryable, staleMs: number) => {
  await q.query(`DELETE FROM instances WHERE heartbeat_at < now() - $1::INT8 * INTERVAL '1 millisecond'`, [staleMs]);
};
