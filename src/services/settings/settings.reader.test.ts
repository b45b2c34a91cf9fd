import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Queryable, QueryResult, Row } from '../../infra/db/db.js';
import { createSettingsReader } from './settings.reader.js';

const fakeDb = (rows: () => Row[]) => {
  let queries = 0;
  const db: Queryable = {
    query: async <R extends Row>() => {
      queries++;
      return { rows: rows() as R[], rowCount: rows().length } as QueryResult<R>;
    },
  };
  return { db, count: () => queries };
};
const row = (key: string, value: string | null, def = '') => ({ key, value, encrypted_value: null, default_value: def, is_secret: false });

describe('settings reader', () => {
  it('caches for the TTL (one query for many reads), then reloads', async () => {
    let value = '10';
    const f = fakeDb(() => [row('retention.jobs_days', value, '90')]);
    let now = 1_000;
    const r = createSettingsReader({ db: f.db, secrets: { decrypt: () => '' }, ttlMs: 2_000, now: () => now });
    assert.equal(await r.getInt('retention.jobs_days'), 10);
    value = '20';
    await Promise.all([r.get('retention.jobs_days'), r.get('retention.jobs_days')]);
    assert.equal(f.count(), 1);
    now += 2_001;
    assert.equal(await r.getInt('retention.jobs_days'), 20);
    assert.equal(f.count(), 2);
  });

  it('never caches longer than 2 s, whatever it is given', async () => {
    const f = fakeDb(() => []);
    let now = 0;
    const r = createSettingsReader({ db: f.db, secrets: { decrypt: () => '' }, ttlMs: 60_000, now: () => now });
    await r.get('logging.level');
    now = 2_001;
    await r.get('logging.level');
    assert.equal(f.count(), 2);
  });

  it('falls back to registry defaults, parses typed values, rejects unknown keys', async () => {
    const f = fakeDb(() => [row('oidc.authz_admin_groups', 'a, b,,c'), row('oidc.extra_auth_params', '{"x":1}')]);
    const r = createSettingsReader({ db: f.db, secrets: { decrypt: () => '' } });
    assert.deepEqual(await r.getCsv('oidc.authz_admin_groups'), ['a', 'b', 'c']);
    assert.deepEqual(await r.getJson('oidc.extra_auth_params'), { x: 1 });
    assert.equal(await r.get('logging.level'), 'info', 'not in the rows: the registry default');
    await assert.rejects(r.get('no.such'), /unknown setting/);
  });

  it('invalidate() makes the next read go to the database', async () => {
    let value = 'debug';
    const f = fakeDb(() => [row('logging.level', value)]);
    const r = createSettingsReader({ db: f.db, secrets: { decrypt: () => '' } });
    assert.equal(await r.get('logging.level'), 'debug');
    value = 'warn';
    r.invalidate();
    assert.equal(await r.get('logging.level'), 'warn');
  });

  it('names the key when a secret cannot be decrypted', async () => {
    const f = fakeDb(() => [{ key: 'oidc.client_secret', value: null, encrypted_value: Buffer.from('x'), default_value: '', is_secret: true }]);
    const r = createSettingsReader({ db: f.db, secrets: { decrypt: () => { throw new Error('bad tag'); } } });
    await assert.rejects(r.get('oidc.client_secret'), /"oidc\.client_secret" cannot be decrypted/);
  });
});
