// SQL for the deployment catalogue: one row per (cloud, region, zone). Users pick "cloud:region"; the cluster workers
// read the zone rows of a region to build the Ansible deployment (spec §5.2.1).
import type { Queryable } from '../infra/db/db.js';
import { pageParams, toPaged, type Page, type Paged } from '../shared/page.js';

export type RegionRow = {
  cloud: string;
  region: string;
  zone: string;
  vpc_id: string;
  subnet: string;
  image: string;
  security_groups: string[];
  extras: Record<string, unknown>;
  created_at: Date;
  created_by: string;
};

export type RegionInsert = Omit<RegionRow, 'created_at' | 'created_by'>;

const COLUMNS = `cloud, region, zone, vpc_id, subnet, image, security_groups, extras, created_at, created_by`;

export const listRegions = async (q: Queryable, page: Page): Promise<Paged<RegionRow>> =>
  toPaged((await q.query<RegionRow>(`SELECT ${COLUMNS} FROM regions ORDER BY cloud, region, zone LIMIT $1 OFFSET $2`, pageParams(page))).rows, page);

/** The zone rows of one "cloud:region", in zone order (what the deployment builder distributes nodes over). */
export const listRegionZones = async (q: Queryable, cloud: string, region: string): Promise<RegionRow[]> =>
  (await q.query<RegionRow>(`SELECT ${COLUMNS} FROM regions WHERE cloud = $1 AND region = $2 ORDER BY zone`, [cloud, region])).rows;

export const findRegion = async (q: Queryable, cloud: string, region: string, zone: string): Promise<RegionRow | undefined> =>
  (await q.query<RegionRow>(`SELECT ${COLUMNS} FROM regions WHERE cloud = $1 AND region = $2 AND zone = $3`, [cloud, region, zone])).rows[0];

/** Inserts a zone row; undefined when (cloud, region, zone) already exists. */
export const insertRegion = async (q: Queryable, r: RegionInsert, by: string): Promise<RegionRow | undefined> =>
  (
    await q.query<RegionRow>(
      `INSERT INTO regions (cloud, region, zone, vpc_id, subnet, image, security_groups, extras, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (cloud, region, zone) DO NOTHING
       RETURNING ${COLUMNS}`,
      [r.cloud, r.region, r.zone, r.vpc_id, r.subnet, r.image, r.security_groups, JSON.stringify(r.extras), by],
    )
  ).rows[0];

export const deleteRegion = async (q: Queryable, cloud: string, region: string, zone: string): Promise<boolean> =>
  (await q.query(`DELETE FROM regions WHERE cloud = $1 AND region = $2 AND zone = $3`, [cloud, region, zone])).rowCount > 0;

/** (cloud, region, number of zones) for the user-facing create dialog. */
export const listRegionSummaries = async (q: Queryable): Promise<{ cloud: string; region: string; zones: number }[]> =>
  (
    await q.query<{ cloud: string; region: string; zones: number }>(
      `SELECT cloud, region, count(*) AS zones FROM regions GROUP BY cloud, region ORDER BY cloud, region`,
    )
  ).rows.map((r) => ({ ...r, zones: Number(r.zones) }));

/** Live (not DELETED) clusters deployed in "cloud:region". */
export const listClustersInRegion = async (q: Queryable, regionId: string): Promise<string[]> =>
  (
    await q.query<{ cluster_id: string }>(
      `SELECT cluster_id FROM clusters WHERE $1 = ANY (regions) AND status <> 'DELETED' ORDER BY cluster_id LIMIT 100`,
      [regionId],
    )
  ).rows.map((r) => r.cluster_id);
