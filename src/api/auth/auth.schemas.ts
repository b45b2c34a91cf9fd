import { z } from 'zod';
import { ROLES } from '../../auth/roles.js';
import { safeString } from '../http/strings.js';

export const LoginQuery = z.object({
  next: safeString({ max: 2048 }).optional().describe('Same-origin path to return to after sign-in (anything else becomes "/")'),
});

export const CallbackQuery = z
  .object({
    code: safeString({ max: 4096 }).optional(),
    state: safeString({ max: 512 }).optional(),
    error: safeString({ max: 256 }).optional(),
    error_description: safeString({ max: 1024 }).optional(),
  })
  // Identity providers add parameters of their own (iss, session_state, …): accepted, under the same rule.
  .catchall(safeString({ max: 4096 }))
  .describe('Set by the identity provider');

export const MeResponse = z.object({
  subject: z.string().describe('Stable id: the OIDC sub, or the API access key'),
  actor: z.string().describe('The name audit events record for you'),
  display_name: z.string(),
  auth_type: z.enum(['oidc', 'api_key', 'system', 'cli']).describe('oidc for a browser session, api_key for a signed request'),
  roles: z.array(z.enum(ROLES)).describe('cp roles you hold (CP_READONLY ⊂ CP_USER ⊂ CP_ADMIN)'),
  groups: z.array(z.string()).describe('Your groups: you see clusters owned by these (admins see all)'),
  is_admin: z.boolean(),
  dev_idp: z.boolean().describe('True while cp signs people in with its embedded DEVELOPMENT identity provider'),
  csrf_token: z.string().nullable().describe('Send as the X-CP-CSRF header on every non-GET request of this session; null for API keys'),
});
