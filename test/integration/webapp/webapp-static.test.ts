// The web console's static delivery: index.html at / (no-cache), content-hashed assets (immutable, one year), the
// strict CSP on both, and templates/bundles that need no inline script, inline style or eval. Needs the built
// console (npm test runs `npm run build:webapp` first).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../helpers/app.js';
import { createMigratedPg, type TestPg } from '../../helpers/pg.js';

let pg: TestPg;
let app: FastifyInstance;

before(async () => {
  pg = await createMigratedPg('webapp_static');
  ({ app } = await buildTestApp(pg.db));
});
after(async () => {
  await app.close();
  await pg.close();
});

const assetsOf = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);

describe('webapp static files', () => {
  it('serves index.html at / with no-cache and the strict CSP', async () => {
    const r = await app.inject({ url: '/' });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /text\/html/);
    assert.equal(r.headers['cache-control'], 'no-cache');
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.ok(r.body.includes('x-data="shell"'));
  });

  it('serves every referenced asset with a one-year immutable cache', async () => {
    const html = (await app.inject({ url: '/' })).body;
    const assets = assetsOf(html);
    assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), `assets: ${assets.join(', ')}`);
    for (const a of assets) {
      const r = await app.inject({ url: a });
      assert.equal(r.statusCode, 200, a);
      assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', a);
      assert.ok(r.headers['content-security-policy'], a);
    }
  });

  it('answers an unknown asset with the JSON 404 envelope, not the page', async () => {
    const r = await app.inject({ url: '/assets/nope-123.js' });
    assert.equal(r.statusCode, 404);
    assert.equal(r.json<{ error: { code: string } }>().error.code, 'NOT_FOUND');
  });

  it('ships no inline script, inline style, inline handler or eval', () => {
    const html = readFileSync('dist/webapp/index.html', 'utf8');
    const templates = readdirSync('webapp/src/views').filter((f) => f.endsWith('.html')).map((f) => readFileSync(`webapp/src/views/${f}`, 'utf8'));
    for (const t of [html, ...templates]) {
      assert.doesNotMatch(t, /<script(?![^>]*\bsrc=)[^>]*>/i, 'inline <script>');
      assert.doesNotMatch(t, /<style/i, 'inline <style>');
      assert.doesNotMatch(t, /\sstyle="/i, 'style attribute');
      assert.doesNotMatch(t, /\son[a-z]+="/i, 'inline event handler');
    }
    for (const f of readdirSync('dist/webapp/assets').filter((x) => x.endsWith('.js'))) {
      assert.doesNotMatch(readFileSync(`dist/webapp/assets/${f}`, 'utf8'), /new Function\(|\beval\(/, f);
    }
  });
});
