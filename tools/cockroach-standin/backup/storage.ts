// External storage for BACKUP/RESTORE: an `s3://bucket/path?…` URI (or `external://<name>`, resolved through the
// catalog's external connections) becomes an S3 client plus a key prefix. Query parameters follow
// src/current/v24.3/use-cloud-storage.md and backup.md ("Query parameters"): AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ENDPOINT, AWS_REGION, AWS_USE_PATH_STYLE, AUTH=specified|implicit.
// Errors read like CockroachDB's cloud/amazon layer: "failed to list s3 bucket: <code>: <message>" with the candidate
// SQLSTATE it attaches (58030 io_error), and a missing file is "external_storage: file doesn't exist" (58P01).
import {
  DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import type { ClusterCatalog } from '../catalog/cluster-catalog.js';
import { SqlError } from '../sql/engine.types.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export type StorageObject = { key: string; size: number };

/** One storage location: keys below are relative to the URI's path. */
export type Storage = {
  /** The URI as given (external:// kept), for messages and job descriptions. */
  uri: string;
  list(prefix: string): Promise<StorageObject[]>;
  get(key: string): Promise<Buffer>;
  /** null when the object does not exist. */
  head(key: string): Promise<number | null>;
  put(key: string, body: Buffer | string): Promise<void>;
  delete(key: string): Promise<void>;
  close(): void;
};

type S3Location = { bucket: string; prefix: string; client: S3Client };

export const FILE_DOES_NOT_EXIST = "external_storage: file doesn't exist";

const describeError = (err: unknown): string => {
  const e = err as { name?: string; Code?: string; code?: string; message?: string; cause?: { message?: string } };
  const code = e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code;
  const message = e.message || e.cause?.message || String(err);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
};

const isNotFound = (err: unknown): boolean => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || (e.$metadata?.httpStatusCode === 404 && e.name !== 'NoSuchBucket');
};

const storageError = (what: string, err: unknown) => new SqlError('58030', `${what}: ${describeError(err)}`);

/** `external://name[/sub/path]` → the connection's URI (plus the extra path), as CockroachDB resolves it. */
export const resolveExternal = async (catalog: ClusterCatalog, uri: string): Promise<string> => {
  const m = /^external:\/\/([^/?]+)(\/[^?]*)?$/i.exec(uri);
  if (!m) return uri;
  const conn = await catalog.externalConnections.get(decodeURIComponent(m[1]!));
  if (!conn) throw new SqlError('42704', `external connection with name ${m[1]} does not exist`);
  if (!m[2]) return conn.uri;
  const u = new URL(conn.uri);
  u.pathname = `${u.pathname.replace(/\/$/, '')}${m[2]}`;
  return u.toString();
};

const openS3 = (uri: string): S3Location => {
  let u: URL;
  try { u = new URL(uri); } catch { throw new SqlError('22023', `failed to parse storage URI "${uri}"`); }
  const p = (name: string) => u.searchParams.get(name) ?? '';
  const auth = (p('AUTH') || 'specified').toLowerCase();
  const accessKeyId = p('AWS_ACCESS_KEY_ID');
  const secretAccessKey = p('AWS_SECRET_ACCESS_KEY');
  if (auth === 'specified' && (!accessKeyId || !secretAccessKey)) {
    const missing = accessKeyId ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID';
    throw new SqlError('22023', `AUTH is set to 'specified', but ${missing} is not set`);
  }
  let endpoint = p('AWS_ENDPOINT') || undefined;
  if (endpoint && !/^https?:\/\//i.test(endpoint)) endpoint = `https://${endpoint}`;
  const sessionToken = p('AWS_SESSION_TOKEN') || undefined;
  const client = new S3Client({
    region: p('AWS_REGION') || 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    // CockroachDB used path-style addressing for custom endpoints before AWS_USE_PATH_STYLE (v24.3.3) made it
    // explicit; S3-compatible servers such as s3rver need it.
    forcePathStyle: p('AWS_USE_PATH_STYLE').toLowerCase() === 'true' || !!endpoint,
    ...(auth === 'specified' ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
    maxAttempts: 2,
  });
  const bucket = u.hostname;
  if (!bucket) throw new SqlError('22023', `failed to parse storage URI "${uri}": missing bucket`);
  const prefix = decodeURIComponent(u.pathname).replace(/^\/+/, '').replace(/\/*$/, '');
  return { bucket, prefix: prefix ? `${prefix}/` : '', client };
};

/** The scheme a URI stores to once external:// is resolved ('s3' is the only one simulated). */
export const storageScheme = async (catalog: ClusterCatalog, uri: string): Promise<string> => {
  const resolved = await resolveExternal(catalog, uri);
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(resolved)?.[1]?.toLowerCase() ?? resolved;
};

/** Opens the storage a BACKUP/RESTORE/SHOW BACKUP statement names. Only s3:// (and external:// pointing at s3://). */
export const openStorage = async (catalog: ClusterCatalog, uri: string): Promise<Storage> => {
  const resolved = await resolveExternal(catalog, uri);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(resolved)?.[1]?.toLowerCase();
  if (scheme !== 's3') {
    throw new SqlError('42601', `cockroach stand-in: statement not supported: backup storage scheme "${scheme ?? resolved}" (only s3:// is simulated)`);
  }
  const { bucket, prefix, client } = openS3(resolved);
  const full = (key: string) => `${prefix}${key.replace(/^\/+/, '')}`;
  return {
    uri,
    async list(under) {
      const out: StorageObject[] = [];
      let token: string | undefined;
      // Prefix listing without Delimiter, grouped by the caller: s3rver drops CommonPrefixes nested deeper than one level.
      do {
        const r = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: full(under), ContinuationToken: token }))
          .catch((err: unknown) => { throw storageError('failed to list s3 bucket', err); });
        for (const o of r.Contents ?? []) if (o.Key) out.push({ key: o.Key.slice(prefix.length), size: o.Size ?? 0 });
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
      return out;
    },
    async get(key) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: full(key) }));
        return Buffer.from(await r.Body!.transformToByteArray());
      } catch (err) {
        if (isNotFound(err)) throw new SqlError('58P01', `${FILE_DOES_NOT_EXIST}: ${key}`);
        throw storageError('failed to get s3 object', err);
      }
    },
    async head(key) {
      // A listing rather than HeadObject: HEAD responses carry no error body, so a bad key would read "UnknownError".
      const r = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: full(key) }))
        .catch((err: unknown) => { throw storageError('failed to list s3 bucket', err); });
      const hit = (r.Contents ?? []).find((o) => o.Key === full(key));
      return hit ? hit.Size ?? 0 : null;
    },
    async put(key, body) {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: full(key), Body: bytes, ContentLength: bytes.length }))
        .catch((err: unknown) => { throw storageError('failed to put s3 object', err); });
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: full(key) }))
        .catch((err: unknown) => { throw storageError('failed to delete s3 object', err); });
    },
    close: () => client.destroy(),
  };
};

/** Opens, runs, closes. */
export const withStorage = async <T>(catalog: ClusterCatalog, uri: string, fn: (s: Storage) => Promise<T>): Promise<T> => {
  const s = await openStorage(catalog, uri);
  try { return await fn(s); } finally { s.close(); }
};
