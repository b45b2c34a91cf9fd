// The web console in headless Chromium against a real, built cp with the embedded development IdP: sign-in, the
// admin pages with the first-run data, a setting edited and reset, an API key created (secret shown once) and
// deleted, keyboard-accessible dialogs, and role-aware UI (a viewer sees no mutating control, an operator sees
// cluster actions but no Admin). Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signIn, viewLoaded, type E2eBrowser } from './helpers/browser.js';
import { startCp, type CpProcess } from './helpers/cp-process.js';

let cp: CpProcess;
let b: E2eBrowser;

before(async () => {
  cp = await startCp();
  b = await launchBrowser();
});
after(async () => {
  await b?.close();
  await cp?.stop();
});

const go = async (page: Page, hash: string) => {
  await page.evaluate((h) => (location.hash = h), hash);
  await viewLoaded(page);
};

const insertCluster = async (id: string, grp: string) => {
  const c = new pg.Client({ connectionString: cp.db.url });
  await c.connect();
  await c.query(
    `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, regions, cluster_inventory,
       lbs_inventory, created_by, updated_by)
     VALUES ($1, $2, 'ACTIVE', 'v25.2.5', 3, 4, 100, ARRAY['local:dc1'], $3, $4, 'e2e', 'e2e')`,
    [id, grp, JSON.stringify([{ cloud: 'local', region: 'dc1', nodes: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] }]),
      JSON.stringify([{ cloud: 'local', region: 'dc1', dns_address: `${id}.lb.example.internal` }])],
  );
  await c.end();
};

