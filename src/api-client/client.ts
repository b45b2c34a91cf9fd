// The one typed client of cp's HTTP API, shared by cpctl (Node) and the console (browser): every path, parameter,
// body and answer is typed by src/api-client/openapi.d.ts, which `npm run api:types` generates from cp's own OpenAPI
// document. So a caller that names a field the document lacks does not compile. This file stays free of Node and DOM
// specifics: authentication (an HMAC signature over the exact bytes sent, or the console's CSRF header) plugs in
// through `headers`, and the transport through `fetch`.
import type { paths } from './openapi.js';

export type { paths, components } from './openapi.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paths that have an operation for `M`. */
export type PathsWith<M extends HttpMethod> = {
  [P in keyof paths]: [NonNullable<paths[P][M]>] extends [never] ? never : P;
}[keyof paths];

/** The operation object of `M P` (parameters, requestBody, responses). */
export type Operation<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>;

type ParametersOf<O> = O extends { parameters: infer X } ? X : Record<string, never>;
type PathArg<O> = ParametersOf<O> extends { path: infer X } ? { path: X } : { path?: never };
type QueryArg<O> = ParametersOf<O> extends { query: infer X }
  ? { query: X }
  : ParametersOf<O> extends { query?: infer X }
    ? [NonNullable<X>] extends [never] ? { query?: never } : { query?: NonNullable<X> }
    : { query?: never };
type JsonBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type BodyArg<O> = [JsonBody<O>] extends [never]
  ? { body?: never }
  : Record<string, never> extends JsonBody<O> ? { body?: JsonBody<O> } : { body: JsonBody<O> };

/** What one call takes besides the path: path and query parameters, the JSON body, an abort signal. */
export type RequestArgs<O> = PathArg<O> & QueryArg<O> & BodyArg<O> & { signal?: AbortSignal };
type ArgsTuple<O, Extra> = Record<string, never> extends RequestArgs<O> ? [args?: RequestArgs<O> & Extra] : [args: RequestArgs<O> & Extra];

type ResponsesOf<O> = O extends { responses: infer R } ? R : never;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : R extends { content: { [type: string]: infer B } } ? B : undefined;
type SuccessStatus = 200 | 201 | 202 | 204;

/** The JSON of the operation's 2xx answers (a union when it has several, e.g. a dry run's 200 and a start's 202). */
export type SuccessBody<O> = { [K in keyof ResponsesOf<O>]: K extends SuccessStatus ? JsonOf<ResponsesOf<O>[K]> : never }[keyof ResponsesOf<O>];

/** The answer of `M P`, e.g. `ApiResponse<'/api/clusters/{cluster_id}', 'get'>` is the cluster detail. */
export type ApiResponse<P extends keyof paths, M extends HttpMethod> = SuccessBody<Operation<P, M>>;
/** The JSON body `M P` takes. */
export type ApiBody<P extends keyof paths, M extends HttpMethod> = JsonBody<Operation<P, M>>;
/** The query parameters `M P` takes. */
export type ApiQuery<P extends keyof paths, M extends HttpMethod> = NonNullable<QueryArg<Operation<P, M>>['query']>;

/** The error envelope every route answers with: {"error": {code, message, request_id, details?}}. */
export type ErrorEnvelope = { error?: { code?: string; message?: string; request_id?: string; details?: unknown } };

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when cp could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly details?: unknown,
    /** The answer's headers (X-Auth-Login-Url, Retry-After, Date), when there was an answer. */
    readonly headers?: Headers,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The request as it goes on the wire: what an HMAC signature covers. */
export type OutgoingRequest = { method: string; target: string; body: string };

export type ApiClientOptions<Extra = object> = {
  /** Origin of cp, e.g. http://127.0.0.1:8000; '' (the default) for same-origin requests from the console. */
  baseUrl?: string;
  /** Extra headers for one request, computed from its exact method, target and body bytes. */
  headers?: (req: OutgoingRequest) => Record<string, string> | Promise<Record<string, string>>;
  fetch?: typeof fetch;
  credentials?: 'include' | 'omit' | 'same-origin';
  /** Sees every ApiError (with the caller's extra options, e.g. the console's `quiet`) before it is thrown. */
  onError?: (err: ApiError, extra: Partial<Extra>) => void;
};

