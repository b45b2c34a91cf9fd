// Admin option lists (versions, node counts, vCPUs per node, disk sizes): list, create, delete. Duplicates are 409;
// values are validated (versions must be CockroachDB release versions). Deleting a value that live clusters use is
// allowed — it only removes the choice from the dialogs — and the response names those clusters so the admin knows.
import type { Db } from '../../infra/db/db.js';
import {
  deleteOptionValue,
  insertOptionValue,
  listClustersUsingOption,
  listOptionValues,
  type OptionList,
  type OptionRow,
} from '../../repositories/option-lists.repository.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { RequestContext } from '../../auth/identity.js';
import type { AuditAction } from '../audit/audit-actions.js';
import { recordEvent } from '../audit/audit.service.js';
import { isCockroachVersion } from '../clusters/cockroach-version.js';
import type { Page, Paged } from '../../shared/page.js';

export type { OptionList } from '../../repositories/option-lists.repository.js';

type ListRule = { label: string; created: AuditAction; deleted: AuditAction; min?: number; max?: number };

// Bounds are what cp can sensibly deploy; they catch typos (4000 nodes, 0 GB) rather than encode cloud limits.
export const OPTION_RULES: Record<OptionList, ListRule> = {
  versions: { label: 'Version', created: 'VERSION_CREATED', deleted: 'VERSION_DELETED' },
  node_counts: { label: 'Node count', created: 'NODE_COUNT_CREATED', deleted: 'NODE_COUNT_DELETED', min: 1, max: 100 },
  cpu_counts: { label: 'vCPU count', created: 'CPU_COUNT_CREATED', deleted: 'CPU_COUNT_DELETED', min: 1, max: 512 },
  disk_sizes: { label: 'Disk size (GB)', created: 'DISK_SIZE_CREATED', deleted: 'DISK_SIZE_DELETED', min: 10, max: 65536 },
};

const AUDIT_FIELD: Record<OptionList, string> = { versions: 'version', node_counts: 'node_count', cpu_counts: 'cpu_count', disk_sizes: 'size_gb' };

const validate = (list: OptionList, value: string | number): string | number => {
  const rule = OPTION_RULES[list];
  if (list === 'versions') {
    if (typeof value !== 'string' || !isCockroachVersion(value)) {
      throw new ValidationError(`"${String(value)}" is not a CockroachDB version; use vYY.R.P, e.g. v25.2.4.`);
    }
    return value;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new ValidationError(`${rule.label} must be a whole number.`);
  if (value < rule.min! || value > rule.max!) throw new ValidationError(`${rule.label} must be between ${rule.min} and ${rule.max}.`);
  return value;
};

export const createOptionListsService = (deps: { db: Pick<Db, 'query' | 'transaction'> }) => ({
  /** Versions newest first (by parsed version); numbers ascending. */
  list: (list: OptionList, page: Page): Promise<Paged<OptionRow>> => listOptionValues(deps.db, list, page),

  async create(ctx: RequestContext, list: OptionList, raw: string | number): Promise<{ value: string | number }> {
    const value = validate(list, raw);
    await deps.db.transaction(async (tx) => {
      if (!(await insertOptionValue(tx, list, value, ctx.identity.actor))) {
        throw new ConflictError(`${OPTION_RULES[list].label} ${value} already exists.`);
      }
      await recordEvent(tx, ctx, {
        action: OPTION_RULES[list].created,
        targetType: list,
        targetId: String(value),
        details: { [AUDIT_FIELD[list]]: value },
      });
    });
    return { value };
  },

  /** Removes the value; `in_use_by` lists live clusters that still use it (they keep working). */
  async remove(ctx: RequestContext, list: OptionList, value: string | number): Promise<{ value: string | number; in_use_by: string[] }> {
    return deps.db.transaction(async (tx) => {
      if (!(await deleteOptionValue(tx, list, value))) throw new NotFoundError(`${OPTION_RULES[list].label} ${value} does not exist.`);
      const inUseBy = await listClustersUsingOption(tx, list, value);
      await recordEvent(tx, ctx, {
        action: OPTION_RULES[list].deleted,
        targetType: list,
        targetId: String(value),
        details: { [AUDIT_FIELD[list]]: value, in_use_by: inUseBy },
      });
      return { value, in_use_by: inUseBy };
    });
  },
});

export type OptionListsService = ReturnType<typeof createOptionListsService>;
