// Runs one playbook with `ansible-playbook` and streams its events. Per run:
//   - a private 0700 directory holds the playbook YAML, an inventory (only localhost: playbooks add their hosts
//     themselves, spec §6.1) and the extra vars as a 0600 JSON file. Secrets (SQL passwords, the CA key, the license)
//     exist on disk only there, only until ansible-playbook has read them (its first event), and the directory is
//     removed when the run ends, however it ends (the watchdog below covers cp itself dying);
//   - ansible-playbook runs in its own process group (detached), so a timeout or an abort kills the whole tree
//     (ansible forks workers and ssh clients): SIGTERM to the group, then SIGKILL after a grace period;
//   - stdout (the ansible.posix.jsonl callback) is parsed line by line as it arrives and each event is handed to
//     `onEvent` at once; the `msg` of the task named `Data` is returned as `data`.
// Nothing here logs extra vars or module results.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseJsonlLine, type AnsibleEvent, type HostStats } from './events.js';

export type AnsibleSettings = {
  /** The ansible-playbook executable (name on PATH or absolute path). */
  playbookBin: string;
  /** Private key for SSH to the nodes (ANSIBLE_PRIVATE_KEY_FILE); else ssh's own defaults/agent. */
  sshKeyPath?: string | undefined;
  /** Extra ssh options (ANSIBLE_SSH_ARGS), e.g. known-hosts policy or a bastion. */
  sshArgs?: string | undefined;
  /** Parent of the per-run directories; default the OS temp dir. */
  workDir?: string | undefined;
  /** Kill the playbook's process group when cp itself dies (kill -9, OOM); default true where setpriv exists. */
  killWithParent?: boolean | undefined;
};

export type PlaybookRun = {
  /** Label for the run directory (e.g. the job id); not secret. */
  label: string;
  playbookYaml: string;
  extraVars: Record<string, unknown>;
  onEvent: (e: AnsibleEvent) => void | Promise<void>;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** Grace period between SIGTERM and SIGKILL; default 5 s. */
  killGraceMs?: number | undefined;
};

export type PlaybookResult = {
  ok: boolean;
  /** ansible-playbook exit code (0 ok, 2 a task failed, 4 a host unreachable), null when killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  data: unknown;
  failures: { task: string; host: string; message: string }[];
  stats: Record<string, HostStats> | undefined;
  /** Set when the run was stopped (abort or timeout) rather than finishing on its own. */
  stopped: 'aborted' | 'timeout' | undefined;
  /** Last lines of stderr (ansible's own errors: syntax, missing collection, …). */
  stderrTail: string;
};

export class AnsibleNotInstalledError extends Error {
  constructor(bin: string) {
    super(
      `"${bin}" was not found: install Ansible on the cp host (Debian/Ubuntu: apt-get install ansible; the full ` +
        `package, which includes the ansible.posix collection) or set CP_ANSIBLE_PLAYBOOK_BIN to its path.`,
    );
    this.name = 'AnsibleNotInstalledError';
  }
}

const STDERR_TAIL = 4_000;
const SETPRIV = '/usr/bin/setpriv';

// When cp dies without a chance to clean up, the kernel sends SIGTERM to this shell (setpriv --pdeathsig), and the
// shell takes the whole process group down (ansible, its forks, their ssh clients) instead of leaving an orphaned
// playbook running against the cluster, and removes the run directory cp can no longer remove. On an ordinary stop
// the runner's SIGTERM to the group lands here too.
const WATCHDOG =
  'trap \'trap "" TERM; kill -TERM 0; sleep 2; rm -rf "$CP_ANSIBLE_RUN_DIR"; kill -KILL 0\' TERM; "$0" "$@" & wait $!';

/** The command line: ansible-playbook, wrapped in the parent-death watchdog when the host has setpriv. */
const commandLine = (s: AnsibleSettings, args: string[]): [string, string[]] =>
  s.killWithParent !== false && existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'SIGTERM', '--', 'sh', '-c', WATCHDOG, s.playbookBin, ...args]]
    : [s.playbookBin, args];

const ansibleEnv = (s: AnsibleSettings): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ANSIBLE_STDOUT_CALLBACK: 'ansible.posix.jsonl',
    ANSIBLE_SHOW_CUSTOM_STATS: 'true',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_RETRY_FILES_ENABLED: 'false',
    ANSIBLE_PIPELINING: 'true',
    ANSIBLE_LOCALHOST_WARNING: 'false',
    ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false',
    // The controller runs Debian's ansible; its python, not whatever `python3` is first on PATH.
    ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
    PYTHONUNBUFFERED: '1',
  };
  if (s.sshKeyPath) env.ANSIBLE_PRIVATE_KEY_FILE = s.sshKeyPath;
  if (s.sshArgs) env.ANSIBLE_SSH_ARGS = s.sshArgs;
  return env;
};

