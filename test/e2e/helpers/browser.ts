// One headless Debian Chromium (flags from shared/facts/environment.md §2.9) per test file, a 1280×800 page (the
// smallest laptop screen the console supports) that records console errors and CSP violations, screenshots into
// test-results/screenshots/, and sign-in through the embedded development IdP.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = 'test-results/screenshots';
const LOCK = 'test-results/.chromium.lock';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** One Chromium at a time on this machine: e2e files run in parallel with other tests but take turns here. */
const acquireLock = async () => {
  mkdirSync('test-results', { recursive: true });
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      return;
    } catch {
      const holder = Number(readFileSync(LOCK, 'utf8') || 0);
      if (!holder || !alive(holder)) rmSync(LOCK, { force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
};

export type E2eBrowser = { browser: Browser; close: () => Promise<void> };

export const launchBrowser = async (): Promise<E2eBrowser> => {
  await acquireLock();
  try {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return {
      browser,
      close: async () => {
        await browser.close();
        rmSync(LOCK, { force: true });
      },
    };
  } catch (err) {
    rmSync(LOCK, { force: true });
    throw err;
  }
};

export type ConsolePage = { page: Page; problems: string[] };

/** A fresh context (own cookies) with a page that collects page errors, console errors and CSP violations. */
export const openPage = async (browser: Browser): Promise<ConsolePage> => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // HTTP errors of API calls surface as "Failed to load resource"; tests assert those through the UI instead.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  return { page, problems };
};

export const screenshot = async (page: Page, name: string) => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` });
};

/** Opens the console, follows "Sign in", picks the dev IdP account and waits for the signed-in shell. */
export const signIn = async (page: Page, baseUrl: string, account: 'admin' | 'operator' | 'viewer', hash = '#/dashboard') => {
  await page.goto(`${baseUrl}/${hash}`);
  await page.locator('#login-link').click();
  await page.locator(`button[name="login"][value="${account}"]`).click();
  await page.locator('.user-chip').waitFor();
};

/** Waits until a view's first load finished (its loading block is gone). */
export const viewLoaded = async (page: Page) => {
  await page.locator('#views section.view').first().waitFor();
  await page.waitForFunction(() => ![...document.querySelectorAll('#views .loading-block')].some((el) => (el as HTMLElement).offsetParent !== null));
};
