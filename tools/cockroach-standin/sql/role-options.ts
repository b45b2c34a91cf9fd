// Role option parsing for CREATE/ALTER USER|ROLE (src/current/v24.3/create-role.md, _includes/v24.3/sql/role-options.md).
// CockroachDB stores positive options (CREATEROLE, …) plus NOLOGIN/NOSQLLOGIN; `NOX` removes X, LOGIN removes NOLOGIN.
import type { RoleOptions } from '../catalog/roles.js';
import type { Cursor } from './cursor.js';
import { SqlError } from './engine.types.js';

const FLAGS = ['CREATEROLE', 'CREATELOGIN', 'CREATEDB', 'CONTROLJOB', 'CANCELQUERY', 'VIEWACTIVITY', 'VIEWACTIVITYREDACTED',
  'CONTROLCHANGEFEED', 'MODIFYCLUSTERSETTING', 'MODIFYSQLCLUSTERSETTING', 'VIEWCLUSTERSETTING', 'VIEWCLUSTERMETADATA', 'VIEWDEBUG',
  'REPLICATION', 'BYPASSRLS'];

export type OptionChanges = { set: RoleOptions; unset: string[]; password?: string | null };

/** Reads `[WITH] option …` to the end of the statement. */
export const parseRoleOptions = (c: Cursor): OptionChanges => {
  const out: OptionChanges = { set: {}, unset: [] };
  c.acceptWords('with');
  while (!c.atEnd()) {
    c.acceptPunct(',');
    const t = c.next();
    if (t.type !== 'word') throw c.error(t);
    const w = t.value.toUpperCase();
    if (w === 'PASSWORD' || w === 'ENCRYPTED') {
      if (w === 'ENCRYPTED') c.expectWords('password');
      out.password = c.acceptWords('null') ? null : c.stringValue();
    } else if (w === 'VALID') {
      c.expectWords('until');
      const v = c.acceptWords('null') ? null : c.stringValue();
      if (v === null) out.unset.push('VALID UNTIL');
      else out.set['VALID UNTIL'] = validUntil(v);
    } else if (w === 'SUBJECT') {
      const v = c.acceptWords('null') ? null : c.stringValue();
      if (v === null) out.unset.push('SUBJECT');
      else out.set.SUBJECT = v;
    } else if (w === 'LOGIN' || w === 'SQLLOGIN') {
      out.unset.push(`NO${w}`);
    } else if (w === 'NOLOGIN' || w === 'NOSQLLOGIN') {
      out.set[w] = null;
    } else if (FLAGS.includes(w)) {
      out.set[w] = null;
    } else if (w.startsWith('NO') && FLAGS.includes(w.slice(2))) {
      out.unset.push(w.slice(2));
    } else {
      throw c.error(t);
    }
  }
  return out;
};

export const applyOptions = (current: RoleOptions, ch: OptionChanges): RoleOptions => {
  const next: RoleOptions = { ...current };
  for (const k of ch.unset) delete next[k];
  Object.assign(next, ch.set);
  return next;
};

/** VALID UNTIL as SHOW USERS prints it: '2021-10-10 00:00:00+00:00'. */
const validUntil = (v: string): string => {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? `${v.trim()}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime())) throw new SqlError('22007', `parsing as type timestamp: could not parse "${v}"`);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
};
