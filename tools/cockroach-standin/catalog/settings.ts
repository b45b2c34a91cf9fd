// Cluster settings storage and the cluster version. Only overrides are stored (a row per SET CLUSTER SETTING); RESET
// deletes the row. `version` is special: it is written by `cockroach init` and by finalization, and it auto-upgrades
// lazily — whenever it is read — the way CockroachDB's auto-upgrade loop would have done in the meantime.
import { SqlError } from '../sql/engine.types.js';
import type { NodeRecord } from './nodes.js';
import { findSetting, normaliseSetting, SETTINGS, type SettingDef } from './settings-registry.js';
import type { CatalogDb, Queryable } from './tx.js';
import { compareMajors, isMajor, majorOf } from './versions.js';

export type SettingValue = { def: SettingDef; value: string; origin: 'default' | 'override' };

const unknown = (name: string) => new SqlError('42704', `unknown cluster setting '${name}'`);

export const createSettings = (o: { db: CatalogDb; listNodes: () => Promise<NodeRecord[]> }) => {
  const stored = async (q: Queryable = o.db): Promise<Map<string, string>> =>
    new Map((await q.query<{ name: string; value: string }>('SELECT name, value FROM standin.settings')).rows.map((r) => [r.name, r.value]));
  const write = (name: string, value: string) => o.db.query(
    `INSERT INTO standin.settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = $2, updated_at = now()`, [name, value]);

  /** Non-decommissioned nodes, the ones whose binaries bound the cluster version. */
  const members = async () => (await o.listNodes()).filter((n) => n.membership !== 'decommissioned');

  const api = {
    /** The cluster version after applying any auto-upgrade that is due (all members live, none pinned, all newer). */
    async clusterVersion(): Promise<string> {
      const s = await stored();
      const current = s.get('version') ?? '';
      if (!current || (s.get('cluster.preserve_downgrade_option') ?? '') !== '' || s.get('cluster.auto_upgrade.enabled') === 'false') return current;
      const nodes = await members();
      // CockroachDB waits for every non-decommissioned node to be up on the new binary; a dead node blocks the upgrade.
      if (nodes.length === 0 || nodes.some((n) => !n.isLive)) return current;
      const minMajor = nodes.map((n) => majorOf(n.buildTag)).sort(compareMajors)[0]!;
      if (compareMajors(minMajor, current) <= 0) return current;
      await o.db.query(`UPDATE standin.settings SET value = $1, updated_at = now() WHERE name = 'version' AND value = $2`, [minMajor, current]);
      return minMajor;
    },
    async get(name: string): Promise<SettingValue> {
      const def = findSetting(name);
      if (!def) throw unknown(name);
      if (def.name === 'version') return { def, value: await api.clusterVersion(), origin: 'override' };
      const v = (await stored()).get(def.name);
      return v === undefined ? { def, value: def.default, origin: 'default' } : { def, value: v, origin: 'override' };
    },
    async list(): Promise<SettingValue[]> {
      const version = await api.clusterVersion();
      const s = await stored();
      return SETTINGS.map((def) => {
        if (def.name === 'version') return { def, value: version, origin: 'override' as const };
        const v = s.get(def.name);
        return v === undefined ? { def, value: def.default, origin: 'default' as const } : { def, value: v, origin: 'override' as const };
      });
    },
    async set(name: string, raw: string): Promise<void> {
      const def = findSetting(name);
      if (!def) throw unknown(name);
      let value: string;
      try { value = normaliseSetting(def, raw); } catch (err) { throw new SqlError('22023', (err as Error).message); }
      if (def.name === 'version') return api.finalizeTo(value);
      if (def.name === 'cluster.preserve_downgrade_option' && value !== '') {
        const current = await api.clusterVersion();
        if (value !== current) {
          throw new SqlError('22023', `cannot set cluster.preserve_downgrade_option to ${value} (cluster version is ${current})`);
        }
      }
      await write(def.name, value);
    },
    async reset(name: string): Promise<void> {
      const def = findSetting(name);
      if (!def) throw unknown(name);
      if (def.name === 'version') throw new SqlError('0A000', 'resetting cluster version is not supported');
      await o.db.query('DELETE FROM standin.settings WHERE name = $1', [def.name]);
    },
    /** SET CLUSTER SETTING version = 'x': manual finalization, only upwards and not past any member's binary. */
    async finalizeTo(target: string): Promise<void> {
      if (!isMajor(target)) throw new SqlError('22023', `invalid version ${target}`);
      const current = await api.clusterVersion();
      if (compareMajors(target, current) < 0) {
        throw new SqlError('22023', `versions cannot be downgraded (attempting to downgrade from ${current} to ${target})`);
      }
      for (const n of await members()) {
        const binary = majorOf(n.buildTag);
        if (compareMajors(binary, target) < 0) {
          throw new SqlError('22023', `cannot upgrade to ${target}: node ${n.nodeId} is running ${binary}`);
        }
      }
      await write('version', target);
      // The pin no longer means anything once the cluster has moved past it.
      await o.db.query(`DELETE FROM standin.settings WHERE name = 'cluster.preserve_downgrade_option' AND value <> $1`, [target]);
    },
    /** `cockroach init` writes the version directly (no node checks: the initialising node is the first member). */
    async initVersion(major: string, q: Queryable = o.db): Promise<void> {
      await q.query(`INSERT INTO standin.settings (name, value) VALUES ('version', $1) ON CONFLICT (name) DO NOTHING`, [major]);
    },
  };
  return api;
};

export type Settings = ReturnType<typeof createSettings>;
