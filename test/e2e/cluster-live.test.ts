// The cluster's live status and SQL access in the web console, end to end, against the BUILT cp and a REAL cluster:
// the fixture CREATE_CLUSTER playbook (test/fixtures/playbooks) starts CockroachDB stand-in nodes
// (tools/cockroach-standin: TLS SQL on :26257, HTTPS on :8080) and one HAProxy per region on loopback addresses over
// the sshd test hosts of scripts/services.sh. The admin opens the cluster page (Live status: every node live, "Safe
// to operate"), a viewer sees the same panel but no Connect link, the admin opens Connect (user, CA, commands,
// ca.crt download), resets the admin password (shown once; it really logs in), stops one node (the verdict turns to
// "Not safe to operate") and deletes the cluster, which stops its processes. Screenshots at 1280×800 and 390×844 go
// to test-results/screenshots/live-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
import {
  createBody, destroyTestCluster, dropStandinCluster, killNode, TEST_NODES_DIR,
} from '../helpers/clusters.js';
import { launchBrowser, openPage, SCREENSHOT_DIR, signIn, viewLoaded, type ConsolePage, type E2eBrowser } from './helpers/browser.js';
import { startClusterCp, type CpProcess } from './helpers/cp-process.js';

const name = `live-${randomBytes(3).toString('hex')}`;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
let cp: CpProcess;
let b: E2eBrowser;
let admin: ConsolePage;
let caPem = '';

