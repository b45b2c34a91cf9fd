import { z } from 'zod';
import { ROLES } from '../../auth/roles.js';
import { MAX_PAGE_LIMIT } from '../../shared/page.js';
import { nextOffset, PageQuery } from '../http/pagination.js';
import { safeString } from '../http/strings.js';

export const ApiKey = z.object({
  access_key: z.string().describe('Send as X-CP-Access-Key'),
  owner: z.string().describe('Who created the key'),
  description: z.string(),
  roles: z.array(z.string()).describe('cp roles the key holds'),
  groups: z.array(z.string()).describe('Owner groups whose clusters the key can see'),
  valid_until: z.date(),
  created_at: z.date(),
  last_used_at: z.date().nullable(),
});

export const ApiKeyList = z.object({
  api_keys: z.array(ApiKey).describe('Keys ordered by access key'),
  next_offset: nextOffset,
});

// The default page is the largest one, so a client written before pagination still gets every key it used to.
export const ApiKeyListQuery = PageQuery.extend({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(MAX_PAGE_LIMIT).describe(`Items per page (1-${MAX_PAGE_LIMIT}, default ${MAX_PAGE_LIMIT})`),
  access_key: safeString({ max: 200, trim: true }).optional().describe('Only the key with this access key (an empty list when there is none)'),
});

export const CreateApiKeyBody = z.strictObject({
  roles: z.array(z.enum(ROLES)).min(1).max(3).describe('Roles of the key (CP_READONLY ⊂ CP_USER ⊂ CP_ADMIN)'),
  groups: z.array(safeString({ max: 128, min: 1, trim: true })).max(100).default([]).describe('Owner groups whose clusters the key can see'),
  valid_until: z.coerce.date().optional().describe('Expiry (ISO-8601); give this or valid_for_seconds'),
  valid_for_seconds: z.number().int().min(60).max(5 * 366 * 86400).optional().describe('Lifetime in seconds; give this or valid_until'),
  description: safeString({ max: 500 }).optional().describe('What the key is for'),
});

export const CreatedApiKey = ApiKey.extend({
  secret: z.string().describe('The signing secret. Shown ONLY in this response: store it now.'),
});

export const ApiKeyParams = z.object({ access_key: safeString({ max: 200, min: 1 }).describe('The access key') });
