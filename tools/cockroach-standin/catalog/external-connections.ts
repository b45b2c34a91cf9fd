// External connections (src/current/v24.3/create-external-connection.md, show-external-connection.md). The URI is
// stored as given; SHOW redacts secrets the way CockroachDB does (the secret query parameter's value becomes
// `redacted`). The stand-in does not test-write to the storage as CockroachDB does on CREATE.
import { SqlError } from '../sql/engine.types.js';
import type { CatalogDb } from './tx.js';

export type ConnectionType = 'STORAGE' | 'KMS' | 'FOREIGNDATA';
export type ExternalConnection = { name: string; uri: string; connectionType: ConnectionType; owner: string; created: Date };

const SCHEMES: Record<string, ConnectionType> = {
  s3: 'STORAGE', gs: 'STORAGE', azure: 'STORAGE', 'azure-blob': 'STORAGE', 'azure-storage': 'STORAGE', nodelocal: 'STORAGE',
  userfile: 'STORAGE', http: 'STORAGE', https: 'STORAGE', kafka: 'STORAGE', gcpubsub: 'STORAGE', 'webhook-https': 'STORAGE',
  'aws-kms': 'KMS', 'gs-kms': 'KMS', 'azure-kms': 'KMS', postgres: 'FOREIGNDATA', postgresql: 'FOREIGNDATA',
};

const SECRET_PARAMS = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AZURE_ACCOUNT_KEY', 'AZURE_CLIENT_SECRET', 'CREDENTIALS',
  'BEARER_TOKEN', 'sasl_password', 'sasl_client_secret', 'shared_access_key', 'client_key'];

/** The connection type for a URI, or a CockroachDB-style error for an unsupported scheme. */
export const connectionTypeOf = (uri: string): ConnectionType => {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  const t = scheme ? SCHEMES[scheme] : undefined;
  if (!t) {
    throw new SqlError('22023', `failed to construct External Connection details: unsupported External Connection provider "${scheme ?? uri}"`);
  }
  return t;
};

export const redactUri = (uri: string): string => {
  let out = uri;
  for (const p of SECRET_PARAMS) out = out.replace(new RegExp(`([?&]${p}=)[^&]*`, 'gi'), '$1redacted');
  // A password in the userinfo part (postgres://user:secret@host) is redacted too.
  return out.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@?]+:)[^@/?]*@/i, '$1redacted@');
};

type Raw = { name: string; uri: string; connection_type: ConnectionType; owner: string; created: Date };
const toRow = (r: Raw): ExternalConnection => ({ name: r.name, uri: r.uri, connectionType: r.connection_type, owner: r.owner, created: r.created });

export const createExternalConnections = (db: CatalogDb) => ({
  /** False when the name is taken. */
  async create(name: string, uri: string, owner: string): Promise<boolean> {
    const type = connectionTypeOf(uri);
    const r = await db.query(
      'INSERT INTO standin.external_connections (name, uri, connection_type, owner) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING',
      [name, uri, type, owner]);
    return r.rowCount === 1;
  },
  async list(): Promise<ExternalConnection[]> {
    return (await db.query<Raw>('SELECT * FROM standin.external_connections ORDER BY name')).rows.map(toRow);
  },
  async get(name: string): Promise<ExternalConnection | null> {
    const r = await db.query<Raw>('SELECT * FROM standin.external_connections WHERE name = $1', [name]);
    return r.rows[0] ? toRow(r.rows[0]) : null;
  },
  async drop(name: string): Promise<boolean> {
    const r = await db.query('DELETE FROM standin.external_connections WHERE name = $1', [name]);
    await db.query(`DELETE FROM standin.privileges WHERE object_type = 'external_connection' AND object_name = $1`, [name]);
    return r.rowCount === 1;
  },
});

export type ExternalConnections = ReturnType<typeof createExternalConnections>;