const go = async (page: Page, hash: string) => {
  await page.evaluate((h) => (location.hash = h), hash);
  await viewLoaded(page);
};
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
/** A full-page screenshot at one viewport size (the page is left at that size). */
const shot = async (page: Page, file: string, viewport: { width: number; height: number }) => {
  await page.setViewportSize(viewport);
  await page.waitForTimeout(150); // layout settles (media queries)
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${file}.png`, fullPage: true });
};
/** The page never overflows sideways at this width (tables scroll or stack inside their card). */
const assertNoSidewaysScroll = async (page: Page, what: string) => {
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(w.doc <= w.view, `${what}: the page is ${w.doc}px wide in a ${w.view}px viewport`);
};

/** PIDs of the cluster's stand-in nodes and load balancers, from the fixture's pid files. */
const clusterPids = (): { node: string; pid: number }[] => {
  const dir = `${TEST_NODES_DIR}/${name}`;
  if (!existsSync(dir)) return [];
  const out: { node: string; pid: number }[] = [];
  for (const e of readdirSync(dir)) {
    const f = e.endsWith('.pid') ? `${dir}/${e}` : `${dir}/${e}/cockroach.pid`;
    if (!existsSync(f)) continue;
    for (const p of readFileSync(f, 'utf8').split(/\s+/).filter(Boolean)) out.push({ node: e, pid: Number(p) });
  }
  return out;
};
/** Running, not a zombie (`ps` shows stat Z for an exited child nobody reaped yet). */
const alive = (pid: number) => {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().startsWith('Z');
  } catch {
    return false;
  }
};

before(async () => {
  cp = await startClusterCp();
  b = await launchBrowser();
  admin = await openPage(b.browser);
});

after(async () => {
  await b?.close();
  await cp?.stop();
  // The safety net when a test failed before the delete: this cluster's processes, directory and stand-in databases.
  await destroyTestCluster(name);
  await dropStandinCluster(caPem);
});

describe('live status and SQL access of a real cluster', () => {
  it('creates a cluster (group team-a, as the viewer) and waits for ACTIVE', async () => {
    const { page } = admin;
    await signIn(page, cp.url, 'admin', '#/clusters');
    const res = await page.evaluate(async (body) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrf_token: string };
      const r = await fetch('/api/clusters', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cp-csrf': me.csrf_token },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.text() };
    }, createBody(name));
    assert.equal(res.status, 202, res.body);
    await go(page, `#/clusters/${name}`);
    // While CREATING there is nothing to ask: the server's 409 message, no polling.
    await page.locator('#cl-na').waitFor();
    assert.match(await text(page, '#cl-na'), /CREATING|no running nodes/);
    await page.waitForFunction(() => document.querySelector('#cd-status')?.textContent === 'ACTIVE', null, { timeout: 240_000 });
  });

  it('shows every node live and "Safe to operate"', async () => {
    const { page } = admin;
    // The status change to ACTIVE reloads the panel; liveness may need a few seconds after the create.
    await page.locator('#cl-verdict.verdict-good').waitFor({ timeout: 60_000 });
    assert.equal(await text(page, '#cl-verdict .verdict-text'), 'Safe to operate');
    assert.equal(await page.locator('#cl-reasons li').count(), 0);
    assert.equal(await text(page, '#cl-live-nodes'), '3/3');
    assert.match(await text(page, '#cl-version'), /^\d+\.\d+/);
    const rows = page.locator('#cl-nodes tbody tr');
    assert.equal(await rows.count(), 3);
    for (const row of await rows.all()) {
      assert.equal(((await row.locator('.badge').first().textContent()) ?? '').trim(), 'live');
    }
    // The addresses the cluster reports are the cluster's inventory (what cp asked is what the page shows).
    const inventory = (await page.locator('.ip-pill').allTextContents()).sort();
    const reported = (await page.locator('#cl-nodes tbody tr td[data-label="Address"]').allTextContents()).map((a) => a.trim().replace(/:\d+$/, '')).sort();
    assert.deepEqual(reported, inventory);
    assert.match(await text(page, '#cl-capacity'), /used of .* available/);
    await shot(page, 'live-01-cluster-desktop', DESKTOP);
    await shot(page, 'live-02-cluster-phone', PHONE);
    await assertNoSidewaysScroll(page, 'cluster page on a phone');
    await page.setViewportSize(DESKTOP);
  });

  it('shows a viewer the live status but no Connect link, and Connect answers them with the server message', async () => {
    const viewer = await openPage(b.browser);
    try {
      const { page, problems } = viewer;
      await signIn(page, cp.url, 'viewer', `#/clusters/${name}`);
      await viewLoaded(page);
      await page.locator('#cl-verdict').waitFor({ timeout: 30_000 });
      assert.equal(await page.locator(`a[href="#/clusters/${name}/connection"]`).count(), 0, 'no Connect link for a viewer');
      assert.equal(await page.locator('#cd-delete').count(), 0);
      await go(page, `#/clusters/${name}/connection`);
      await page.locator('#conn-blocked').waitFor();
      assert.ok((await text(page, '#conn-blocked p')).length > 0, 'the server says why');
      assert.equal(await page.locator('#conn-reset').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await viewer.page.context().close();
    }
  });

  it('opens Connect: user, CA certificate with download, ready commands', async () => {
    const { page } = admin;
    await go(page, `#/clusters/${name}`);
    await page.locator(`a[href="#/clusters/${name}/connection"]`, { hasText: 'Connect' }).click();
    await page.locator('#conn-username').waitFor();
    await viewLoaded(page);
    assert.equal(await text(page, '#conn-username'), 'dbadmin');
    const ca = await page.locator('#conn-ca').inputValue();
    caPem = ca;
    assert.match(ca, /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/);
    const region = page.locator('.conn-region').first();
    const address = await text(page, '.conn-address');
    assert.match(address, /^127\.\d+\.\d+\.\d+:26257$/);
    assert.match(await text(page, '.conn-cockroach'), new RegExp(`^cockroach sql --url "postgresql://dbadmin@${address.replace(/\./g, '\\.')}/defaultdb\\?sslmode=verify-full&sslrootcert=ca\\.crt"$`));
    assert.match(await text(page, '.conn-psql'), /^psql "postgresql:\/\/dbadmin@.+sslrootcert=ca\.crt"$/);
    assert.match((await region.textContent()) ?? '', /via load balancer/);
    assert.match(await text(page, '.hint'), /save the CA as ca\.crt in the current directory/i);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#conn-ca-download').click()]);
    // Named ca.crt, as the ready commands expect (sslrootcert=ca.crt).
    assert.equal(download.suggestedFilename(), 'ca.crt');
    const path = await download.path();
    assert.equal(readFileSync(path, 'utf8').trim(), ca.trim(), 'the download is the CA shown');

    await page.locator('#conn-ca-copy').click();
    await page.locator('.toast-ok', { hasText: 'Copied' }).waitFor();
    assert.equal((await page.evaluate(() => navigator.clipboard.readText())).trim(), ca.trim());

    await shot(page, 'live-03-connect-desktop', DESKTOP);
    await shot(page, 'live-04-connect-phone', PHONE);
    await assertNoSidewaysScroll(page, 'Connect page on a phone');
    await page.setViewportSize(DESKTOP);
  });

  it('resets the admin password: confirmation, the new password shown once, and it logs in', async () => {
    const { page, problems } = admin;
    await page.locator('#conn-reset').click();
    await page.locator('#rp-submit').waitFor();
    assert.match(await text(page, '#rp-desc'), /stops working immediately/);
    await page.locator('#rp-submit').click();
    await page.locator('#pw-value').waitFor({ timeout: 30_000 });
    const password = await text(page, '#pw-value');
    assert.ok(password.length >= 20, `a long random password (${password.length} chars)`);
    assert.equal(await page.locator('#rp-error').isVisible(), false);
    await page.locator('#pw-copy').click();
    await page.locator('[role="status"] .good', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), password);
    await shot(page, 'live-05-password-desktop', DESKTOP);
    await page.setViewportSize(DESKTOP);

    await page.locator('#pw-done').click();
    assert.equal(await page.locator('dialog[open]').count(), 0);
    assert.equal(await text(page, '#pw-value'), '', 'the password is gone from the page');

    // The new password works against the cluster, over TLS verified with the CA the page showed.
    const address = await text(page, '.conn-address');
    const ca = await page.locator('#conn-ca').inputValue();
    const [host, port] = [address.replace(/:\d+$/, ''), Number(address.split(':').pop())];
    const c = new pg.Client({ host, port, user: 'dbadmin', password, database: 'defaultdb', ssl: { ca, rejectUnauthorized: true } });
    await c.connect();
    try {
      const r = await c.query<{ u: string }>('SELECT current_user AS u');
      assert.equal(r.rows[0]?.u, 'dbadmin');
    } finally {
      await c.end();
    }
    assert.deepEqual(problems, []);
  });

  it('turns to "Not safe to operate" when a node dies', async () => {
    const { page } = admin;
    await go(page, `#/clusters/${name}`);
    await page.locator('#cl-verdict.verdict-good').waitFor({ timeout: 30_000 });
    const victim = clusterPids().find((p) => p.node.startsWith('127.'));
    assert.ok(victim, 'a node pid file');
    await killNode(name, victim.node);
    // Its liveness record expires (9 s) and the panel polls every 10 s.
    await page.locator('#cl-verdict.verdict-bad').waitFor({ timeout: 60_000 });
    assert.equal(await text(page, '#cl-verdict .verdict-text'), 'Not safe to operate');
    const reasons = await page.locator('#cl-reasons li').allTextContents();
    assert.ok(reasons.some((r) => r.includes(victim.node) && /not live/.test(r)), reasons.join('\n'));
    await page.locator('#cl-nodes tbody tr', { hasText: victim.node }).locator('.badge', { hasText: 'dead' }).waitFor();
    assert.equal(await text(page, '#cl-live-nodes'), '2/3');
    await shot(page, 'live-06-not-safe-desktop', DESKTOP);
  });

  it('says "Cluster unreachable" with every address tried when no node or load balancer answers', async () => {
    const { page } = admin;
    for (const p of clusterPids()) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    await go(page, `#/clusters/${name}`);
    await page.locator('#cl-unreachable').waitFor({ timeout: 30_000 });
    const box = await text(page, '#cl-unreachable');
    assert.match(box, new RegExp(`Cluster "${name}" is unreachable`));
    for (const p of clusterPids().filter((x) => x.node.startsWith('127.'))) assert.ok(box.includes(p.node), `${p.node} listed in: ${box}`);
    await shot(page, 'live-07-unreachable-desktop', DESKTOP);
    await shot(page, 'live-08-unreachable-phone', PHONE);
    await assertNoSidewaysScroll(page, 'unreachable on a phone');
    await page.setViewportSize(DESKTOP);
  });

  it('deletes the cluster, which stops its nodes and load balancers', async () => {
    const { page, problems } = admin;
    const pids = clusterPids().map((p) => p.pid);
    assert.ok(pids.length >= 3, `pids: ${pids.join(', ')}`);
    await page.locator('#cd-delete').click();
    await page.locator('#del-confirm').fill(name);
    await page.locator('#del-submit').click();
    await page.locator('.toast').first().waitFor();
    assert.match(await text(page, '.toast'), new RegExp(`Cluster ${name} is being deleted`));
    await page.waitForFunction(
      () => document.querySelector('#cd-status')?.textContent === 'DELETED' || !!document.querySelector('.empty h2')?.textContent?.includes('not found'),
      null,
      { timeout: 240_000 },
    );
    const deadline = Date.now() + 30_000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.deepEqual(pids.filter(alive), [], 'every process of the cluster stopped');
    assert.deepEqual(problems, []);
  });
});
