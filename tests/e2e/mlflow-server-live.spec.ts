// Refresh and live-follow against a real MLflow server (tests/server/harness.ts), with MLflow's
// own client changing it while the app has it cached (tests/server/log_more.py). The app is on
// 127.0.0.1, an origin MLflow always allows.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { PYTHON, SEED, python, startMlflowServer, type MlflowTestServer } from '../server/harness';
import { test, expect, guardContext, screenshotPath } from './fixtures';

let server: MlflowTestServer | undefined;
const children: ChildProcess[] = [];

test.beforeAll(async () => {
  test.setTimeout(600_000);
  server = await startMlflowServer();
  await python('populate.py', [server.url, String(SEED), 'small'], server.clientEnv);
});

test.afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill();
  await server?.stop();
  server?.cleanup();
});

/**
 * Connects the dialog to the server and opens `runlens-server`; resolves when its `runs` runs are
 * stored. (A failed test restarts the worker, and with it a freshly populated server: the live
 * test asks for the count the dialog shows.)
 */
async function openExperiment(page: Page, runs: number | null) {
  await page.getByTestId('server-connect-open').click();
  await page.getByTestId('server-address').fill(server!.url);
  await page.getByTestId('server-connect').click();
  const listed = page.getByTestId('server-experiment').filter({ hasText: 'runlens-server' });
  await expect(listed).toContainText(runs === null ? / \d+ runs/ : `${runs} runs`, {
    timeout: 30_000
  });
  runs ??= Number(/ (\d+) runs/.exec((await listed.textContent()) ?? '')![1]);
  await listed.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 120_000
  });
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', String(runs));
}

test('refresh fetches only the runs that changed and says what it fetched', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await openExperiment(page, 14);

  await python('log_more.py', [server!.url, 'more'], server!.clientEnv);
  const histories: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/metrics/get-history')) histories.push(r.url());
  });
  await page.getByTestId('server-refresh').click();
  const status = page.getByTestId('server-refresh-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(status).toHaveText('Refreshed: 3 new runs, 1 updated, 1 deleted');
  // Both metrics of each new run and the one metric trial-11 logged more of: 7 histories, not
  // the 30 a fresh fetch of every run would ask for.
  expect(histories.length).toBe(7);
  // 14 − trial-00 (deleted on the server) + late-0..2.
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '16');
  for (const name of ['late-0', 'late-1', 'late-2'])
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'trial-00', exact: true })).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('mlflow-server-refresh') });

  // The deleted run is still cached, marked deleted.
  await page.getByRole('checkbox', { name: /Show deleted/ }).check();
  await expect(page.getByRole('link', { name: 'trial-00', exact: true })).toBeVisible();
});

