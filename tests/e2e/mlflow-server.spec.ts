// A live MLflow tracking server (tests/server/harness.ts: real `mlflow server` from .venv-test,
// filled by populate.py with MLflow's own client), read from the browser. MLflow always lets
// http://127.0.0.1:* and http://localhost:* origins through CORS, so the app is opened as
// http://runlens.test:<port> (Chromium maps the name to 127.0.0.1): a real cross-origin page, as
// a team's deployment is. One server allows that origin (--cors-allowed-origins), one does not.
import config from '../../playwright.config';
import { SEED, python, startMlflowServer, type MlflowTestServer } from '../server/harness';
import { test, expect, screenshotPath } from './fixtures';

const appPort = new URL(String(config.use?.baseURL)).port;
const ORIGIN = `http://runlens.test:${appPort}`;
const base = config.use?.launchOptions ?? {};

test.use({
  baseURL: ORIGIN,
  launchOptions: {
    ...base,
    args: [
      ...(base.args ?? []),
      '--host-resolver-rules=MAP runlens.test 127.0.0.1',
      // A secure context, as an https deployment is (workers, crypto.randomUUID, storage).
      `--unsafely-treat-insecure-origin-as-secure=${ORIGIN}`
    ]
  }
});

let allowing: MlflowTestServer | undefined;
let refusing: MlflowTestServer | undefined;

test.beforeAll(async () => {
  test.setTimeout(600_000);
  [allowing, refusing] = await Promise.all([
    startMlflowServer({ extraArgs: ['--cors-allowed-origins', ORIGIN] }),
    startMlflowServer()
  ]);
  await python('populate.py', [allowing.url, String(SEED)], allowing.clientEnv);
});

test.afterAll(async () => {
  for (const server of [allowing, refusing]) {
    await server?.stop();
    server?.cleanup();
  }
});

test('a server that does not allow this origin: the dialog names the cause and the flag', async ({
  page
}) => {
  await page.goto('/');
  await page.getByTestId('server-connect-open').click();
  await page.getByTestId('server-address').fill(refusing!.url);
  await page.getByTestId('server-connect').click();
  const error = page.getByTestId('server-error');
  await expect(error).toHaveAttribute('data-kind', 'cors', { timeout: 30_000 });
  await expect(page.getByTestId('server-fix')).toContainText(`--cors-allowed-origins ${ORIGIN}`);
  await page.screenshot({ path: screenshotPath('mlflow-server-refused') });
});

