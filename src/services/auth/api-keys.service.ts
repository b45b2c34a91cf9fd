// API keys for programs (reference §4.4 scheme): created by admins (API) or by `cpctl api-key create` (bootstrap),
// listed without secrets, deleted. The secret is returned exactly once, at creation, and stored encrypted.
import { apiKeySecretAad, generateApiKeyCredentials } from '../../auth/api-keys/credentials.js';
import type { RequestContext } from '../../auth/identity.js';
import type { Role } from '../../auth/roles.js';
import type { Db } from '../../infra/db/db.js';
import type { SecretBox } from '../../infra/crypto/secrets.js';
import { deleteApiKey, insertApiKey, listApiKeys, listApiKeysPage, type ApiKeyFilter, type ApiKeyRow } from '../../repositories/api-keys.repository.js';
import { pageParams, toPaged, type Page, type Paged } from '../../shared/page.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { recordEvent } from '../audit/audit.service.js';

export type NewApiKeyInput = {
  roles: Role[];
  groups: string[];
  description?: string | undefined;
  validUntil?: Date | undefined;
  validForSeconds?: number | undefined;
};

export type ApiKeysServiceDeps = {
  db: Db;
  secrets: Pick<SecretBox, 'encrypt'>;
  now?: () => Date;
  /** The authenticator's key cache on this instance: a deleted key stops working here at once. */
  keyCache?: { invalidate: (accessKey: string) => void };
};

export const createApiKeysService = (deps: ApiKeysServiceDeps) => {
  const now = deps.now ?? (() => new Date());
  return {
    /** Every key (cpctl api-key list). */
    list: (): Promise<ApiKeyRow[]> => listApiKeys(deps.db),

    /** A page of keys by access key (the admin API), optionally only one access key. */
    listPage: async (page: Page, filter: ApiKeyFilter = {}): Promise<Paged<ApiKeyRow>> =>
      toPaged(await listApiKeysPage(deps.db, filter, pageParams(page)), page),

    async create(ctx: RequestContext, input: NewApiKeyInput): Promise<ApiKeyRow & { secret: string }> {
      if ((input.validUntil === undefined) === (input.validForSeconds === undefined)) {
        throw new ValidationError('Give exactly one of valid_until and valid_for_seconds.');
      }
      const validUntil = input.validUntil ?? new Date(now().getTime() + input.validForSeconds! * 1000);
      if (validUntil.getTime() <= now().getTime()) throw new ValidationError('valid_until must be in the future.');
      const { accessKey, secret } = generateApiKeyCredentials();
      const roles = [...new Set(input.roles)];
      const groups = [...new Set(input.groups.map((g) => g.trim()).filter(Boolean))];
      const row = await deps.db.transaction(async (tx) => {
        const inserted = await insertApiKey(tx, {
          accessKey,
          encryptedSecret: deps.secrets.encrypt(secret, apiKeySecretAad(accessKey)),
          owner: ctx.identity.actor,
          description: input.description ?? '',
          roles,
          groups,
          validUntil,
        });
        await recordEvent(tx, ctx, {
          action: 'API_KEY_CREATED',
          targetType: 'api_key',
          targetId: accessKey,
          details: { access_key: accessKey, roles, groups, valid_until: validUntil.toISOString(), description: input.description ?? '' },
        });
        return inserted;
      });
      return { ...row, secret };
    },

    async delete(ctx: RequestContext, accessKey: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        const gone = await deleteApiKey(tx, accessKey);
        if (!gone) throw new NotFoundError(`API key "${accessKey}" not found.`);
        await recordEvent(tx, ctx, {
          action: 'API_KEY_DELETED',
          targetType: 'api_key',
          targetId: accessKey,
          details: { access_key: accessKey, owner: gone.owner, roles: gone.roles, groups: gone.groups },
        });
      });
      // After commit: a lookup racing with the delete cannot put the old row back.
      deps.keyCache?.invalidate(accessKey);
    },
  };
};

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
