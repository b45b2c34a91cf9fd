// Payloads and results may carry credentials (a cluster's admin password, an S3 secret). Responses show the shape
// but never the value of any key that looks secret.
const SECRET_KEY = /password|secret|token|key/i;
export const REDACTED = '[redacted]';

export const redactSecrets = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== null ? REDACTED : redactSecrets(v)]),
    );
  }
  return value;
};
