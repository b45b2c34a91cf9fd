// SQL for clusters. (Grows with the cluster lifecycle; the auth guard only needs the owner group.)
import type { Queryable } from '../infra/db/db.js';

/** The owner group of a cluster, or undefined when there is no such cluster. */
export const findClusterGroup = async (q: Queryable, clusterId: string): Promise<string | undefined> =>
  (await q.query<{ grp: string }>(`SELECT grp FROM clusters WHERE cluster_id = $1`, [clusterId])).rows[0]?.grp;