describe('web console', () => {
  it('shows a stranger the sign-in screen, under the strict CSP without errors', async () => {
    const { page, problems } = await openPage(b.browser);
    await page.goto(`${cp.url}/#/clusters`);
    await page.locator('#login-link').waitFor();
    const href = await page.locator('#login-link').getAttribute('href');
    assert.match(href ?? '', /^\/api\/auth\/login\?next=%2F%23%2Fclusters/);
    await screenshot(page, '00-sign-in');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('signs the admin in through the dev IdP and shows a populated console', async () => {
    const { page, problems } = await openPage(b.browser);
    await signIn(page, cp.url, 'admin');
    assert.ok(await page.locator('.dev-idp').isVisible(), 'the dev IdP is flagged in the top bar');
    assert.deepEqual(await page.locator('.nav-pill').allTextContents(), ['Dashboard', 'Clusters', 'Jobs', 'Events', 'Admin']);
    await viewLoaded(page);
    await page.locator('#card-clusters .stat-num').first().waitFor();
    assert.equal(await page.locator('#card-clusters .stat-num').first().textContent(), '0');
    await screenshot(page, '01-dashboard');

    await go(page, '#/clusters');
    assert.ok(await page.locator('#create-cluster').isVisible());
    await screenshot(page, '02-clusters-empty');

    await go(page, '#/admin');
    assert.equal(await page.locator('.admin-card').count(), 9);
    await screenshot(page, '10-admin');

    await go(page, '#/admin/versions');
    assert.ok((await page.locator('#ol-table tbody tr').count()) > 0, 'seeded versions are listed');
    await screenshot(page, '11-versions');
    await go(page, '#/admin/node-counts');
    assert.ok((await page.locator('#ol-table tbody tr').count()) > 0, 'seeded node counts are listed');
    await go(page, '#/admin/regions');
    await screenshot(page, '12-regions');

    await go(page, '#/admin/playbooks');
    await page.locator('.cm-content').waitFor();
    assert.match((await page.locator('.cm-content').textContent()) ?? '', /hosts/, 'the YAML editor shows the playbook');
    await screenshot(page, '14-playbooks');
    assert.deepEqual(problems, [], 'no console error or CSP violation on any page (CodeMirror included)');
    await page.context().close();
  });

  it('lets the admin edit a setting and reset it to its default', async () => {
    const { page, problems } = await openPage(b.browser);
    await signIn(page, cp.url, 'admin', '#/admin/settings');
    await viewLoaded(page);
    const row = page.locator('tr[data-key="cluster.healthcheck_timeout_seconds"]');
    await row.locator('input[type=number]').fill('7');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.locator('.toast-ok', { hasText: 'Saved cluster.healthcheck_timeout_seconds' }).waitFor();
    await page.reload();
    await viewLoaded(page);
    assert.equal(await row.locator('input[type=number]').inputValue(), '7');
    assert.equal(await row.locator('.wait').textContent(), 'override');
    const secret = page.locator('tr[data-key="oidc.client_secret"]');
    assert.equal(await secret.locator('input[type=password]').inputValue(), '', 'secrets are never read back');
    assert.equal(await secret.locator('.badge').textContent(), 'not set');
    await screenshot(page, '15-settings');

    await row.getByRole('button', { name: 'Reset' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Reset' }).click();
    await page.locator('.toast-ok', { hasText: 'Reset cluster.healthcheck_timeout_seconds' }).waitFor();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('tr[data-key="cluster.healthcheck_timeout_seconds"] input')?.value === '5');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('lets the admin create an API key, reveal and copy its secret once, and delete it', async () => {
    const { page, problems } = await openPage(b.browser);
    await signIn(page, cp.url, 'admin', '#/admin/api-keys');
    await viewLoaded(page);
    await page.locator('#create-key').click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    // keyboard: focus stays inside the modal, Esc closes it
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), 'focus is trapped in the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' }).catch(() => undefined);
    assert.equal(await page.locator('dialog[open]').count(), 0, 'Esc closes the dialog');

    await page.locator('#create-key').click();
    await page.locator('#ck-groups').fill('team-a');
    await page.locator('#ck-desc').fill('e2e automation');
    await page.locator('#ck-submit').click();
    await page.locator('#sk-secret').waitFor();
    assert.match((await page.locator('#sk-secret').textContent()) ?? '', /^•+$/, 'hidden until revealed');
    await page.locator('#sk-reveal').click();
    const secret = (await page.locator('#sk-secret').textContent()) ?? '';
    assert.ok(secret.length >= 20 && !secret.includes('•'), 'the secret is revealed');
    await page.locator('#sk-copy').click();
    await page.locator('.toast-ok', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await screenshot(page, '16-api-key-secret');
    const accessKey = (await page.locator('#sk-access').textContent()) ?? '';
    await page.getByRole('button', { name: 'I have stored it' }).click();
    const row = page.locator('#keys-table tbody tr', { hasText: accessKey });
    await row.waitFor();
    assert.ok(!(await page.content()).includes(secret), 'the secret is gone from the page');
    await screenshot(page, '17-api-keys');

    await row.getByRole('button', { name: 'Delete' }).click();
    await page.locator('#dk-submit').click();
    await page.locator('.toast-ok', { hasText: `Deleted API key ${accessKey}` }).waitFor();
    await row.waitFor({ state: 'detached' });

    await go(page, '#/events');
    await page.locator('#events-table tbody tr', { hasText: 'API_KEY_CREATED' }).first().waitFor();
    await screenshot(page, '18-events');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('lets the admin version a playbook in the editor: save, promote, delete; and add a role template', async () => {
    const { page, problems } = await openPage(b.browser);
    await signIn(page, cp.url, 'admin', '#/admin/playbooks');
    await page.getByRole('tab', { name: 'DELETE_CLUSTER' }).click();
    await page.locator('.cm-content').waitFor();
    await page.waitForFunction(() => document.querySelector('#pb-version option:checked')?.textContent?.startsWith('v1'));
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# edited in the e2e test\n');
    await page.locator('input[aria-label="Version comment"]').fill('e2e edit');
    await page.locator('#pb-save').click();
    await page.locator('.toast-ok', { hasText: 'Saved a new version of DELETE_CLUSTER' }).waitFor();
    await page.waitForFunction(() => document.querySelector('#pb-version option:checked')?.textContent?.startsWith('v2'));
    assert.match((await page.locator('.cm-content').textContent()) ?? '', /# edited in the e2e test/);

    await page.locator('#pb-promote').click();
    await page.locator('.toast-ok', { hasText: 'v2 is now the default of DELETE_CLUSTER' }).waitFor();
    await page.waitForFunction(() => document.querySelector('#pb-version option:checked')?.textContent?.includes('(default, promoted)'));
    await page.locator('#pb-version').selectOption('1');
    await page.locator('#pb-delete').click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Delete' }).click();
    await page.locator('.toast-ok', { hasText: 'Deleted v1 of DELETE_CLUSTER' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#pb-version option').length === 1);

    await go(page, '#/admin/database-role-templates');
    await page.locator('#rt-add').click();
    await page.locator('dialog[open] .cm-content').waitFor();
    assert.match((await page.locator('dialog[open] .cm-content').textContent()) ?? '', /CREATE ROLE IF NOT EXISTS \{database_role\}/);
    await page.locator('#rt-name').fill('e2e_reader');
    await page.locator('dialog[open]').getByRole('button', { name: 'Create' }).click();
    await page.locator('#rt-table tbody tr', { hasText: 'e2e_reader' }).waitFor();
    await screenshot(page, '13-role-templates');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('shows a viewer no mutating control and no Admin', async () => {
    await insertCluster('team-a-orders', 'team-a');
    const { page, problems } = await openPage(b.browser);
    await signIn(page, cp.url, 'viewer', '#/clusters');
    await viewLoaded(page);
    assert.deepEqual(await page.locator('.nav-pill').allTextContents(), ['Dashboard', 'Clusters', 'Jobs', 'Events']);
    await page.locator('#clusters-table tbody tr', { hasText: 'team-a-orders' }).waitFor();
    assert.equal(await page.locator('#create-cluster').isVisible(), false);

    await go(page, '#/clusters/team-a-orders');
    await page.locator('#cd-status').waitFor();
    for (const id of ['#cd-scale', '#cd-upgrade', '#cd-finalize', '#cd-delete']) assert.equal(await page.locator(id).count(), 0, id);
    assert.equal(await page.locator('#views button.btn-danger, #views button.btn-primary').count(), 0, 'no mutating button at all');
    assert.match((await page.locator('.endpoint code').textContent()) ?? '', /team-a-orders\.lb\.example\.internal/);
    await screenshot(page, '20-viewer-cluster');

    await page.evaluate(() => (location.hash = '#/admin/settings'));
    await page.locator('.toast-error', { hasText: 'available only to admin users' }).waitFor();
    await page.waitForFunction(() => location.hash === '#/dashboard');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('shows an operator the cluster actions but no Admin', async () => {
    const { page, problems } = await openPage(b.browser);
    await signIn(page, cp.url, 'operator', '#/clusters/team-a-orders');
    await page.locator('#cd-status').waitFor();
    assert.equal(await page.locator('.nav-pill', { hasText: 'Admin' }).count(), 0);
    for (const id of ['#cd-scale', '#cd-upgrade', '#cd-delete']) assert.ok(await page.locator(id).isVisible(), id);
    await go(page, '#/clusters');
    assert.ok(await page.locator('#create-cluster').isVisible());

    // the session dialog, then sign-out (a POST: it carries the CSRF header)
    await page.locator('.user-chip').click();
    assert.match((await page.locator('dialog[open] .facts').textContent()) ?? '', /CP_USER/);
    await page.locator('#logout').click();
    await page.locator('#login-link').waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
