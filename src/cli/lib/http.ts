// cpctl's side of the shared API client: every request HMAC-signed per docs/API.md (millisecond timestamps, the
// exact bytes sent), and cp's error envelope turned into one line the operator can act on.
import { ApiError, createApiClient, type ApiClient } from '../../api-client/client.js';
import { signRequest } from '../../auth/api-keys/signature.js';
import { CliError, EXIT } from './errors.js';
import type { ResolvedProfile } from './profile.js';

export const createSignedClient = (profile: Pick<ResolvedProfile, 'url' | 'accessKey' | 'secret'>, now: () => number = Date.now): ApiClient =>
  createApiClient<object>({
    baseUrl: profile.url,
    headers: ({ method, target, body }) => {
      // Milliseconds: two identical requests within one second still get distinct signatures (each is accepted once).
      const timestamp = (now() / 1000).toFixed(3);
      return {
        'X-CP-Access-Key': profile.accessKey,
        'X-Timestamp': timestamp,
        'X-CP-Signature': signRequest(profile.secret, method, target, timestamp, body),
        'User-Agent': 'cpctl',
      };
    },
  });

type FieldIssue = { path?: string; message?: string };

const detailLines = (details: unknown): string[] => {
  if (!details || typeof details !== 'object') return [];
  const fields = (details as { fields?: unknown }).fields;
  if (Array.isArray(fields)) return (fields as FieldIssue[]).map((f) => `  ${f.path ?? '?'}: ${f.message ?? 'is invalid'}`);
  const attempts = (details as { attempts?: unknown }).attempts;
  if (Array.isArray(attempts)) return (attempts as { address?: string; error?: string }[]).map((a) => `  ${a.address ?? '?'}: ${a.error ?? ''}`);
  const inUse = (details as { in_use_by?: unknown }).in_use_by;
  if (Array.isArray(inUse) && inUse.length) return [`  in use by: ${inUse.join(', ')}`];
  return [];
};

/** A clock-skew 401 says by how much this machine's clock differs from cp's (from the answer's Date header). */
const skewHint = (err: ApiError, now: number): string | undefined => {
  if (err.status !== 401 || !/timestamp is outside/i.test(err.message)) return undefined;
  const date = err.headers?.get('date');
  const server = date ? Date.parse(date) : NaN;
  if (Number.isNaN(server)) return 'Check that this machine\'s clock is right (NTP).';
  const skew = Math.round((now - server) / 1000);
  return `This machine's clock is ${Math.abs(skew)} s ${skew >= 0 ? 'ahead of' : 'behind'} cp's (${date}); fix it (NTP) and retry.`;
};

/** The message and exit code cpctl ends with for an API error. */
export const describeApiError = (err: ApiError, now = Date.now()): CliError => {
  const where = err.status ? `HTTP ${err.status} ${err.code}${err.requestId ? `, request id ${err.requestId}` : ''}` : '';
  const lines = [`${err.message}${where ? ` (${where})` : ''}`, ...detailLines(err.details)];
  const hint = skewHint(err, now);
  if (hint) lines.push(hint);
  if (err.status === 401 && !hint) lines.push('Check the profile\'s key and secret ("cpctl profiles list"), or log in again with "cpctl login".');
  return new CliError(lines.join('\n'), EXIT.failed);
};

export { ApiError };
