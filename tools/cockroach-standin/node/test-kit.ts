// Helpers for the node room's tests: certificates made with openssl (as the fixture playbooks make them), the
// `cockroach` executable run as a child process, HTTPS GETs verified against a CA, and cleanup that stops every node
// a test started (by the pid its --pid-file recorded) and drops the cluster's PostgreSQL databases.
import { execFile, execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COCKROACH = fileURLToPath(new URL('../cli/cockroach', import.meta.url));

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });

/** A CA in `<dir>/ca.crt` + `<dir>/ca.key`. */
export const makeCa = (dir: string, cn = 'Cockroach CA') => {
  mkdirSync(dir, { recursive: true });
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/O=Cockroach/CN=${cn}`,
    '-keyout', 'ca.key', '-out', 'ca.crt', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  return dir;
};

/** `<certsDir>/{ca.crt, <name>.crt, <name>.key}` signed by the CA in `caDir` (CN=node or CN=<user>). */
export const issueCert = (caDir: string, certsDir: string, name: string, cn: string, sans?: string) => {
  mkdirSync(certsDir, { recursive: true });
  copyFileSync(join(caDir, 'ca.crt'), join(certsDir, 'ca.crt'));
  const ext = join(certsDir, `${name}.ext`);
  writeFileSync(ext, `keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=${sans ? 'serverAuth,clientAuth' : 'clientAuth'}\n${sans ? `subjectAltName=${sans}\n` : ''}`);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/O=Cockroach/CN=${cn}`,
    '-keyout', `${name}.key`, '-out', `${name}.csr`], certsDir);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', join(caDir, 'ca.crt'), '-CAkey', join(caDir, 'ca.key'), '-set_serial', String(randomInt(1, 2 ** 31)),
    '-days', '2', '-extfile', ext, '-out', `${name}.crt`], certsDir);
};

/** A free /24 on loopback that the sshd test hosts (127.0.0.x) never use. */
export const loopbackPrefix = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}`;

export type CliResult = { code: number; stdout: string; stderr: string };

export const runCockroach = (args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> =>
  new Promise((resolve) => {
    execFile(COCKROACH, args, { env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });

export const httpsGet = (url: string, ca: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    https.get(url, { ca, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });

export const waitUntil = async <T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (ok(last)) return last;
    } catch (err) {
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(last)} ${lastErr instanceof Error ? lastErr.message : ''}`);
};

export const isRunning = (pid: number) => {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().startsWith('Z');
  } catch {
    return false;
  }
};

/** SIGTERM (the node drains and exits), SIGKILL after 10 s; resolves once the process is gone (or a zombie). */
export const stopPid = async (pid: number, signal: NodeJS.Signals = 'SIGTERM') => {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isRunning(pid)) process.kill(pid, 'SIGKILL');
};

export const pidOf = (pidFile: string) => Number(readFileSync(pidFile, 'utf8').trim());

export const portRefuses = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

/** Prometheus text → { 'name{labels}': value }. */
export const parseVars = (text: string) =>
  Object.fromEntries(text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const i = l.lastIndexOf(' ');
    return [l.slice(0, i), Number(l.slice(i + 1))];
  }));