export const createAnsibleRunner = (settings: AnsibleSettings) => {
  const run = async (r: PlaybookRun): Promise<PlaybookResult> => {
    const dir = await mkdtemp(join(settings.workDir ?? tmpdir(), `cp-ansible-${r.label.replace(/[^A-Za-z0-9_-]/g, '')}-`));
    try {
      // mkdtemp creates 0700 already; the files are written with explicit modes.
      await writeFile(join(dir, 'playbook.yml'), r.playbookYaml, { mode: 0o600 });
      await writeFile(join(dir, 'inventory.ini'), 'localhost ansible_connection=local\n', { mode: 0o600 });
      await writeFile(join(dir, 'extra-vars.json'), JSON.stringify(r.extraVars), { mode: 0o600 });
      return await execute(r, dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  const execute = (r: PlaybookRun, dir: string) =>
    new Promise<PlaybookResult>((resolve, reject) => {
      const [bin, args] = commandLine(settings, ['-i', join(dir, 'inventory.ini'), '-e', `@${join(dir, 'extra-vars.json')}`, join(dir, 'playbook.yml')]);
      const env = { ...ansibleEnv(settings), CP_ANSIBLE_RUN_DIR: dir };
      const child = spawn(bin, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const result: PlaybookResult = {
        ok: false, exitCode: null, signal: null, data: undefined, failures: [], stats: undefined, stopped: undefined, stderrTail: '',
      };
      let events = Promise.resolve();
      let varsRemoved = false;
      const emit = (e: AnsibleEvent) => {
        // ansible-playbook has read `-e @file` before its first event: the secrets need not stay on disk any longer.
        if (!varsRemoved) {
          varsRemoved = true;
          void rm(join(dir, 'extra-vars.json'), { force: true });
        }
        if (e.type === 'data') result.data = e.data;
        if (e.type === 'task_failed' || e.type === 'unreachable') result.failures.push({ task: e.task, host: e.host, message: e.message });
        if (e.type === 'recap') result.stats = e.stats;
        // Events are delivered in order, one at a time (the handler writes each as a task row).
        events = events.then(() => r.onEvent(e)).catch(() => undefined);
      };

      let killTimer: NodeJS.Timeout | undefined;
      const stop = (why: 'aborted' | 'timeout') => {
        if (result.stopped || child.exitCode !== null || child.pid === undefined) return;
        result.stopped = why;
        const kill = (sig: NodeJS.Signals) => {
          try {
            process.kill(-child.pid!, sig);
          } catch {
            // the group is already gone
          }
        };
        kill('SIGTERM');
        killTimer = setTimeout(() => kill('SIGKILL'), r.killGraceMs ?? 5_000);
      };
      const onAbort = () => stop('aborted');
      r.signal?.addEventListener('abort', onAbort, { once: true });
      const timeout = r.timeoutMs ? setTimeout(() => stop('timeout'), r.timeoutMs) : undefined;
      if (r.signal?.aborted) onAbort();

      createInterface({ input: child.stdout }).on('line', (line) => parseJsonlLine(line).forEach(emit));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        result.stderrTail = (result.stderrTail + chunk).slice(-STDERR_TAIL);
      });

      child.once('error', (err: NodeJS.ErrnoException) => {
        cleanup();
        reject(err.code === 'ENOENT' ? new AnsibleNotInstalledError(settings.playbookBin) : err);
      });
      child.once('close', (code, signal) => {
        cleanup();
        // ansible may have left children (ssh) in its group: make sure none outlives the run.
        if (child.pid !== undefined) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // nothing left
          }
        }
        result.exitCode = code;
        result.signal = signal;
        result.ok = code === 0 && !result.stopped;
        // 127: the shell of the watchdog could not find the executable.
        if (code === 127 && /not found/i.test(result.stderrTail)) return reject(new AnsibleNotInstalledError(settings.playbookBin));
        void events.then(() => resolve(result));
      });

      function cleanup() {
        clearTimeout(timeout);
        r.signal?.removeEventListener('abort', onAbort);
        if (killTimer && child.exitCode === null) return; // keep the SIGKILL pending until it exits
        clearTimeout(killTimer);
      }
    });

  return { run };
};

export type AnsibleRunner = ReturnType<typeof createAnsibleRunner>;

/** One line per failure, for job errors and cluster status reasons. */
export const summarizeFailure = (r: PlaybookResult): string => {
  if (r.stopped === 'timeout') return 'the playbook timed out and was stopped';
  if (r.stopped === 'aborted') return 'the playbook was stopped (job cancelled or aborted)';
  const first = r.failures[0];
  if (first) return `task "${first.task}" failed on ${first.host}: ${first.message.split('\n')[0]}`;
  const err = r.stderrTail.trim().split('\n').filter(Boolean).pop();
  return `ansible-playbook exited with code ${r.exitCode ?? r.signal}${err ? `: ${err}` : ''}`;
};
