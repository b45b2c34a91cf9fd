import { z } from 'zod';
import { ROLES } from '../../auth/roles.js';

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

export const ApiKeyList = z.object({ api_keys: z.array(ApiKey) });

export const CreateApiKeyBody = z
  .object({
    roles: z.array(z.enum(ROLES)).min(1).max(3).describe('Roles of the key (CP_READONLY ⊂ CP_USER ⊂ CP_ADMIN)'),
    groups: z.array(z.string().trim().min(1).max(128)).max(100).default([]).describe('Owner groups whose clusters the key can see'),
    valid_until: z.coerce.date().optional().describe('Expiry (ISO-8601); give this or valid_for_seconds'),
    valid_for_seconds: z.number().int().min(60).max(5 * 366 * 86400).optional().describe('Lifetime in seconds; give this or valid_until'),
    description: z.string().max(500).optional().describe('What the key is for'),
  })
  .strict();

export const CreatedApiKey = ApiKey.extend({
  secret: z.string().describe('The signing secret. Shown ONLY in this response: store it now.'),
});

export const ApiKeyParams = z.object({ access_key: z.string().min(1).max(200) });
