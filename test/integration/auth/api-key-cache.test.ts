// The API-key hot path with two cp instances on one database (issue 11 item 4): a key deleted through one instance
// stops working there at once and on the other within the key cache's TTL; a read's signature is refused again by the
// instance that accepted it (no commit: in memory); a mutating request's signature is accepted once across instances
// (api_key_signatures).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app/build-app.js';
import { createKeyring, createSecretBox } from '../../../src/infra/crypto/secrets.js';
import { createLogger } from '../../../src/infra/logging/logger.js';
import { createMetrics } from '../../../src/infra/metrics/metrics.js';
import { testConfig } from '../../helpers/app.js';
import { createTestApiKey, signedHeaders, signedInject, type TestApiKey } from '../../helpers/auth.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';

const TTL_MS = 400;

describe('API keys across two instances', () => {
  let pg: TestPg;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let admin: TestApiKey;
  let secrets: ReturnType<typeof createSecretBox>;

  before(async () => {
    pg = await createMigratedPg('api_key_cache');
    const config = testConfig();
    secrets = createSecretBox(createKeyring(config.masterKey!));
    const instance = async () => {
      const app = await buildApp({
        config, db: pg.db, logger: createLogger('silent'), metrics: createMetrics({ poolStats: () => pg.db.poolStats() }), secrets, apiKeyCacheTtlMs: TTL_MS,
      });
      await app.ready();
      return app;
    };
    [a, b] = [await instance(), await instance()];
    admin = await createTestApiKey(pg.db, secrets, { roles: ['CP_ADMIN'] });
  });
  after(async () => {
    await a.close();
    await b.close();
    await pg.close();
  });

  it('a delete takes effect at once on the deleting instance and within the TTL on the other', async () => {
    const victim = await createTestApiKey(pg.db, secrets, { roles: ['CP_READONLY'] });
    assert.equal((await signedInject(a, victim, { url: '/api/clusters' })).statusCode, 200);
    assert.equal((await signedInject(b, victim, { url: '/api/clusters' })).statusCode, 200, 'cached on b now');
    assert.equal((await signedInject(a, admin, { method: 'DELETE', url: `/api/admin/api-keys/${victim.accessKey}` })).statusCode, 204);
    assert.equal((await signedInject(a, victim, { url: '/api/clusters' })).statusCode, 401, 'at once where it was deleted');
    await sleep(TTL_MS + 50);
    assert.equal((await signedInject(b, victim, { url: '/api/clusters' })).statusCode, 401, 'within the TTL elsewhere');
  });

  it('a new key works at once everywhere (misses are not cached)', async () => {
    const fresh = { accessKey: 'cp-not-yet', secret: 'x' };
    assert.equal((await signedInject(b, fresh, { url: '/api/clusters' })).statusCode, 401);
    const created = await createTestApiKey(pg.db, secrets, { roles: ['CP_READONLY'] });
    assert.equal((await signedInject(b, created, { url: '/api/clusters' })).statusCode, 200);
  });

  it('a read signature is refused again by the instance that accepted it, without writing it to the database', async () => {
    const headers = signedHeaders(admin, 'GET', '/api/clusters');
    const before = Number((await pg.db.query<{ n: number }>(`SELECT count(*) AS n FROM api_key_signatures`)).rows[0]!.n);
    assert.equal((await a.inject({ url: '/api/clusters', headers })).statusCode, 200);
    assert.equal((await a.inject({ url: '/api/clusters', headers })).statusCode, 401);
    const after = Number((await pg.db.query<{ n: number }>(`SELECT count(*) AS n FROM api_key_signatures`)).rows[0]!.n);
    assert.equal(after, before, 'no commit on the read path');
  });

  it('a mutating signature is accepted once across instances', async () => {
    const body = JSON.stringify({ version: 'v26.2.1' });
    const headers = { ...signedHeaders(admin, 'POST', '/api/admin/versions', body), 'content-type': 'application/json' };
    assert.equal((await a.inject({ method: 'POST', url: '/api/admin/versions', headers, payload: body })).statusCode, 201);
    const replay = await b.inject({ method: 'POST', url: '/api/admin/versions', headers, payload: body });
    assert.equal(replay.statusCode, 401);
    assert.match(replay.body, /replay/);
  });
});
