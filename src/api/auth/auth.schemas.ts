import { z } from 'zod';
import { ROLES } from '../../auth/roles.js';

export const LoginQuery = z.object({
  next: z.string().max(2048).optional().describe('Same-origin path to return to after sign-in (anything else becomes "/")'),
});

export const CallbackQuery = z
  .object({
    code: z.string().max(4096).optional(),
    state: z.string().max(512).optional(),
    error: z.string().max(256).optional(),
    error_description: z.string().max(1024).optional(),
  })
  .passthrough()
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
