// A tracking server backed by PostgreSQL, the configuration teams run (docs/mlflow-server.md):
// Debian's postgresql started in a temporary folder (tests/server/postgres.ts), `mlflow server
// --backend-store-uri postgresql://…`, populated by MLflow's own client. In the browser: the
// experiment is listed with its runs, a filter's metric and LIKE clauses are sent to the server
// (PostgreSQL evaluates them; its LIKE, unlike SQLite's, minds case) and the right runs come back,
// and a zoom draws every point MLflow's client logged in the zoomed range.
import config from '../../playwright.config';
import { python, startMlflowServer, type MlflowTestServer } from '../server/harness';
import { startPostgres, type TestPostgres } from '../server/postgres';
import { test, expect, screenshotPath } from './fixtures';

const appPort = new URL(String(config.use?.baseURL)).port;
const ORIGIN = `http://runlens.test:${appPort}`;
const base = config.use?.launchOptions ?? {};
const RUNS = 4;
const POINTS = 2_000;

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

let postgres: TestPostgres | undefined;
let server: MlflowTestServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  postgres = await startPostgres();
  server = await startMlflowServer({
    backendStoreUri: postgres.uri,
    extraArgs: ['--cors-allowed-origins', ORIGIN]
  });
  // paired-000..003: `loss` (1/(step+1) + i) and `lr` at steps 0..POINTS-1.
  await python(
    'log_more.py',
    [server.url, 'paired', String(RUNS), String(POINTS)],
    server.clientEnv
  );
});

test.afterAll(async () => {
  await server?.stop();
  server?.cleanup();
  await postgres?.stop();
});

test('a PostgreSQL-backed server: listing, a pushed-down filter, every point when zoomed', async ({
  page
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  const filters: string[] = [];
  /** The metric of each get-history request (every point). */
  const full: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('/runs/search')) {
      const body = JSON.parse(r.postData() ?? '{}') as { filter?: string };
      filters.push(body.filter ?? '');
    }
    if (path.endsWith('/metrics/get-history')) {
      full.push(new URL(r.url()).searchParams.get('metric_key') ?? '');
    }
  });

  await page.goto('/');
  await page.getByTestId('server-connect-open').click();
  await page.getByTestId('server-address').fill(server!.url);
  await page.getByTestId('server-connect').click();
  const listed = page.getByTestId('server-experiment').filter({ hasText: 'paired' });
  await expect(listed).toContainText(`${RUNS} runs`);

  // Latest loss is about i: runs 2 and 3 pass `> 1.5`. Both clauses go to the server (and are
  // checked again over its answer); a wrong-case LIKE would match nothing on PostgreSQL.
  await page.getByTestId('server-filter').fill('metrics.loss > 1.5 AND run_name LIKE "paired-%"');
  await expect(page.getByTestId('server-filter-split')).toContainText('On the server:');
  await expect(page.getByTestId('server-filter-split')).toContainText('metrics.loss > 1.5');
  filters.length = 0;
  await listed.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 120_000
  });
  expect(filters.length).toBeGreaterThan(0);
  for (const sent of filters) {
    expect(sent).toContain('metrics.');
    expect(sent).toContain('LIKE');
  }
  await page.goto('/');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '2');
  for (const name of ['paired-002', 'paired-003'])
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();

  // The chart: MLflow's sampled overview first, then every point of the zoomed range.
  const boxes = page.getByTestId('run-row').getByRole('checkbox');
  await boxes.nth(0).click();
  await boxes.nth(1).click({ modifiers: ['Shift'] });
  await page.getByTestId('compare-button').click();
  const chart = page.locator('[data-testid=metric-chart][data-metric=loss]');
  const note = chart.getByTestId('points-note');
  await expect(note).toContainText('sampled:');
  expect(full).toEqual([]);
  const box = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(note).not.toContainText('sampled', { timeout: 60_000 });
  // loss of both runs (the grid zooms its lr chart along, which may fetch lr's too).
  expect(full.filter((m) => m === 'loss')).toHaveLength(2);
  // Every run logged every step 0..POINTS-1: the points in range are the whole steps in it
  // (the range read again each time: the chart says which range its note counts).
  const expected = async () => {
    const [lo, hi] = (await chart.getAttribute('data-x-range'))!.split(',').map(Number);
    const steps = Math.min(POINTS - 1, Math.floor(hi!)) - Math.max(0, Math.ceil(lo!)) + 1;
    return 2 * steps;
  };
  const drawn = async () => {
    const match = /([\d,]+) points/.exec((await note.textContent()) ?? '');
    return match ? Number(match[1]!.replaceAll(',', '')) : NaN;
  };
  expect(await expected()).toBeGreaterThan(200);
  await expect.poll(async () => (await drawn()) - (await expected())).toBe(0);
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('mlflow-server-postgres-zoomed') });
});
