// Database access in the web console, end to end, against the BUILT cp and a REAL (stand-in) cluster deployed by the
// fixture playbooks: the admin creates database `app` (its template roles appear on the cluster), creates a user with
// a role (the generated password is shown once and logs in), grants and revokes with the multi-select, sees a role
// made by hand as "unknown to cp" and a dropped generated role as "missing on cluster" in the drift panel, fixes it
// (dry run first), deletes the database after the dry-run list in the typed confirmation, and a viewer sees every page
// read-only with no error. The cluster is deleted at the end. Screenshots at 1280×800 and 390×844 go to
// test-results/screenshots/access-*.png.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { createPgDb } from '../../src/infra/db/pg-db.js';
import { insertRoleTemplate } from '../../src/repositories/database-role-templates.repository.js';
import { createBody, destroyTestCluster, dropStandinCluster, installFixturePlaybooks, seedClusterConfig, testAnsibleSettings } from '../helpers/clusters.js';
import { launchBrowser, openPage, SCREENSHOT_DIR, signIn, viewLoaded, type ConsolePage, type E2eBrowser } from './helpers/browser.js';
import { startCp, type CpProcess } from './helpers/cp-process.js';

const name = `acc-${randomBytes(3).toString('hex')}`;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
let cp: CpProcess;
let b: E2eBrowser;
let admin: ConsolePage;
let conn = { host: '', port: 26257, ca: '', password: '' };

