import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './env.js';

const key = randomBytes(32).toString('base64');

describe('loadConfig', () => {
  it('gives the embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 8000);
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.dataDir, './.cp-data');
    assert.deepEqual(c.roles, ['api', 'worker', 'scheduler']);
    assert.equal(c.publicUrl, 'http://127.0.0.1:8000');
    assert.equal(c.masterKey, undefined);
    assert.equal(c.workerConcurrency, 4);
    assert.equal(c.workerPollMs, 500);
    assert.equal(c.jobLeaseSeconds, 30);
    assert.deepEqual(c.workerKindConcurrency, {});
  });

  it('parses the worker settings', () => {
    const c = loadConfig({ CP_WORKER_CONCURRENCY: '8', CP_WORKER_POLL_MS: '250', CP_JOB_LEASE_SECONDS: '60',
      CP_WORKER_KIND_CONCURRENCY: 'CREATE_CLUSTER=2, RETENTION_SWEEP=1' });
    assert.equal(c.workerConcurrency, 8);
    assert.equal(c.workerPollMs, 250);
    assert.equal(c.jobLeaseSeconds, 60);
    assert.deepEqual(c.workerKindConcurrency, { CREATE_CLUSTER: 2, RETENTION_SWEEP: 1 });
  });

  it('parses every variable', () => {
    const c = loadConfig({
      CP_HOST: '0.0.0.0',
      CP_PORT: '9001',
      DATABASE_URL: 'postgresql://cp@db:26257/cp?sslmode=verify-full',
      CP_MASTER_KEY: key,
      CP_MASTER_KEY_ID: '3',
      CP_OLD_MASTER_KEYS: `1:${key},2:${key}`,
      CP_ROLES: 'worker, scheduler',
      CP_LOG_LEVEL: 'debug',
      CP_PUBLIC_URL: 'https://cp.example.com/',
    });
    assert.equal(c.port, 9001);
    assert.deepEqual(c.roles, ['worker', 'scheduler']);
    assert.deepEqual(c.masterKey, { id: 3, key });
    assert.deepEqual(c.oldMasterKeys.map((k) => k.id), [1, 2]);
    assert.equal(c.publicUrl, 'https://cp.example.com');
  });

  const bad: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['CP_PORT', { CP_PORT: 'eighty' }, /^CP_PORT /],
    ['CP_PORT', { CP_PORT: '70000' }, /^CP_PORT /],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must be a postgres/],
    ['CP_MASTER_KEY', { CP_MASTER_KEY: 'c2hvcnQ=' }, /^CP_MASTER_KEY must be the base64 encoding of exactly 32 bytes/],
    ['CP_ROLES', { CP_ROLES: 'api,web' }, /^CP_ROLES must be a comma-separated subset/],
    ['CP_LOG_LEVEL', { CP_LOG_LEVEL: 'loud' }, /^CP_LOG_LEVEL /],
    ['CP_OLD_MASTER_KEYS', { CP_OLD_MASTER_KEYS: 'x:y' }, /^CP_OLD_MASTER_KEYS /],
    ['CP_WORKER_POLL_MS', { CP_WORKER_POLL_MS: '5000' }, /^CP_WORKER_POLL_MS /],
    ['CP_WORKER_CONCURRENCY', { CP_WORKER_CONCURRENCY: '0' }, /^CP_WORKER_CONCURRENCY /],
    ['CP_WORKER_KIND_CONCURRENCY', { CP_WORKER_KIND_CONCURRENCY: 'create=2' }, /^CP_WORKER_KIND_CONCURRENCY must be/],
    ['CP_MASTER_KEY', { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/cp' }, /^CP_MASTER_KEY is required when NODE_ENV=production/],
    ['DATABASE_URL', { NODE_ENV: 'production', CP_MASTER_KEY: key }, /^DATABASE_URL is required when NODE_ENV=production/],
  ];
  for (const [variable, env, message] of bad) {
    it(`rejects a bad ${variable} naming it (${JSON.stringify(env)})`, () => {
      assert.throws(
        () => loadConfig(env),
        (err: unknown) => err instanceof ConfigError && err.variable === variable && message.test(err.message) && !err.message.includes('\n'),
      );
    });
  }

  it('treats empty strings as unset', () => {
    assert.equal(loadConfig({ CP_MASTER_KEY: '', DATABASE_URL: '' }).databaseUrl, undefined);
  });
});
