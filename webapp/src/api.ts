// The ONE way the console talks to cp: JSON in and out, the X-CP-CSRF header on every mutation (cookie-authenticated
// requests need it), the error envelope {"error":{code,message,request_id}} turned into an ApiError (and a toast with
// the request id), and 401 → the login screen (using the X-Auth-Login-Url header). The session and toast stores
// plug in through configureApi, so this module imports no store (no import cycle).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

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
  signal?: AbortSignal;
};

type ErrorEnvelope = { error?: { code?: string; message?: string; request_id?: string; details?: unknown } };

const parseBody = async (res: Response): Promise<unknown> => {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

export const request = async <T>(method: string, path: string, body?: unknown, opts: ApiOptions = {}): Promise<T> => {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const token = hooks.csrfToken();
    if (token) headers['X-CP-CSRF'] = token;
  }
  let res: Response;
  try {
    res = await fetch(path.startsWith('/') ? path : `/api/${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (cause) {
    const err = new ApiError(0, 'NETWORK', `cp is not reachable (${String(cause)}).`, undefined);
    if (!opts.quiet) hooks.onError(err);
    throw err;
  }
  const data = await parseBody(res);
  if (res.ok) return data as T;

  const env = (typeof data === 'object' && data !== null ? (data as ErrorEnvelope) : {}).error ?? {};
  const requestId = env.request_id ?? res.headers.get('X-Request-ID') ?? undefined;
  const message = env.message ?? (typeof data === 'string' && data ? data : `${method} ${path} failed with HTTP ${res.status}.`);
  const err = new ApiError(res.status, env.code ?? `HTTP_${res.status}`, message, requestId, env.details);
  if (res.status === 401 && !opts.noLoginRedirect) {
    hooks.onUnauthenticated(res.headers.get('X-Auth-Login-Url') ?? undefined);
    throw err;
  }
  if (!opts.quiet) hooks.onError(err);
  throw err;
};

export const api = {
  get: <T>(path: string, opts?: ApiOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: ApiOptions) => request<T>('POST', path, body ?? {}, opts),
  put: <T>(path: string, body?: unknown, opts?: ApiOptions) => request<T>('PUT', path, body, opts),
  patch: <T>(path: string, body?: unknown, opts?: ApiOptions) => request<T>('PATCH', path, body, opts),
  del: <T>(path: string, opts?: ApiOptions) => request<T>('DELETE', path, undefined, opts),
};

/** List endpoints answer either a bare array or a page object ({items|data|<name>: [...], next_cursor?}). */
export const itemsOf = <T>(v: unknown, ...names: string[]): T[] => {
  if (Array.isArray(v)) return v as T[];
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of [...names, 'items', 'data', 'results']) if (Array.isArray(o[k])) return o[k] as T[];
  }
  return [];
};

/** The next page of a list: cp pages by offset (`next_offset`, null on the last page); cursors are accepted too. */
const nextPageOf = (v: unknown): string | undefined => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.next_offset === 'number') return `offset=${o.next_offset}`;
  if (typeof o.next_cursor === 'string' && o.next_cursor) return `cursor=${encodeURIComponent(o.next_cursor)}`;
  return undefined;
};

/** Follows pagination up to maxPages pages of 500, so the console can show (and filter) a whole list. */
export const getAll = async <T>(path: string, names: string[] = [], opts?: ApiOptions & { maxPages?: number }): Promise<T[]> => {
  const sep = path.includes('?') ? '&' : '?';
  const out: T[] = [];
  let url = `${path}${sep}limit=500`;
  for (let page = 0; page < (opts?.maxPages ?? 20); page++) {
    const v = await api.get<unknown>(url, opts);
    out.push(...itemsOf<T>(v, ...names));
    const next = nextPageOf(v);
    if (!next) break;
    url = `${path}${sep}limit=500&${next}`;
  }
  return out;
};

export const enc = encodeURIComponent;