/** Fills `{name}` segments of a path template, each value URL-encoded. */
export const fillPath = (template: string, params: Record<string, unknown> = {}): string =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = params[name] as string | number | undefined | null;
    if (v === undefined || v === null || v === '') throw new Error(`${template}: path parameter "${name}" is missing`);
    return encodeURIComponent(String(v));
  });

/** The query string (with its "?"), skipping undefined and empty values; '' when nothing is left. */
export const queryString = (query: Record<string, unknown> = {}): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    for (const item of Array.isArray(v) ? (v as unknown[]) : [v]) q.append(k, String(item));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
};

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

type Untyped = { path?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown; signal?: AbortSignal };

/**
 * A typed client: `GET('/api/clusters/{cluster_id}', { path: { cluster_id } })` answers the cluster detail type.
 * `Extra` are caller options passed through to `onError` (the console's `quiet`, `noLoginRedirect`).
 */
export const createApiClient = <Extra extends object = object>(options: ApiClientOptions<Extra> = {}) => {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  /** Sends one request and returns the parsed JSON of a 2xx answer; anything else throws an ApiError. */
  const send = async (method: string, template: string, args: Untyped = {}): Promise<unknown> => {
    try {
      return await sendOnce(method, template, args);
    } catch (err) {
      if (err instanceof ApiError) options.onError?.(err, args as Partial<Extra>);
      throw err;
    }
  };

  const sendOnce = async (method: string, template: string, args: Untyped): Promise<unknown> => {
    const target = `${fillPath(template, args.path)}${queryString(args.query)}`;
    const upper = method.toUpperCase();
    // Mutations always carry a JSON body (cp's no-body routes accept {}); serialised once, so a signature covers
    // exactly the bytes sent.
    const payload = args.body !== undefined ? args.body : ['POST', 'PUT', 'PATCH'].includes(upper) ? {} : undefined;
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body) headers['Content-Type'] = 'application/json';
    Object.assign(headers, await options.headers?.({ method: upper, target, body }));
    let res: Response;
    try {
      res = await doFetch(`${baseUrl}${target}`, {
        method: upper,
        headers,
        ...(body ? { body } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(args.signal ? { signal: args.signal } : {}),
      });
    } catch (cause) {
      if ((cause as Error)?.name === 'AbortError') throw cause;
      const reason = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
      throw new ApiError(0, 'NETWORK', `cp is not reachable at ${baseUrl || 'this origin'} (${reason}).`, undefined);
    }
    const data = await parseBody(res);
    if (res.ok) return data;
    const env = (typeof data === 'object' && data !== null ? (data as ErrorEnvelope) : {}).error ?? {};
    const message = env.message ?? (typeof data === 'string' && data ? data : `${upper} ${target} failed with HTTP ${res.status}.`);
    throw new ApiError(res.status, env.code ?? `HTTP_${res.status}`, message, env.request_id ?? res.headers.get('X-Request-ID') ?? undefined, env.details, res.headers);
  };

  const typed = <M extends HttpMethod>(method: M) =>
    <P extends PathsWith<M>>(path: P, ...args: ArgsTuple<Operation<P, M>, Extra>): Promise<ApiResponse<P, M>> =>
      send(method, path, args[0] as Untyped | undefined) as Promise<ApiResponse<P, M>>;

  return {
    GET: typed('get'),
    POST: typed('post'),
    PUT: typed('put'),
    PATCH: typed('patch'),
    DELETE: typed('delete'),
  };
};

export type ApiClient<Extra extends object = object> = ReturnType<typeof createApiClient<Extra>>;

/** Follows a cursor-paged list (`items`, `next_cursor`) up to `maxPages` pages. */
export const collectPages = async <T>(page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>, maxPages = 20): Promise<T[]> => {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const p = await page(cursor);
    out.push(...p.items);
    if (!p.next_cursor) break;
    cursor = p.next_cursor;
  }
  return out;
};

/** Follows an offset-paged list (`items`, `next_offset`) up to `maxPages` pages. */
export const collectOffsetPages = async <T>(page: (offset: number) => Promise<{ items: T[]; next_offset: number | null }>, maxPages = 20): Promise<T[]> => {
  const out: T[] = [];
  let offset: number | null = 0;
  for (let i = 0; i < maxPages && offset !== null; i++) {
    const p: { items: T[]; next_offset: number | null } = await page(offset);
    out.push(...p.items);
    offset = p.next_offset;
  }
  return out;
};
