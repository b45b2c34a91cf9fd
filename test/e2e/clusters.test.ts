// A cluster's life in the web console, end to end, against the BUILT cp (`node dist/cli/cpctl.js serve`: API, job
// worker and scheduler in one process) with the dev IdP: the admin creates a cluster in the create dialog, follows
// its job's Ansible tasks streaming in on the job page until the cluster is ACTIVE (real ansible-playbook over SSH to
// the sshd test hosts of scripts/services.sh, fixture playbooks of test/fixtures/playbooks), scales it with a diff and
// the server's dry-run plan, looks at the upgrade targets, and deletes it with a typed confirmation. The playbooks
// start real CockroachDB stand-in nodes (tools/cockroach-standin), whose HTTPS /health?ready=1 cp probes.
// Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { destroyTestCluster } from '../helpers/clusters.js';
import { launchBrowser, openPage, screenshot, signIn, viewLoaded, type ConsolePage, type E2eBrowser } from './helpers/browser.js';
import { startClusterCp, type CpProcess } from './helpers/cp-process.js';

const name = `e2e-${randomBytes(3).toString('hex')}`;
let cp: CpProcess;
let b: E2eBrowser;
let tab: ConsolePage;

const waitStatus = (page: Page, status: string, timeout = 240_000) =>
  page.waitForFunction((s) => document.querySelector('#cd-status')?.textContent === s, status, { timeout });
const go = async (page: Page, hash: string) => {
  await page.evaluate((h) => (location.hash = h), hash);
  await viewLoaded(page);
};

before(async () => {
  cp = await startClusterCp();
  b = await launchBrowser();
  tab = await openPage(b.browser);
});

after(async () => {
  await b?.close();
  await cp?.stop();
  // DELETE_CLUSTER stops the nodes; if the suite failed before it, nothing may outlive it.
  await destroyTestCluster(name);
});

