// Web console budget (not a test; `npm run bench:webapp`, which builds first):
//   1. initial load: gzipped size of the JS and CSS that index.html loads (lazy chunks such as CodeMirror excluded);
//   2. clusters list: a real cp (built, PostgreSQL) with 1,000 clusters seeded straight into its database, signed in
//      as admin through the dev IdP in headless Chromium; time from navigating to #/clusters until all 1,000 rows are
//      in the DOM (API fetch + render), median of 5 runs.
// Last line, exactly: webapp initial_gzip_kb=<n> render_1000_ms=<n>
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { launchBrowser, openPage, signIn } from '../test/e2e/helpers/browser.js';
import { startCp } from '../test/e2e/helpers/cp-process.js';

// Runs in the page. A string, not a function: tsx (esbuild keepNames) would wrap a function's inner helpers in a
// __name() call that does not exist in the browser.
const MEASURE_CLUSTERS_RENDER = `new Promise((resolve, reject) => {
  const t0 = performance.now();
  location.hash = '#/clusters';
  const tick = () => {
    if (document.querySelectorAll('#clusters-table tbody tr').length >= 1000) resolve(performance.now() - t0);
    else if (performance.now() - t0 > 30000) reject(new Error('the clusters table never reached 1000 rows'));
    else requestAnimationFrame(tick);
  };
  tick();
})`;

const BUDGET_KB = 150;
const BUDGET_MS = 500;

const initialGzipKb = () => {
  const html = readFileSync('dist/webapp/index.html', 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  let bytes = gzipSync(html).length;
  for (const f of new Set(files)) {
    const gz = gzipSync(readFileSync(`dist/webapp/${f}`)).length;
    console.log(`  ${f}: ${(gz / 1024).toFixed(1)} KB gzipped`);
    bytes += gz;
  }
  return bytes / 1024;
};

const seedClusters = async (url: string, n: number) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(
    `INSERT INTO clusters (cluster_id, grp, status, version, node_count, node_cpus, disk_size, regions, created_by, updated_by)
     SELECT 'bench-' || lpad(i::text, 4, '0'), 'cp-admins',
            (ARRAY['ACTIVE','ACTIVE','ACTIVE','CREATING','SCALING','CREATE_FAILED'])[1 + i % 6],
            'v25.2.5', 3, (ARRAY[2,4,8])[1 + i % 3], 100, ARRAY['local:dc1'], 'bench', 'bench'
     FROM generate_series(1, $1::int) AS i`,
    [n],
  );
  await c.end();
};

const main = async () => {
  const kb = initialGzipKb();
  console.log(`initial load: ${kb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);

  const cp = await startCp();
  const b = await launchBrowser();
  const runs: number[] = [];
  try {
    await seedClusters(cp.db.url, 1000);
    const { page } = await openPage(b.browser);
    await signIn(page, cp.url, 'admin');
    for (let i = 0; i < 6; i++) {
      await page.evaluate(() => (location.hash = '#/dashboard'));
      await page.locator('#dash-title').waitFor();
      const ms = await page.evaluate<number>(MEASURE_CLUSTERS_RENDER);
      if (i > 0) runs.push(ms); // the first run warms caches
      console.log(`  render run ${i}: ${ms.toFixed(0)} ms`);
    }
  } finally {
    await b.close();
    await cp.stop();
  }
  runs.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)] ?? NaN;
  console.log(`clusters list, 1000 rows: median ${median.toFixed(0)} ms (budget ${BUDGET_MS} ms)`);
  console.log(`webapp initial_gzip_kb=${kb.toFixed(1)} render_1000_ms=${median.toFixed(0)}`);
};

await main();
