// Spawns TypeScript scripts as separate OS processes (node --import tsx) and waits for their "ready" line. Every
// process started here is killed by `killAll()`, so a failing test leaves nothing running.
import { spawn, type ChildProcess } from 'node:child_process';

const started = new Set<ChildProcess>();

export const startScript = (script: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    started.add(child);
    child.once('exit', () => started.delete(child));
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      if (out.includes('ready\n')) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`${script} exited before ready (code ${code}, signal ${signal}): ${out}`)));
  });

export const stopProcess = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

export const killAll = async () => {
  await Promise.all([...started].map((c) => stopProcess(c, 'SIGKILL')));
};
