// Structured JSON logs (pino) to stdout; under systemd, journald captures them. Anything that looks like a credential
// is censored by path, wherever it appears in a logged object. Request logs carry request_id; job logs job_id.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const SECRET_FIELDS = [
  'password',
  'secret',
  'secret_access_key',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'authorization',
  'cookie',
  'private_key',
  'privateKey',
  'master_key',
  'encrypted_value',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-cp-signature"]',
  'req.headers["x-cp-csrf"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

// Query parameters that carry credentials (the OIDC callback's single-use code and state, tokens) are masked in logged
// URLs; the rest of the URL stays for debugging.
const SECRET_QUERY_PARAM = /^(code|state|token|access_token|id_token|refresh_token|id_token_hint|session_state|secret|password|signature)$/i;

export const scrubUrl = (url: string): string => {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const masked = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      return SECRET_QUERY_PARAM.test(name) && eq >= 0 ? `${pair.slice(0, eq)}=redacted` : pair;
    });
  return `${url.slice(0, q)}?${masked.join('&')}`;
};

type LoggedRequest = { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } };

/** Fastify's request log fields, with credentials in the query string masked. */
const serializeRequest = (req: LoggedRequest) => ({
  method: req.method,
  url: req.url === undefined ? undefined : scrubUrl(req.url),
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
});

export const createLogger = (level: string, destination?: DestinationStream): Logger =>
  pino(
    {
      level,
      base: { service: 'cp' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { req: serializeRequest },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
