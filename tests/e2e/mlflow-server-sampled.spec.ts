// The sampled first draw in the browser against a real MLflow server (tests/server/harness.ts):
// opening an experiment lists its runs only (no history request); the chart of a metric fetches
// MLflow's sampled overview of it (one bulk-interval call, no get-history) and says it is sampled; a zoom fetches every point of the zoomed runs and the
// chart then draws every point MLflow's own client reads in that range (read_server.py);
// "Load every point" does the same without a zoom, and the note goes away. An x axis that is
// another metric gets that metric's overview too (the line pairs the two by step), and every
// point of both.
import config from '../../playwright.config';
import { python, startMlflowServer, type MlflowTestServer } from '../server/harness';
import { test, expect, screenshotPath } from './fixtures';
import type { Page } from '@playwright/test';

const appPort = new URL(String(config.use?.baseURL)).port;
const ORIGIN = `http://runlens.test:${appPort}`;
const base = config.use?.launchOptions ?? {};
const RUNS = 4;
const POINTS = 10_000;
/** Points of `loss` and of `lr` in each run of the `paired` experiment. */
const PAIRED_POINTS = 3_000;

test.use({
  baseURL: ORIGIN,
  launchOptions: {
    ...base,
    args: [
      ...(base.args ?? []),
      '--host-resolver-rules=MAP runlens.test 127.0.0.1',
      `--unsafely-treat-insecure-origin-as-secure=${ORIGIN}`
    ]
  }
});

let server: MlflowTestServer | undefined;
/** Every run's `loss` steps, as MLflow's client reads them (get_metric_history). */
let truthSteps: number[][] = [];

test.beforeAll(async () => {
  test.setTimeout(600_000);
  server = await startMlflowServer({ extraArgs: ['--cors-allowed-origins', ORIGIN] });
  await python('log_more.py', [server.url, 'long', String(RUNS), String(POINTS)], server.clientEnv);
  const view = JSON.parse(await python('read_server.py', [server.url, 'runs'], server.clientEnv));
  truthSteps = (view.runs as { metrics: { loss: [number, number, unknown][] } }[]).map((r) =>
    r.metrics.loss.map((p) => p[0])
  );
  // After reading `long` back: its runs are the only ones truthSteps holds.
  await python(
    'log_more.py',
    [server.url, 'paired', String(RUNS), String(PAIRED_POINTS)],
    server.clientEnv
  );
});

test.afterAll(async () => {
  await server?.stop();
  server?.cleanup();
});

const integer = new Intl.NumberFormat('en-US');

/** Counts the history requests the page sends, by endpoint. */
function historyRequests(page: Page) {
  const seen = { full: 0, sampled: 0 };
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('/metrics/get-history')) seen.full++;
    if (path.endsWith('/metrics/get-history-bulk-interval')) seen.sampled++;
  });
  return seen;
}

/** The metric of each history request the page sends, by endpoint, in order. */
function historyMetrics(page: Page) {
  const seen = { full: [] as string[], sampled: [] as string[] };
  page.on('request', (r) => {
    const url = new URL(r.url());
    const metric = url.searchParams.get('metric_key') ?? '';
    if (url.pathname.endsWith('/metrics/get-history')) seen.full.push(metric);
    if (url.pathname.endsWith('/metrics/get-history-bulk-interval')) seen.sampled.push(metric);
  });
  return seen;
}

async function openLong(page: Page, experiment = 'long') {
  await page.getByTestId('server-connect-open').click();
  await page.getByTestId('server-address').fill(server!.url);
  await page.getByTestId('server-connect').click();
  const listed = page.getByTestId('server-experiment').filter({ hasText: experiment });
  await expect(listed).toContainText(`${RUNS} runs`);
  await listed.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 120_000
  });
}

async function compareAll(page: Page) {
  await page.goto('/');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', String(RUNS));
  const boxes = page.getByTestId('run-row').getByRole('checkbox');
  await boxes.nth(0).click();
  await boxes.nth(RUNS - 1).click({ modifiers: ['Shift'] });
  await page.getByTestId('compare-button').click();
  await expect(page.getByRole('heading', { name: `Compare ${RUNS} runs` })).toBeVisible();
  return page.locator('[data-testid=metric-chart][data-metric=loss]');
}

