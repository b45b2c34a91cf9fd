// Every HTTP command of cpctl, in help order. The dispatcher, `--help` on every level and shell completion all read
// this list.
import type { Command } from '../lib/command.js';
import { accessCommands } from './admin-access.command.js';
import { optionCommands } from './admin-options.command.js';
import { playbookCommands } from './admin-playbooks.command.js';
import { settingsCommands } from './admin-settings.command.js';
import { clusterCommands } from './clusters.command.js';
import { completionCommands } from './completion.command.js';
import { databaseAccessCommands } from './database-access.command.js';
import { eventCommands } from './events.command.js';
import { jobCommands } from './jobs.command.js';
import { loginCommands } from './login.command.js';

export const COMMANDS: readonly Command[] = [
  ...loginCommands,
  ...clusterCommands,
  ...databaseAccessCommands,
  ...jobCommands,
  ...eventCommands,
  ...settingsCommands,
  ...optionCommands,
  ...playbookCommands,
  ...accessCommands,
  ...completionCommands,
];

/** One line per noun, for `cpctl <noun>` and the top-level help. */
export const NOUNS: Readonly<Record<string, string>> = {
  clusters: 'Create, scale, upgrade and delete clusters; live overview and SQL connection details',
  databases: "A cluster's databases and their generated roles",
  users: "A cluster's SQL users: create, passwords, grants",
  roles: 'Generated database roles; sync',
  drift: 'Access drift between cp and the cluster; fix',
  jobs: 'List jobs, follow their task logs, cancel and reschedule them',
  events: 'The audit log',
  admin: 'Settings, option lists, regions, playbooks, API keys, role templates, schedules (CP_ADMIN)',
  'admin settings': 'cp\'s runtime settings (docs/SETTINGS.md)',
  'admin versions': 'CockroachDB versions users may choose',
  'admin node-counts': 'Node counts per region users may choose',
  'admin cpu-counts': 'vCPUs per node users may choose',
  'admin disk-sizes': 'Disk sizes users may choose',
  'admin regions': 'Regions and zones clusters can be placed in',
  'admin playbooks': 'The Ansible playbooks cp runs, their versions and defaults',
  'admin api-keys': 'API keys (over the API)',
  'admin templates': 'Database role templates',
  'admin schedules': 'cp\'s internal schedules',
  profiles: 'The profiles of the config file',
};
