// Admin playbooks: per name, integer versions with one default rule (the promoted version, else the newest — see
// findDefaultPlaybook). Saving never promotes; promoting and deleting are separate, audited steps. The default
// version cannot be deleted (409): a cluster worker must always find something to run.
import { createHash } from 'node:crypto';
import type { Db } from '../../infra/db/db.js';
import {
  deletePlaybookVersion,
  findDefaultPlaybook,
  findPlaybookVersion,
  findPromotedVersion,
  insertNextPlaybookVersion,
  listPlaybookVersions,
  PLAYBOOK_NAMES,
  summarizePlaybooks,
  upsertPlaybookDefault,
  type PlaybookContentRow,
  type PlaybookName,
  type PlaybookVersionRow,
} from '../../repositories/playbooks.repository.js';
import type { Page, Paged } from '../../shared/page.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { RequestContext } from '../../auth/identity.js';
import { recordEvent } from '../audit/audit.service.js';
import { validatePlaybookYaml } from './playbook-yaml.js';

export { PLAYBOOK_NAMES, type PlaybookName } from '../../repositories/playbooks.repository.js';

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export type PlaybookSummary = {
  name: PlaybookName;
  versions: number;
  latest_version: number | null;
  default_version: number | null;
  promoted_version: number | null;
};

/** The playbook name, or 404: an unknown name is a resource that does not exist, not a malformed request. */
export const playbookName = (name: string): PlaybookName => {
  if (!(PLAYBOOK_NAMES as readonly string[]).includes(name)) {
    throw new NotFoundError(`No playbook "${name}"; the playbooks are ${PLAYBOOK_NAMES.join(', ')}.`);
  }
  return name as PlaybookName;
};

export const createPlaybooksService = (deps: { db: Pick<Db, 'query' | 'transaction'> }) => {
  const mustVersion = async (rawName: string, version: number): Promise<PlaybookContentRow> => {
    const name = playbookName(rawName);
    const row = await findPlaybookVersion(deps.db, name, version);
    if (!row) throw new NotFoundError(`Playbook ${name} has no version ${version}.`);
    return row;
  };

  return {
    /** Every playbook name with its version count, newest version and the version that runs. */
    async list(): Promise<PlaybookSummary[]> {
      const summaries = new Map((await summarizePlaybooks(deps.db)).map((s) => [s.name, s]));
      const out: PlaybookSummary[] = [];
      for (const name of PLAYBOOK_NAMES) {
        const s = summaries.get(name);
        const def = s ? await findDefaultPlaybook(deps.db, name) : undefined;
        const promoted = s ? await findPromotedVersion(deps.db, name) : undefined;
        out.push({
          name,
          versions: s?.versions ?? 0,
          latest_version: s?.latest_version ?? null,
          default_version: def?.version ?? null,
          promoted_version: promoted?.version ?? null,
        });
      }
      return out;
    },

    async versions(
      rawName: string,
      page: Page,
    ): Promise<{ name: PlaybookName; default_version: number | null; promoted_version: number | null } & Paged<PlaybookVersionRow>> {
      const name = playbookName(rawName);
      const [versions, def, promoted] = await Promise.all([
        listPlaybookVersions(deps.db, name, page),
        findDefaultPlaybook(deps.db, name),
        findPromotedVersion(deps.db, name),
      ]);
      return { name, default_version: def?.version ?? null, promoted_version: promoted?.version ?? null, ...versions };
    },

    get: mustVersion,

    /** One version with its content and whether it is the one that runs. */
    async getWithDefaultFlag(rawName: string, version: number): Promise<PlaybookContentRow & { is_default: boolean }> {
      const row = await mustVersion(rawName, version);
      const def = await findDefaultPlaybook(deps.db, row.name);
      return { ...row, is_default: def?.version === row.version };
    },

    /** The version that runs, with its content. */
    async getDefault(rawName: string): Promise<PlaybookContentRow> {
      const name = playbookName(rawName);
      const row = await findDefaultPlaybook(deps.db, name);
      if (!row) throw new NotFoundError(`Playbook ${name} has no version.`);
      return row;
    },

    async create(ctx: RequestContext, rawName: string, content: string, comment = ''): Promise<PlaybookVersionRow> {
      const name = playbookName(rawName);
      validatePlaybookYaml(content);
      if (comment.length > 500) throw new ValidationError('comment is longer than 500 characters.');
      return deps.db.transaction(async (tx) => {
        const row = await insertNextPlaybookVersion(tx, { name, content, contentSha256: sha256(content), comment, createdBy: ctx.identity.actor });
        await recordEvent(tx, ctx, {
          action: 'PLAYBOOK_VERSION_CREATED',
          targetType: 'playbook',
          targetId: `${name}:${row.version}`,
          details: { name, version: row.version, content_sha256: row.content_sha256 },
        });
        return row;
      });
    },

    async promote(ctx: RequestContext, rawName: string, version: number): Promise<{ name: PlaybookName; default_version: number }> {
      const name = playbookName(rawName);
      await deps.db.transaction(async (tx) => {
        if (!(await findPlaybookVersion(tx, name, version))) throw new NotFoundError(`Playbook ${name} has no version ${version}.`);
        await upsertPlaybookDefault(tx, name, version, ctx.identity.actor);
        await recordEvent(tx, ctx, { action: 'PLAYBOOK_DEFAULT_SET', targetType: 'playbook', targetId: `${name}:${version}`, details: { name, version } });
      });
      return { name, default_version: version };
    },

    async remove(ctx: RequestContext, rawName: string, version: number): Promise<{ name: PlaybookName; deleted_version: number; default_version: number | null }> {
      const name = playbookName(rawName);
      return deps.db.transaction(async (tx) => {
        if (!(await findPlaybookVersion(tx, name, version))) throw new NotFoundError(`Playbook ${name} has no version ${version}.`);
        const def = await findDefaultPlaybook(tx, name);
        if (def?.version === version) {
          throw new ConflictError(`Version ${version} is the default of ${name}; promote another version before deleting it.`);
        }
        await deletePlaybookVersion(tx, name, version);
        await recordEvent(tx, ctx, { action: 'PLAYBOOK_VERSION_DELETED', targetType: 'playbook', targetId: `${name}:${version}`, details: { name, version } });
        return { name, deleted_version: version, default_version: def?.version ?? null };
      });
    },
  };
};

export type PlaybooksService = ReturnType<typeof createPlaybooksService>;