test('live-follow: points logged to a running run appear in its chart, which ends FINISHED', async ({
  page
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  const dir = mkdtempSync(join(tmpdir(), 'runlens-live-'));
  const stopFile = join(dir, 'stop');
  // MLflow's client keeps logging a point every 0.3 s to the run `live` until told to stop.
  const logger = spawn(
    PYTHON,
    ['tests/server/log_more.py', server!.url, 'follow', stopFile, '0.3'],
    {
      env: server!.clientEnv,
      stdio: ['ignore', 'pipe', 'inherit']
    }
  );
  children.push(logger);
  await new Promise<void>((started, failed) => {
    logger.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('run-id ')) started();
    });
    logger.once('exit', (code) => failed(new Error(`log_more.py follow exited (${code})`)));
  });

  try {
    await page.goto('/');
    await openExperiment(page, null);
    await page.getByRole('link', { name: 'live', exact: true }).click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'RUNNING');
    const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
    const note = chart.getByTestId('points-note');
    const pointsShown = async () =>
      Number((await note.textContent())!.replace(/[^\d]/g, '') || '1');
    const before = await pointsShown();
    // Marks the drawn canvas: a chart rebuilt on each poll would lose the mark.
    await chart.locator('canvas').evaluate((c) => c.setAttribute('data-original', 'yes'));

    await page.getByTestId('server-follow-start').click();
    await expect(page.getByTestId('server-follow-status')).toHaveAttribute(
      'data-following',
      'true'
    );
    // Two polls later the chart holds more points than it was opened with, drawn in place.
    await expect.poll(pointsShown, { timeout: 60_000 }).toBeGreaterThan(before);
    const grown = await pointsShown();
    await expect.poll(pointsShown, { timeout: 60_000 }).toBeGreaterThan(grown);
    await expect(chart.locator('canvas[data-original="yes"]')).toHaveCount(1);
    await page.screenshot({ path: screenshotPath('mlflow-server-follow') });

    // The client ends the run: the next poll shows FINISHED and following stops by itself.
    writeFileSync(stopFile, '');
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'FINISHED', {
      timeout: 60_000
    });
    await expect(page.getByTestId('server-follow-status')).toHaveText(
      'The run ended (FINISHED); following stopped.'
    );
    await expect(page.getByTestId('server-follow-start')).toHaveCount(0);
    // Every point the client logged is in the chart.
    const logged = JSON.parse(
      await python('read_server.py', [server!.url, 'runs'], server!.clientEnv)
    ) as { runs: { name: string; metrics: Record<string, unknown[]> }[] };
    const live = logged.runs.find((r) => r.name === 'live');
    expect(live, 'read_server.py lists the live run').toBeTruthy();
    await expect.poll(pointsShown).toBe(live!.metrics.loss!.length);
    await page.screenshot({ path: screenshotPath('mlflow-server-follow-ended') });
  } finally {
    writeFileSync(stopFile, '');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a link to a server run carries the address and the view, never credentials', async ({
  page,
  browser
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  // Signed in with a user and password (this server ignores them; a basic-auth one would not).
  await page.getByTestId('server-connect-open').click();
  await page.getByTestId('server-address').fill(server!.url);
  await page.getByLabel('user and password').check();
  await page.getByLabel('User', { exact: true }).fill('ana');
  await page.getByLabel('Password', { exact: true }).fill('s3cret-pw');
  await page.getByTestId('server-connect').click();
  const listed = page.getByTestId('server-experiment').filter({ hasText: 'runlens-server' });
  await listed.getByRole('button', { name: 'Open' }).click({ timeout: 30_000 });
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 120_000
  });
  await page.getByRole('link', { name: 'trial-01', exact: true }).click();
  await page.getByTestId('server-link-make').click();
  const link = await page.getByTestId('server-link').inputValue();
  expect(link).toContain(`mlflow-server=${encodeURIComponent(server!.url)}`);
  expect(link).not.toMatch(/ana|s3cret/);
  const runPath = new URL(page.url()).pathname + new URL(page.url()).search;

  // Another browser profile opens it: asked to connect to that server, nothing signed in.
  const other = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  await guardContext(other, problems);
  const fresh = await other.newPage();
  await fresh.goto(link);
  await expect(fresh.getByTestId('server-link-note')).toContainText(server!.url);
  await expect(fresh.getByTestId('server-address')).toHaveValue(server!.url);
  await expect(fresh.getByLabel('none', { exact: true })).toBeChecked();
  await fresh.screenshot({ path: screenshotPath('mlflow-server-link-prompt') });
  await fresh.getByTestId('server-connect').click();
  await fresh.getByTestId('server-link-open').click({ timeout: 30_000 });
  // Only the linked run is fetched (its id pushed down), and its page is shown.
  await expect(fresh.getByTestId('run-name')).toHaveText('trial-01', { timeout: 120_000 });
  expect(new URL(fresh.url()).pathname + new URL(fresh.url()).search).toBe(runPath);
  await fresh.goto('/');
  await expect(fresh.getByTestId('run-count')).toHaveAttribute('data-count', '1');
  expect(problems).toEqual([]);
  await other.close();
});
