// The ONE way the console talks to cp: the typed client shared with cpctl (src/api-client/client.ts, typed by the
// types generated from cp's OpenAPI document), plus what only a browser needs: the X-CP-CSRF header on every
// mutation (cookie-authenticated requests need it), the error envelope turned into a toast with the request id, and
// 401 → the login screen (using the X-Auth-Login-Url header). The session and toast stores plug in through
// configureApi, so this module imports no store (no import cycle). Response shapes come from the generated types:
// `ApiResponse<'/api/clusters/{cluster_id}', 'get'>`, never from guesses.
import { ApiError, collectOffsetPages, collectPages, createApiClient } from '../../src/api-client/client';

export { ApiError, collectOffsetPages, collectPages };
export type { ApiBody, ApiQuery, ApiResponse } from '../../src/api-client/client';

type Hooks = {
  csrfToken: () => string | undefined;
  onUnauthenticated: (loginUrl: string | undefined) => void;
  onError: (err: ApiError) => void;
};

let hooks: Hooks = { csrfToken: () => undefined, onUnauthenticated: () => undefined, onError: () => undefined };

export const configureApi = (h: Partial<Hooks>) => {
  hooks = { ...hooks, ...h };
};

export type ApiOptions = {
  /** Do not toast errors (the caller shows them inline). */
  quiet?: boolean;
  /** Do not switch to the login screen on 401 (used by the session probe itself). */
  noLoginRedirect?: boolean;
};

/** `api.GET(path, { path, query, body, quiet, noLoginRedirect, signal })`: typed by the OpenAPI document. */
export const api = createApiClient<ApiOptions>({
  credentials: 'same-origin',
  headers: ({ method }): Record<string, string> => {
    const token = method !== 'GET' && method !== 'HEAD' ? hooks.csrfToken() : undefined;
    return token ? { 'X-CP-CSRF': token } : {};
  },
  onError: (err, opts) => {
    if (err.status === 401 && !opts.noLoginRedirect) return hooks.onUnauthenticated(err.headers?.get('X-Auth-Login-Url') ?? undefined);
    if (!opts.quiet) hooks.onError(err);
  },
});
