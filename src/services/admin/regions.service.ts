// Admin deployment catalogue: list, create and delete zone rows. Deleting the last zone of a region that live
// clusters run in is allowed (their VMs are not touched) but the response names them: scaling those clusters will
// fail until the region is configured again.
import type { Db } from '../../infra/db/db.js';
import {
  deleteRegion,
  findRegion,
  insertRegion,
  listClustersInRegion,
  listRegionZones,
  listRegions,
  type RegionRow,
} from '../../repositories/regions.repository.js';
import type { Page, Paged } from '../../shared/page.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import type { RequestContext } from '../../auth/identity.js';
import { recordEvent } from '../audit/audit.service.js';
import { validateRegionInput, type RegionInput } from './region-input.js';

export const createRegionsService = (deps: { db: Pick<Db, 'query' | 'transaction'> }) => ({
  list: (page: Page): Promise<Paged<RegionRow>> => listRegions(deps.db, page),

  async create(ctx: RequestContext, input: RegionInput): Promise<RegionRow> {
    const r = validateRegionInput(input);
    return deps.db.transaction(async (tx) => {
      const row = await insertRegion(tx, r, ctx.identity.actor);
      if (!row) throw new ConflictError(`Zone ${r.cloud}/${r.region}/${r.zone} already exists; delete it first to change it.`);
      await recordEvent(tx, ctx, {
        action: 'REGION_CREATED',
        targetType: 'region',
        targetId: `${r.cloud}:${r.region}:${r.zone}`,
        details: { ...r },
      });
      return row;
    });
  },

  async remove(ctx: RequestContext, cloud: string, region: string, zone: string): Promise<{ deleted: RegionRow; in_use_by: string[] }> {
    return deps.db.transaction(async (tx) => {
      const row = await findRegion(tx, cloud, region, zone);
      if (!row || !(await deleteRegion(tx, cloud, region, zone))) throw new NotFoundError(`Zone ${cloud}/${region}/${zone} does not exist.`);
      // Only the last zone makes the region unusable for its clusters.
      const remaining = await listRegionZones(tx, cloud, region);
      const inUseBy = remaining.length === 0 ? await listClustersInRegion(tx, `${cloud}:${region}`) : [];
      await recordEvent(tx, ctx, {
        action: 'REGION_DELETED',
        targetType: 'region',
        targetId: `${cloud}:${region}:${zone}`,
        details: { cloud, region, zone, in_use_by: inUseBy },
      });
      return { deleted: row, in_use_by: inUseBy };
    });
  },
});

export type RegionsService = ReturnType<typeof createRegionsService>;