test('sampled first draw; a zoom fetches every point and draws every point in range', async ({
  page
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const seen = historyRequests(page);
  await page.goto('/');
  await openLong(page);
  // Opening lists the runs only: no history request at all.
  expect(seen).toEqual({ full: 0, sampled: 0 });

  const chart = await compareAll(page);
  const note = chart.getByTestId('points-note');
  await expect(note).toContainText(
    /^sampled: [\d,]+ points of MLflow's overview — zoom or load every point/
  );
  // The chart fetched the overview of its metric: one bulk-interval call for the 4 runs.
  expect(seen).toEqual({ full: 0, sampled: 1 });
  await expect(chart.getByTestId('load-every-point')).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('mlflow-server-sampled-note') });
  expect(seen.full).toBe(0);

  // Zoom into the middle: the four histories are fetched whole, then the range is drawn.
  const box = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(note).not.toContainText('sampled', { timeout: 60_000 });
  expect(seen.full).toBe(RUNS);
  const [lo, hi] = (await chart.getAttribute('data-x-range'))!.split(',').map(Number);
  const inRange = truthSteps.reduce(
    (n, steps) => n + steps.filter((s) => s >= lo! && s <= hi!).length,
    0
  );
  expect(inRange).toBeGreaterThan(1000);
  await expect(note).toContainText(`${integer.format(inRange)} points`);
  await expect(chart.getByTestId('load-every-point')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('mlflow-server-sampled-zoomed') });

  // Zoomed out again: every point of every run, no note of sampling.
  await chart.getByRole('button', { name: 'Reset zoom' }).click();
  await expect(note).toContainText(`${integer.format(RUNS * POINTS)} points`);
  await expect(note).not.toContainText('sampled');
});

test('"Load every point" replaces the overview without a zoom', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const seen = historyRequests(page);
  await page.goto('/');
  await openLong(page);
  const chart = await compareAll(page);
  const note = chart.getByTestId('points-note');
  await expect(note).toContainText('sampled:');
  await chart.getByTestId('load-every-point').click();
  await expect(note).toContainText(`${integer.format(RUNS * POINTS)} points`, { timeout: 60_000 });
  await expect(note).not.toContainText('sampled');
  expect(seen.full).toBe(RUNS);
  await expect(chart).toHaveAttribute('data-x-range', '');
});

/** The point count a chart's note gives ("sampled: 1,280 points…" or "12,000 points…"). */
async function notedPoints(note: ReturnType<Page['getByTestId']>): Promise<number> {
  const text = (await note.textContent()) ?? '';
  const match = /([\d,]+) points?/.exec(text);
  if (!match) throw new Error(`no point count in the note: ${text}`);
  return Number(match[1]!.replaceAll(',', ''));
}

test('an x axis that is another metric gets its overview, then every point of both', async ({
  page
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const seen = historyMetrics(page);
  await page.goto('/');
  await openLong(page, 'paired');
  // Charts picked earlier: loss only, so no panel of lr fetches lr's overview for its own draw.
  await page.evaluate(
    (key) => localStorage.setItem(key, JSON.stringify({ charts: ['loss'], chartsFor: null })),
    'runlens.compare.v1'
  );
  const chart = await compareAll(page);
  await expect(page.getByTestId('metric-picker')).toHaveText(/Charts: 1 of 2 metrics/);
  const note = chart.getByTestId('points-note');
  await expect(note).toContainText('sampled:');
  expect(seen.sampled).toEqual(['loss']);

  // x = lr: lr's overview is fetched (one call for the 4 runs), and the loss line pairs its
  // sampled steps with lr's, not with the one latest value runs/search listed.
  await page.getByTestId('chart-controls').getByLabel('X axis').selectOption('metric:lr');
  await expect(chart).toHaveAttribute('data-x-axis', 'metric');
  await expect.poll(() => seen.sampled).toEqual(['loss', 'lr']);
  await expect(note).toContainText('sampled:');
  await expect.poll(() => notedPoints(note)).toBeGreaterThanOrEqual(RUNS * 300);
  expect(seen.full).toEqual([]);
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('mlflow-server-sampled-x-metric') });

  // Load every point completes both metrics: every step of loss against every step of lr.
  await chart.getByTestId('load-every-point').click();
  await expect(note).not.toContainText('sampled', { timeout: 60_000 });
  expect([...seen.full].sort()).toEqual([
    ...Array<string>(RUNS).fill('loss'),
    ...Array<string>(RUNS).fill('lr')
  ]);
  expect(await notedPoints(note)).toBe(RUNS * PAIRED_POINTS);
});

