import { z } from 'zod';
import { MAX_PLAYBOOK_BYTES } from '../../services/playbooks/playbook-yaml.js';
import { PLAYBOOK_NAMES } from '../../services/playbooks/playbooks.service.js';
import { nextOffset } from '../http/pagination.js';
import { safeString } from '../http/strings.js';

// Unknown names are 404 (checked by the service), so the parameter is a plain string here.
export const PlaybookParams = z.object({ name: safeString({ max: 64 }).describe(`Playbook: ${PLAYBOOK_NAMES.join(', ')}`) });
export const PlaybookVersionParams = PlaybookParams.extend({ version: z.coerce.number().int().min(1).describe('Version number') });

const name = z.enum(PLAYBOOK_NAMES).describe('Playbook name');
const defaultVersion = z.number().int().nullable().describe('The version that runs: the promoted one, else the newest');
const promotedVersion = z.number().int().nullable().describe('The promoted version; null when none was promoted');

export const PlaybookSummary = z.object({
  name,
  versions: z.number().int().describe('Number of versions'),
  latest_version: z.number().int().nullable().describe('Newest version'),
  default_version: defaultVersion,
  promoted_version: promotedVersion,
});
export const PlaybookList = z.object({ items: z.array(PlaybookSummary).describe('Every playbook name') });

export const PlaybookVersion = z
  .object({
    name,
    version: z.number().int().describe('Version number'),
    content_sha256: z.string().describe('SHA-256 of the content'),
    comment: z.string().describe('Note saved with the version'),
    created_at: z.date().describe('Saved at'),
    created_by: z.string().describe('Saved by'),
  })
  .describe('Playbook version');

export const PlaybookVersionWithContent = PlaybookVersion.extend({
  content: z.string().describe('The playbook YAML'),
  is_default: z.boolean().describe('True when this is the version that runs'),
});

export const PlaybookVersionList = z.object({
  name,
  default_version: defaultVersion,
  promoted_version: promotedVersion,
  items: z.array(PlaybookVersion).describe('Newest first'),
  next_offset: nextOffset,
});

export const CreatePlaybookVersionBody = z.strictObject({
  content: safeString({ max: MAX_PLAYBOOK_BYTES }).describe('Playbook YAML: a non-empty list of plays, each with hosts'),
  comment: safeString({ max: 500 }).optional().describe('What changed'),
});

export const PromoteBody = z.strictObject({ version: z.number().int().min(1).describe('Version to run from now on') });
export const PromoteResponse = z.object({ name, default_version: z.number().int().describe('The version that runs now') });
export const PlaybookVersionDeleted = z.object({
  name,
  deleted_version: z.number().int().describe('The deleted version'),
  default_version: defaultVersion,
});
