// Turns the lines of Ansible's `ansible.posix.jsonl` stdout callback into the few events cp shows as job tasks.
// The callback prints one JSON object per event as it happens (play/task start, one result per task with every
// host's result inside, the final stats), so parsing line by line is what makes job tasks appear live.
//
// What we keep (and why): task names and per-host ok/changed counts (progress), failure messages with their host
// (the error a user must see), unreachable hosts, the recap, and the `msg` of the task named `Data` (the playbook
// contract's output, spec §6.3). Module results are NOT copied wholesale: they can echo extra vars (passwords).

export type AnsibleEvent =
  | { type: 'play_start'; play: string }
  | { type: 'task_start'; task: string }
  | { type: 'task_ok'; task: string; ok: string[]; changed: string[] }
  | { type: 'task_failed'; task: string; host: string; message: string; ignored: boolean }
  | { type: 'unreachable'; task: string; host: string; message: string }
  | { type: 'data'; data: unknown }
  | { type: 'recap'; stats: Record<string, HostStats> }
  | { type: 'warning'; message: string };

export type HostStats = { ok: number; changed: number; failures: number; unreachable: number; skipped: number; ignored: number; rescued: number };

type HostResult = {
  changed?: boolean;
  failed?: boolean;
  msg?: unknown;
  stderr?: string;
  stdout?: string;
  results?: HostResult[];
  _ansible_no_log?: boolean;
};

type JsonlEvent = {
  _event?: string;
  play?: { name?: string };
  task?: { name?: string };
  hosts?: Record<string, HostResult>;
  stats?: Record<string, Partial<HostStats>>;
};

const MAX_MESSAGE = 4_000;

const clip = (s: string) => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}… (truncated)` : s);

/** The human part of a failed result: its msg, else stderr, else stdout; loop results are searched too. */
export const failureMessage = (r: HostResult): string => {
  if (r._ansible_no_log) return 'the output has been hidden due to the fact that no_log: true was specified for this result';
  const parts: string[] = [];
  if (r.msg !== undefined && r.msg !== '') parts.push(typeof r.msg === 'string' ? r.msg : JSON.stringify(r.msg));
  if (r.stderr) parts.push(r.stderr.trim());
  if (parts.length === 0 && r.stdout) parts.push(r.stdout.trim());
  for (const item of r.results ?? []) if (item.failed) parts.push(failureMessage(item));
  return clip(parts.join('\n') || 'the task failed without a message');
};

const statsOf = (s: Partial<HostStats>): HostStats => ({
  ok: s.ok ?? 0,
  changed: s.changed ?? 0,
  failures: s.failures ?? 0,
  unreachable: s.unreachable ?? 0,
  skipped: s.skipped ?? 0,
  ignored: s.ignored ?? 0,
  rescued: s.rescued ?? 0,
});

/** Parses one stdout line; lines that are not jsonl events (warnings on stdout, blank lines) yield a warning or nothing. */
export const parseJsonlLine = (line: string): AnsibleEvent[] => {
  const text = line.trim();
  if (!text) return [];
  let e: JsonlEvent;
  try {
    e = JSON.parse(text) as JsonlEvent;
  } catch {
    return [{ type: 'warning', message: clip(text) }];
  }
  const task = e.task?.name ?? '';
  const hosts = Object.entries(e.hosts ?? {});
  switch (e._event) {
    case 'v2_playbook_on_play_start':
      return [{ type: 'play_start', play: e.play?.name ?? '' }];
    case 'v2_playbook_on_task_start':
    case 'v2_playbook_on_handler_task_start':
      return [{ type: 'task_start', task }];
    case 'v2_runner_on_ok': {
      const out: AnsibleEvent[] = [
        { type: 'task_ok', task, ok: hosts.map(([h]) => h), changed: hosts.filter(([, r]) => r.changed).map(([h]) => h) },
      ];
      if (task === 'Data') {
        const first = hosts[0]?.[1];
        if (first) out.push({ type: 'data', data: first.msg });
      }
      return out;
    }
    case 'v2_runner_on_failed':
      return hosts.map(([host, r]) => ({ type: 'task_failed', task, host, message: failureMessage(r), ignored: false }));
    case 'v2_runner_on_unreachable':
      return hosts.map(([host, r]) => ({ type: 'unreachable', task, host, message: failureMessage(r) }));
    case 'v2_playbook_on_stats':
      return [{ type: 'recap', stats: Object.fromEntries(Object.entries(e.stats ?? {}).map(([h, s]) => [h, statsOf(s)])) }];
    default:
      return [];
  }
};