test('a summary other than the last value fetches every point first', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const seen = historyMetrics(page);
  await page.goto('/');
  await openLong(page, 'paired');
  await compareAll(page);
  // The statistics section computes once it is scrolled near (WhenVisible): scrolled to, as a
  // person would. Waiting for its table alone hung whenever the charts above had grown first.
  await page.locator('#statistics').scrollIntoViewIfNeeded();
  const stats = page.getByTestId('stats-table');
  await stats.scrollIntoViewIfNeeded();
  // The last value is exact from the listing: the default summary costs no history request.
  await expect(stats.locator('tr', { hasText: 'loss' })).toContainText('paired-000');
  expect(seen.full).toEqual([]);

  // The best loss is the dip at step 1,337 (log_more.py paired), which MLflow's 320-point
  // overview leaves out: every point of loss is fetched for the 4 runs, then summarised.
  await page.getByTestId('stats-summary').selectOption('best');
  await expect(stats.locator('tr', { hasText: 'loss' })).toContainText('at step 1337', {
    timeout: 60_000
  });
  expect(seen.full.filter((m) => m === 'loss')).toHaveLength(RUNS);
  await expect(page.getByTestId('summary-every-point')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('mlflow-server-summary-every-point') });
});

test('the runs table marks min values of the overview until a run page loads every point', async ({
  page
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const seen = historyMetrics(page);
  await page.goto('/');
  await openLong(page, 'paired');
  await page.goto('/');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', String(RUNS));
  await page.getByText('Columns', { exact: true }).click();
  await page.getByLabel('Find a column').fill('loss');
  const box = page.getByRole('checkbox', { name: /^metric\s*loss\s/ });
  if (!(await box.isChecked())) await box.check();
  await page.getByText('Columns', { exact: true }).click();
  await page.getByRole('button', { name: 'Column options for metric · loss' }).click();
  await page.getByRole('menu').getByRole('combobox').selectOption('min');
  // Listed runs hold loss's latest value only: each min cell says it is not of every point.
  await expect(page.getByTestId('cell-sampled')).toHaveCount(RUNS);
  await expect(page.getByTestId('cell-sampled').first()).toHaveAttribute(
    'title',
    /of MLflow's sampled overview/
  );

  // A filter on the min says which runs it reads from the overview, as the cells do.
  const filter = page.getByTestId('run-filter');
  await filter.fill('min(metrics.loss) < 0');
  await expect(page.getByTestId('filter-sampled')).toContainText(
    `For ${RUNS} runs, min(metrics.loss) is read from a tracking server's sampled overview`
  );
  await filter.fill('metrics.loss < 100');
  await expect(page.getByTestId('filter-sampled')).toHaveCount(0);
  await filter.fill('');

  // paired-000's page loads every point of its metrics; its min is then the dip, unmarked.
  await page.getByRole('link', { name: 'paired-000', exact: true }).click();
  await expect.poll(() => seen.full.length, { timeout: 60_000 }).toBe(2);
  // Stored once the page's metrics table summarises every point (min: the dip).
  await expect(page.locator('main')).toContainText(/[-−]0\.499/, { timeout: 60_000 });
  await page.goto('/');
  const row = page.getByTestId('run-row').filter({ hasText: 'paired-000' });
  await expect(row).toContainText(/[-−]0\.499/);
  await expect(row.getByTestId('cell-sampled')).toHaveCount(0);
  await expect(page.getByTestId('cell-sampled')).toHaveCount(RUNS - 1);
  // Its dip now counts: the filter finds it, and reads the others' minimum from the overview.
  await filter.fill('min(metrics.loss) < 0');
  await expect(page.getByTestId('run-row').filter({ hasText: 'paired-000' })).toHaveCount(1);
  await expect(page.getByTestId('filter-sampled')).toContainText(`For ${RUNS - 1} runs,`);
  await page.screenshot({ path: screenshotPath('mlflow-server-filter-sampled') });
  await filter.fill('');
  await page.screenshot({ path: screenshotPath('mlflow-server-table-sampled') });
});

test("a chart's CSV of a sampled overview loads every point first", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const seen = historyRequests(page);
  await page.goto('/');
  await openLong(page);
  const chart = await compareAll(page);
  const note = chart.getByTestId('points-note');
  await expect(note).toContainText('sampled:');
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await chart.getByTestId('chart-export-csv').click();
  const file = await download;
  // The file is written once the four histories are whole, from the chart drawn from them.
  expect(seen.full).toBe(RUNS);
  await expect(note).not.toContainText('sampled');
  const csv = await (await import('node:fs/promises')).readFile(await file.path(), 'utf8');
  const header = csv.split('\n')[0]!;
  for (let i = 0; i < RUNS; i++) expect(header).toContain(`long-00${i}`);
});
