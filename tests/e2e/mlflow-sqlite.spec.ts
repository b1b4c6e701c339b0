// An MLflow SQLite store (mlflow.db) dropped in the browser: the engine loads in the worker only
// for such a file, reads the store without copying it, and the page itself may not run
// WebAssembly at all (the CSP has no 'wasm-unsafe-eval').
import { join } from 'node:path';
import { test, expect, screenshotPath } from './fixtures';

const SET = 'tests/fixtures/real/mlflow-sqlite/nyc-taxi-zoomcamp-mlflow2.14-2024/week-02';

test('a dropped mlflow.db folder shows its runs, histories and dataset links', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(SET);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  // Two stores in the folder (mlflow.db and backend.db): 17 + 1 runs, each under its own store.
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '18');
  await expect(page.getByTestId('import-warning').first()).toContainText('MLflow 2.x SQLite store');
  // Both stores have a Default experiment: the panel says which store each one is.
  await expect(page.getByTestId('experiment-hint')).toHaveText([
    'backend.db',
    'mlflow.db',
    'backend.db',
    'mlflow.db'
  ]);
  await page.screenshot({ path: screenshotPath('mlflow-sqlite-explorer') });

  // The xgboost run's validation-rmse history is there point by point (83 steps).
  await page.getByRole('link', { name: 'powerful-grouse-119' }).click();
  const chart = page.locator('[data-testid="metric-chart"][data-metric="validation-rmse"]');
  await expect(chart).toBeVisible();
  await expect(chart).toContainText('83 points');
  // The dataset input is the run's provenance now, not a made-up tag.
  await expect(
    page.locator('[data-testid="reproduce-section"][data-section="data"]')
  ).toContainText('digest 00c1b571');
  await expect(page.getByText('runlens.datasets')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('mlflow-sqlite-run'), fullPage: true });
});

test('WebAssembly runs in the import worker only: the page itself is refused', async ({
  page,
  problems
}) => {
  await page.goto('/');
  const pageMayCompile = await page.evaluate(async () => {
    // The smallest valid module: magic and version.
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    try {
      await WebAssembly.compile(empty);
      return true;
    } catch {
      return false;
    }
  });
  expect(pageMayCompile).toBe(false);
  // The refusal is reported as a CSP violation: the one this test provokes, and no other.
  await expect.poll(() => problems.length).toBeGreaterThan(0);
  expect(problems.filter((p) => !/wasm-eval|wasm-unsafe-eval|script-src/i.test(p))).toEqual([]);
  problems.length = 0;
  await page
    .getByTestId('import-input')
    .setInputFiles(join('tests/fixtures/real/mlflow-sqlite/wineq-dvc-mlflow1-2021/mlflow.db'));
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '5');
});