test('connect, list experiments, open one: server runs next to local runs', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');

  const open = async () => {
    await page.getByTestId('server-connect-open').click();
    await page.getByTestId('server-address').fill(allowing!.url);
    await page.getByTestId('server-connect').click();
    const listed = page.getByTestId('server-experiment');
    await expect(listed.filter({ hasText: 'runlens-server' })).toContainText('14 runs');
    await expect(listed.filter({ hasText: 'second' })).toContainText('3 runs');
    await listed
      .filter({ hasText: 'runlens-server' })
      .getByRole('button', { name: 'Open' })
      .click();
    await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
      timeout: 120_000
    });
  };
  await open();
  await expect(page.getByTestId('import-status')).toContainText(
    /^.*14 runs in 1 experiment, [\d,]+ metric points\./s
  );
  // 14 active runs of the experiment (the deleted one is left out) next to the 33 local ones.
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '47');
  for (const name of ['sweep', 'trial-00', 'trial-03-refit']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByText('MLflow server').first()).toBeVisible();

  // Fetching the same server again replaces its runs.
  await open();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '47');

  // Server runs and local runs in one comparison.
  await page
    .getByTestId('run-filter')
    .fill('run_name = "sweep" OR run_name = "trial-01" OR run_name = "resnet18-lr0.1-bs64-sgd"');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '3');
  const boxes = page.getByTestId('run-row').getByRole('checkbox');
  await boxes.nth(0).click();
  await boxes.nth(2).click({ modifiers: ['Shift'] });
  await page.getByTestId('compare-button').click();
  await expect(page.getByRole('heading', { name: 'Compare 3 runs' })).toBeVisible();
  await expect(page.getByTestId('metric-chart').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('mlflow-server-compare') });

  // The 10,000-point history draws, every point of it.
  await page.goto('/');
  await page.getByRole('link', { name: 'sweep', exact: true }).click();
  const chart = page.locator('[data-testid="metric-chart"][data-metric="train/loss"]');
  await expect(chart).toBeVisible();
  await expect(chart).toContainText('10,000 points');

  // Artifacts were listed at import; the run page previews them through the server's
  // get-artifact: the image first (12 × 16 pixels, as logged), then the HTML report and the CSV.
  const preview = page.getByTestId('artifact-preview');
  await expect(preview.getByRole('img', { name: 'images/sample.png' })).toHaveJSProperty(
    'naturalWidth',
    16
  );
  await expect(page.getByTestId('artifact-from-server')).toContainText(
    `Fetched from ${allowing!.url}`
  );
  await page.screenshot({ path: screenshotPath('mlflow-server-run') });
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('mlflow-server-artifacts') });
  const tree = page.getByTestId('artifact-tree');
  const file = (path: string) => tree.locator(`[data-testid=artifact-file][data-path="${path}"]`);
  await expect(file('report.html')).toContainText('on server');
  await file('report.html').click();
  await expect(page.frameLocator('[data-testid=html-preview]').locator('h1')).toHaveText('Report');
  const tables = tree.getByTestId('artifact-folder').filter({ hasText: 'tables/' });
  if ((await tables.getAttribute('aria-expanded')) === 'false') await tables.click();
  await file('tables/data.csv').click();
  await expect(page.getByTestId('csv-preview')).toContainText('a');
  await expect(page.getByTestId('csv-preview').locator('td')).toHaveText(['1', '2']);
  await page.getByTestId('csv-preview').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('mlflow-server-artifact-csv') });
});

test('a filter with a pushed-down and a local clause, sorted on the server, at most 2 runs', async ({
  page
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('/');
  await page.getByTestId('server-connect-open').click();
  await page.getByTestId('server-address').fill(allowing!.url);
  await page.getByTestId('server-connect').click();
  const listed = page.getByTestId('server-experiment');
  await expect(listed.filter({ hasText: 'runlens-server' })).toContainText('14 runs');

  // A clause MLflow cannot take (a regex) is finished in Runlens; the status goes to the server.
  await page
    .getByTestId('server-filter')
    .fill('status = "FINISHED" AND run_name ~ "^trial-0[0-4]$"');
  await expect(page.getByTestId('server-filter-split')).toContainText(
    "On the server: attributes.status = 'FINISHED' · then in Runlens: attributes.run_name REGEXP '^trial-0[0-4]$'"
  );
  // Newest first on the server, two runs: trial-04 and trial-01 (trial-00 started before them).
  await page.getByTestId('server-order').fill('attributes.start_time DESC');
  await page.getByTestId('server-max-runs').fill('2');
  await page.screenshot({ path: screenshotPath('mlflow-server-filter') });
  await listed.filter({ hasText: 'runlens-server' }).getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 120_000
  });
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '2');
  for (const name of ['trial-04', 'trial-01'])
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'trial-00', exact: true })).toHaveCount(0);

  // A filter that does not parse: said at once, and nothing can be opened with it. (The library
  // view has its own dialog: connect there first.)
  await page.getByTestId('server-connect-open').click();
  await page.getByTestId('server-address').fill(allowing!.url);
  await page.getByTestId('server-connect').click();
  await expect(listed.filter({ hasText: 'runlens-server' })).toContainText('14 runs');
  await page.getByTestId('server-filter').fill('status = ');
  await expect(page.getByTestId('server-filter-split')).toContainText('Not a filter:');
  await expect(
    listed.filter({ hasText: 'runlens-server' }).getByRole('button', { name: 'Open' })
  ).toBeDisabled();
});
