// SHOW CLUSTER SETTING x / SHOW [ALL|PUBLIC] CLUSTER SETTINGS / SET CLUSTER SETTING x = v|DEFAULT / RESET CLUSTER SETTING x.
// Docs: src/current/v24.3/show-cluster-setting.md, set-cluster-setting.md, cluster-settings.md; the version rules
// (finalize upwards only, preserve_downgrade_option pins auto-upgrade) are in catalog/settings.ts and
// _includes/common/upgrade/finalize-self-hosted.md. Reading needs admin or VIEWCLUSTERSETTING/MODIFYCLUSTERSETTING;
// writing needs admin or MODIFYCLUSTERSETTING.
import { formatInterval, parseDuration } from '../../catalog/durations.js';
import type { SettingValue } from '../../catalog/settings.js';
import { OID, resultOf, tagOnly } from '../columns.js';
import type { StatementContext, StatementFamily } from '../context.js';
import type { Cursor } from '../cursor.js';
import type { ResultSet } from '../engine.types.js';
import { boolText } from '../text.js';

const settingName = (c: Cursor) => c.qualifiedName().join('.');

const requireRead = (ctx: StatementContext, name: string) => ctx.requireAdminOr(['MODIFYCLUSTERSETTING', 'MODIFYSQLCLUSTERSETTING',
  'VIEWCLUSTERSETTING'], `only users with MODIFYCLUSTERSETTING, MODIFYSQLCLUSTERSETTING or VIEWCLUSTERSETTING privileges are allowed to show cluster setting '${name}'`);
const requireWrite = (ctx: StatementContext, name: string) => ctx.requireAdminOr(['MODIFYCLUSTERSETTING'],
  `only users with the MODIFYCLUSTERSETTING privilege are allowed to set cluster setting '${name}'`);

/** One column named after the setting, typed as CockroachDB types it (durations are INTERVALs here). */
const showOne = (s: SettingValue): ResultSet => {
  const typed: Record<string, [number, (v: string) => string]> = {
    b: [OID.bool, (v) => boolText(v === 'true')], i: [OID.int8, (v) => v], f: [OID.float8, (v) => v],
    d: [OID.interval, (v) => formatInterval(parseDuration(v))],
  };
  const [typeOid, fmt] = typed[s.def.type] ?? [OID.text, (v: string) => v];
  return { fields: [{ name: s.def.name, typeOid }], rows: [[fmt(s.value)]], command: 'SELECT 1' };
};

const showAll = async (ctx: StatementContext, all: boolean) => {
  await requireRead(ctx, 'all');
  const list = (await ctx.catalog.settings.list()).filter((s) => all || s.def.public);
  const rows = list.map((s) => all
    ? [s.def.name, s.value, s.def.type, boolText(s.def.public), s.def.description, s.def.default, s.origin]
    : [s.def.name, s.value, s.def.type, s.def.description, s.def.default, s.origin]);
  return resultOf(all ? 'SHOW ALL CLUSTER SETTINGS' : 'SHOW CLUSTER SETTINGS', rows);
};

export const clusterSettingsFamily: StatementFamily = {
  name: 'cluster settings',
  matches: (c) => ['show', 'set', 'reset'].some((v) => c.isWords(v, 'cluster', 'setting'))
    || c.isWords('show', 'cluster', 'settings') || c.isWords('show', 'all', 'cluster', 'settings')
    || c.isWords('show', 'public', 'cluster', 'settings'),
  async run(ctx) {
    const c = ctx.cursor();
    if (c.acceptWords('show', 'cluster', 'settings') || c.acceptWords('show', 'public', 'cluster', 'settings')) { c.end(); return showAll(ctx, false); }
    if (c.acceptWords('show', 'all', 'cluster', 'settings')) { c.end(); return showAll(ctx, true); }
    if (c.acceptWords('show', 'cluster', 'setting')) {
      if (c.acceptWords('all')) { c.end(); return showAll(ctx, true); }
      const name = settingName(c);
      c.end();
      await requireRead(ctx, name);
      return showOne(await ctx.catalog.settings.get(name));
    }
    if (c.acceptWords('reset', 'cluster', 'setting')) {
      const name = settingName(c);
      c.end();
      await requireWrite(ctx, name);
      await ctx.catalog.settings.reset(name);
      return tagOnly('SET CLUSTER SETTING');
    }
    c.expectWords('set', 'cluster', 'setting');
    const name = settingName(c);
    if (!c.acceptPunct('=')) c.expectWords('to');
    const isDefault = c.isWords('default') && c.peek()?.type === 'word';
    const value = isDefault ? (c.next(), null) : c.settingValue();
    c.end();
    await requireWrite(ctx, name);
    if (isDefault) await ctx.catalog.settings.reset(name);
    else await ctx.catalog.settings.set(name, value ?? '');
    return tagOnly('SET CLUSTER SETTING');
  },
};
