// A per-cluster certificate authority, made with the `openssl` CLI (present on every Debian/Ubuntu host; Node's
// crypto can make keys but not X.509 certificates). cp generates it at create time when the CREATE_CLUSTER playbook
// does not bring its own CA: the certificate and key go to the playbook in extra vars (cluster_ca_cert,
// cluster_ca_key) so it can sign node and client certificates; cp keeps the certificate (public) to verify TLS to the
// cluster and the key encrypted at rest. The key exists on disk only inside a private temp dir for the few ms
// openssl needs, and that directory is removed whatever happens.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ClusterCa = { cert: string; key: string };

export const generateClusterCa = async (clusterId: string, opts: { days?: number; openssl?: string } = {}): Promise<ClusterCa> => {
  const dir = await mkdtemp(join(tmpdir(), 'cp-ca-'));
  try {
    const key = join(dir, 'ca.key');
    const cert = join(dir, 'ca.crt');
    await run(opts.openssl ?? 'openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256',
      '-keyout', key, '-out', cert, '-days', String(opts.days ?? 3650),
      '-subj', `/O=Cockroach/CN=Cockroach CA ${clusterId}`,
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ], { timeout: 30_000 });
    return { cert: await readFile(cert, 'utf8'), key: await readFile(key, 'utf8') };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new Error('openssl was not found on the cp host; install it (apt-get install openssl)', { cause: err });
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

export const sqlPasswordAad = (clusterId: string) => `cluster:${clusterId}:sql_password`;
export const caKeyAad = (clusterId: string) => `cluster:${clusterId}:ca_key`;
export const adminPasswordAad = (clusterId: string) => `cluster:${clusterId}:admin_password`;