const go = async (page: Page, hash: string) => {
  await page.evaluate((h) => (location.hash = h), hash);
  await viewLoaded(page);
};
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
const shot = async (page: Page, file: string, viewport: { width: number; height: number }) => {
  await page.setViewportSize(viewport);
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${file}.png`, fullPage: true });
};
const assertNoSidewaysScroll = async (page: Page, what: string) => {
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(w.doc <= w.view, `${what}: the page is ${w.doc}px wide in a ${w.view}px viewport`);
};
/** Both screenshots and the sideways check, back at desktop size. */
const shots = async (page: Page, file: string) => {
  // Toasts are transient; they would hide the page under them in the screenshots.
  for (const close of await page.locator('.toast-close').all()) await close.click().catch(() => undefined);
  await shot(page, `${file}-desktop`, DESKTOP);
  await shot(page, `${file}-phone`, PHONE);
  await assertNoSidewaysScroll(page, `${file} on a phone`);
  await page.setViewportSize(DESKTOP);
};
/** An API call from the signed-in page (cookie + CSRF), for setup only. */
const apiCall = async (page: Page, method: string, url: string, body?: unknown) =>
  page.evaluate(async ({ method, url, body }) => {
    const me = (await (await fetch('/api/auth/me')).json()) as { csrf_token: string };
    const r = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', 'x-cp-csrf': me.csrf_token },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, body: await r.text() };
  }, { method, url, body });

const connect = async (user: string, password: string) => {
  const c = new pg.Client({ host: conn.host, port: conn.port, user, password, database: 'defaultdb', ssl: { ca: conn.ca }, connectionTimeoutMillis: 5_000 });
  await c.connect();
  return c;
};
/** Straight on the cluster, as its admin user (not through cp). */
const direct = async <R extends pg.QueryResultRow>(sql: string) => {
  const c = await connect('dbadmin', conn.password);
  try {
    return (await c.query<R>(sql)).rows;
  } finally {
    await c.end().catch(() => undefined);
  }
};
const roleNames = async () => (await direct<{ username: string }>('SHOW ROLES')).map((r) => r.username);
const memberOf = async (user: string) => {
  const row = (await direct<{ username: string; member_of: string | string[] }>('SHOW ROLES')).find((r) => r.username === user);
  const m = row?.member_of ?? [];
  return Array.isArray(m) ? m : String(m).replace(/[{}]/g, '').split(',').filter(Boolean);
};

before(async () => {
  const ansible = testAnsibleSettings();
  cp = await startCp({
    CP_ANSIBLE_PLAYBOOK_BIN: ansible.playbookBin,
    CP_ANSIBLE_SSH_KEY: ansible.sshKeyPath ?? '',
    CP_ANSIBLE_SSH_ARGS: ansible.sshArgs ?? '',
  });
  const db = createPgDb({ connectionString: cp.db.url, poolMax: 1 });
  await seedClusterConfig(db);
  await installFixturePlaybooks(db);
  await insertRoleTemplate(db, { name: 'readwrite', scope_type: 'database', description: '',
    sql_statement: 'CREATE ROLE IF NOT EXISTS {database_role}; GRANT CONNECT, CREATE ON DATABASE {database_name} TO {database_role};' }, 'test');
  await insertRoleTemplate(db, { name: 'readonly', scope_type: 'database', description: '',
    sql_statement: 'CREATE ROLE IF NOT EXISTS {database_role}; GRANT CONNECT ON DATABASE {database_name} TO {database_role};' }, 'test');
  await db.close();
  b = await launchBrowser();
  admin = await openPage(b.browser);
});

after(async () => {
  await b?.close();
  await cp?.stop();
  await destroyTestCluster(name);
  await dropStandinCluster(conn.ca);
});

describe('database access in the console on a real cluster', () => {
  it('creates a cluster (group team-a) and waits for ACTIVE', async () => {
    const { page } = admin;
    await signIn(page, cp.url, 'admin', '#/clusters');
    const res = await apiCall(page, 'POST', '/api/clusters', createBody(name, { version: 'v24.1.3' }));
    assert.equal(res.status, 202, res.body);
    await go(page, `#/clusters/${name}`);
    await page.waitForFunction(() => document.querySelector('#cd-status')?.textContent === 'ACTIVE', null, { timeout: 240_000 });
    for (const key of ['databases', 'users', 'roles']) await page.locator(`a[href="#/clusters/${name}/${key}"]`).first().waitFor();
    const c = JSON.parse((await apiCall(page, 'GET', `/api/clusters/${name}/connection`)).body) as { regions: { host: string; port: number }[]; ca_cert: string };
    const pw = JSON.parse((await apiCall(page, 'POST', `/api/clusters/${name}/connection/password`)).body) as { password: string };
    conn = { host: c.regions[0]?.host ?? '', port: c.regions[0]?.port ?? 26257, ca: c.ca_cert, password: pw.password };
    assert.ok(conn.host && conn.password);
  });

  it('creates database app: its template roles appear, on the cluster too', async () => {
    const { page, problems } = admin;
    await go(page, `#/clusters/${name}/databases`);
    await page.locator('#db-create').click();
    // Bad input: the server's rule next to the field, nothing on the cluster.
    await page.locator('#cdb-name').fill('Bad"; DROP');
    await page.locator('#cdb-submit').click();
    await page.locator('#cdb-error').waitFor();
    assert.ok((await text(page, '#cdb-error')).length > 0);
    await page.locator('#cdb-name').fill('app');
    await page.locator('#cdb-submit').click();
    await page.locator('#dbs-table tr[data-db="app"]').waitFor();
    const row = page.locator('#dbs-table tr[data-db="app"]');
    assert.match((await row.textContent()) ?? '', /created by cp/);
    assert.match((await row.textContent()) ?? '', /on cluster/);
    assert.match((await row.textContent()) ?? '', /app_readwrite/);
    const roles = await roleNames();
    for (const r of ['app_readwrite', 'app_readonly']) assert.ok(roles.includes(r), `${r} on the cluster: ${roles.join(', ')}`);
    await page.locator('#drift-in-sync').waitFor({ timeout: 30_000 });
    await shots(page, 'access-01-databases');
    assert.deepEqual(problems, []);
  });

  it('creates user alice with app_readwrite: the generated password is shown once and logs in', async () => {
    const { page } = admin;
    await go(page, `#/clusters/${name}/users`);
    await page.locator('#users-table').waitFor();
    // protected users are badged and have no controls
    const root = page.locator('#users-table tr[data-user="root"]');
    assert.match((await root.textContent()) ?? '', /protected/);
    assert.equal(await root.locator('button').count(), 0);
    await page.locator('#user-create').click();
    await page.locator('#cu-name').fill('alice');
    await page.locator('#cu-roles label', { hasText: 'app_readwrite' }).locator('input').check();
    await shot(page, 'access-02-create-user-desktop', DESKTOP);
    await page.locator('#cu-submit').click();
    await page.locator('#us-value').waitFor({ timeout: 30_000 });
    const password = await text(page, '#us-value');
    assert.ok(password.length >= 16, `generated password (${password.length} chars)`);
    await page.locator('#us-copy').click();
    await page.locator('[role="status"] .good', { hasText: 'Copied' }).waitFor();
    await shots(page, 'access-03-password-once');
    await page.locator('#us-done').click();
    assert.equal(await text(page, '#us-value'), '', 'the password is gone from the page');
    const c = await connect('alice', password);
    await c.end();
    assert.ok((await memberOf('alice')).includes('app_readwrite'));
    const row = page.locator('#users-table tr[data-user="alice"]');
    await row.locator('.role-chip', { hasText: 'app_readwrite' }).waitFor();
    assert.match((await row.textContent()) ?? '', /managed by cp/);
  });

  it('grants and revokes roles with the multi-select', async () => {
    const { page, problems } = admin;
    const row = page.locator('#users-table tr[data-user="alice"]');
    await row.locator('button', { hasText: 'Grant' }).click();
    await page.locator('#gr-roles').selectOption(['app_readonly']);
    await page.locator('#gr-submit').click();
    await row.locator('.role-chip', { hasText: 'app_readonly' }).waitFor();
    assert.ok((await memberOf('alice')).includes('app_readonly'));
    await shots(page, 'access-04-users');
    await row.locator('button', { hasText: 'Revoke' }).click();
    await page.locator('#gr-roles').selectOption(['app_readonly', 'app_readwrite']);
    await page.locator('#gr-submit').click();
    await page.waitForFunction(() => document.querySelectorAll('#users-table tr[data-user="alice"] .role-chip').length === 0, null, { timeout: 30_000 });
    const m = await memberOf('alice');
    assert.ok(!m.includes('app_readonly') && !m.includes('app_readwrite'), m.join(','));
    // give the role back for the delete dry run
    await row.locator('button', { hasText: 'Grant' }).click();
    await page.locator('#gr-roles').selectOption(['app_readwrite']);
    await page.locator('#gr-submit').click();
    await row.locator('.role-chip', { hasText: 'app_readwrite' }).waitFor();
    assert.deepEqual(problems, []);
  });

  it('shows the generated roles with template, scope, SQL and members', async () => {
    const { page } = admin;
    await go(page, `#/clusters/${name}/roles`);
    const card = page.locator('.role-card[data-role="app_readwrite"]');
    await card.waitFor();
    const t = (await card.textContent()) ?? '';
    assert.match(t, /readwrite/);
    assert.match(t, /database app/);
    assert.match(t, /alice/);
    await page.locator('#roles-sync').click();
    await page.locator('#roles-sync-result').waitFor({ timeout: 30_000 });
    // IdP group mappings: the editor says whether the cluster applied them (or why not), the card shows the state.
    await card.locator('button', { hasText: 'Edit groups' }).click();
    await page.locator('#gm-groups').fill('db-team\nanalysts');
    await page.locator('#gm-submit').click();
    await page.locator('#gm-result').waitFor({ timeout: 30_000 });
    assert.match(await text(page, '#gm-result'), /Applied on the cluster|Stored, not applied: \S/);
    await shot(page, 'access-05b-group-mappings-desktop', DESKTOP);
    await page.setViewportSize(DESKTOP);
    await page.locator('#gm-title').locator('xpath=../..').locator('button', { hasText: 'Close' }).click();
    assert.match((await card.locator('.role-groups').textContent()) ?? '', /db-team, analysts|analysts, db-team/);
    await shots(page, 'access-05-roles');
  });

  it('drift: a hand-made role is "unknown to cp", a dropped generated role is "missing on cluster"; Fix restores it', async () => {
    const { page } = admin;
    await direct('CREATE ROLE handmade');
    await direct('REVOKE CONNECT ON DATABASE app FROM app_readonly');
    await direct('DROP ROLE app_readonly');
    await go(page, `#/clusters/${name}/databases`);
    await page.locator('#drift-list').waitFor({ timeout: 30_000 });
    const list = page.locator('#drift-list');
    await list.locator('li[data-kind="unknown_to_cp"]', { hasText: 'handmade' }).waitFor();
    await list.locator('li[data-kind="missing_on_cluster"]', { hasText: 'app_readonly' }).waitFor();
    await shots(page, 'access-06-drift');
    await page.locator('#drift-fix').click();
    await page.locator('#fx-actions li').first().waitFor({ timeout: 30_000 });
    assert.match((await page.locator('#fx-actions').textContent()) ?? '', /app_readonly/);
    await shot(page, 'access-07-drift-fix-desktop', DESKTOP);
    await page.locator('#fx-submit').click();
    await page.waitForFunction(() => !document.querySelector('dialog[open]'), null, { timeout: 30_000 });
    await page.waitForFunction(() => !document.querySelector('#drift-list li[data-kind="missing_on_cluster"]'), null, { timeout: 30_000 });
    assert.ok((await roleNames()).includes('app_readonly'), 'fix restored the role on the cluster');
  });

  it('shows a viewer every page read-only, without errors', async () => {
    const viewer = await openPage(b.browser);
    try {
      const { page, problems } = viewer;
      await signIn(page, cp.url, 'viewer', `#/clusters/${name}/databases`);
      await viewLoaded(page);
      await page.locator('#dbs-table').waitFor({ timeout: 30_000 });
      assert.equal(await page.locator('#db-create, #dbs-table button, #drift-fix').count(), 0);
      await go(page, `#/clusters/${name}/users`);
      await page.locator('#users-table tr[data-user="alice"]').waitFor();
      assert.equal(await page.locator('#user-create, #users-table button').count(), 0);
      await go(page, `#/clusters/${name}/roles`);
      await page.locator('.role-card').first().waitFor();
      assert.equal(await page.locator('#roles-sync, .role-card button').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await viewer.page.context().close();
    }
  });

  it('deletes database app after the dry-run list in the typed confirmation', async () => {
    const { page } = admin;
    await go(page, `#/clusters/${name}/databases`);
    await page.locator('#dbs-table tr[data-db="app"] button', { hasText: 'Delete' }).click();
    await page.locator('#ddb-plan').waitFor({ timeout: 30_000 });
    assert.match(await text(page, '#ddb-roles'), /app_readwrite/);
    assert.match(await text(page, '#ddb-revokes'), /alice loses app_readwrite/);
    assert.ok(await page.locator('#ddb-submit').isDisabled());
    await page.locator('#ddb-confirm').fill('app');
    await shots(page, 'access-08-delete-database');
    await page.locator('#ddb-submit').click();
    await page.waitForFunction(() => !document.querySelector('#dbs-table tr[data-db="app"]'), null, { timeout: 60_000 });
    const roles = await roleNames();
    assert.ok(!roles.includes('app_readwrite') && !roles.includes('app_readonly'), roles.join(', '));
  });

  it('deletes the cluster', async () => {
    const { page } = admin;
    await go(page, `#/clusters/${name}`);
    await page.locator('#cd-delete').click();
    await page.locator('#del-confirm').fill(name);
    await page.locator('#del-submit').click();
    await page.waitForFunction(
      () => document.querySelector('#cd-status')?.textContent === 'DELETED' || !!document.querySelector('.empty h2')?.textContent?.includes('not found'),
      null,
      { timeout: 240_000 },
    );
  });
});