describe('cluster lifecycle in the web console', () => {
  it('creates a cluster and follows its job to ACTIVE', async () => {
    const { page } = tab;
    await signIn(page, cp.url, 'admin', '#/clusters');
    await viewLoaded(page);
    await page.locator('#create-cluster').click();
    await page.locator('#cc-version option[value="v24.1.3"]').waitFor({ state: 'attached' });
    assert.match(await page.locator('#cc-name').inputValue(), /^[a-z]+-[a-z]+$/, 'a name is suggested');
    await page.locator('#cc-name').fill('1-bad');
    await page.locator('#cc-submit').click();
    await page.locator('#cc-name-err').waitFor();
    await page.locator('#cc-name').fill(name);
    await page.locator('#cc-nodes').selectOption('1');
    await page.locator('.chip', { hasText: 'test:local' }).click();
    assert.match((await page.locator('.field-err', { hasText: 'minimum of 3' }).textContent()) ?? '', /1 region\(s\) × 1 node/);
    await page.locator('#cc-nodes').selectOption('3');
    await page.locator('#cc-cpus').selectOption('2');
    await page.locator('#cc-disk').selectOption('10');
    await page.locator('#cc-version').selectOption('v24.1.3');
    await screenshot(page, '03-create-cluster-dialog');
    await page.locator('#cc-submit').click();

    await page.waitForFunction((n) => location.hash === `#/clusters/${n}`, name);
    await page.locator('#cd-status').waitFor();
    await page.locator('#cd-active-job').waitFor();
    await screenshot(page, '04-cluster-creating');

    await page.locator('#cd-active-job').click();
    await page.locator('#job-tasks-table tbody tr').first().waitFor({ timeout: 60_000 });
    const whileRunning = await page.locator('#job-status').textContent();
    await page.waitForFunction(() => document.querySelector('#job-status')?.textContent === 'SUCCEEDED', null, { timeout: 240_000 });
    const tasks = await page.locator('#job-tasks-table tbody tr').allTextContents();
    assert.ok(tasks.some((t) => t.includes('PLAY RECAP')), tasks.join('\n'));
    assert.ok(['QUEUED', 'RUNNING', 'SUCCEEDED'].includes(whileRunning ?? ''), `status while streaming: ${whileRunning}`);
    assert.match((await page.locator('#job-duration').textContent()) ?? '', /^\d+(m \d+)?s$/);
    await screenshot(page, '05-job-detail');

    await go(page, `#/clusters/${name}`);
    await waitStatus(page, 'ACTIVE');
    const pills = await page.locator('.ip-pill').allTextContents();
    const prefix = pills[0]?.split('.').slice(0, 3).join('.') ?? '';
    assert.match(prefix, /^127\.[1-9]\d*\.\d+$/, 'each node has its own loopback address (never the sshd hosts\' 127.0.0.x)');
    assert.deepEqual(pills, [1, 2, 3].map((i) => `${prefix}.${i}`));
    assert.ok((await page.locator('.endpoint code').count()) > 0, 'an endpoint is shown');
    await page.locator('#cd-jobs-table tbody tr', { hasText: 'CREATE_CLUSTER' }).waitFor();
    await screenshot(page, '06-cluster-detail');
  });

  it('scales the cluster with a diff and the server plan', async () => {
    const { page } = tab;
    await page.locator('#cd-scale').click();
    await page.locator('#sc-nodes option[value="4"]').waitFor({ state: 'attached' });
    await page.locator('#sc-nodes').selectOption('4');
    assert.equal(await page.locator('#sc-diff li').textContent(), 'Nodes per region: 3 → 4');
    await page.locator('#sc-preview').click();
    await page.locator('#sc-plan li').first().waitFor();
    await screenshot(page, '07-scale-dialog');
    await page.locator('#sc-submit').click();
    await page.locator('.toast-ok', { hasText: `Scaling ${name}` }).waitFor();
    await waitStatus(page, 'ACTIVE');
    await page.waitForFunction(() => document.querySelectorAll('.ip-pill').length === 4, null, { timeout: 60_000 });
  });

  it('offers the allowed upgrade targets', async () => {
    const { page } = tab;
    await page.locator('#cd-upgrade').click();
    await page.locator('#up-version option').first().waitFor({ state: 'attached' });
    const targets = await page.locator('#up-version option').allTextContents();
    assert.ok(targets.includes('v24.1.4') && !targets.includes('v24.1.3'), targets.join(', '));
    await screenshot(page, '08-upgrade-dialog');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('dialog[open]').count(), 0);
  });

  it('lists the jobs and the dashboard counts', async () => {
    const { page } = tab;
    await go(page, '#/jobs');
    assert.ok((await page.locator('#jobs-table tbody tr').count()) >= 2);
    await screenshot(page, '09-jobs');
    await go(page, '#/dashboard');
    await page.waitForFunction(() => document.querySelector('#card-clusters .stat-num')?.textContent === '1');
    await screenshot(page, '01-dashboard-populated');
    await go(page, '#/clusters');
    await page.locator('#clusters-table tbody tr', { hasText: name }).waitFor();
    await screenshot(page, '02-clusters');
  });

  it('deletes the cluster after a typed confirmation', async () => {
    const { page, problems } = tab;
    await go(page, `#/clusters/${name}`);
    await waitStatus(page, 'ACTIVE');
    await page.locator('#cd-delete').click();
    await page.locator('#del-confirm').fill(name.slice(0, -1));
    assert.ok(await page.locator('#del-submit').isDisabled(), 'the wrong name does not arm the button');
    await page.locator('#del-confirm').fill(name);
    await page.locator('#del-submit').click();
    await page.locator('.toast-ok', { hasText: `Cluster ${name} is being deleted` }).waitFor();
    await page.waitForFunction(
      () => document.querySelector('#cd-status')?.textContent === 'DELETED' || !!document.querySelector('.empty h2')?.textContent?.includes('not found'),
      null,
      { timeout: 240_000 },
    );
    assert.deepEqual(problems, []);
  });
});
