// Tolerant readings in the import report: a file whose columns carry no mark of what they are is
// shown column by column with the role guessed and why; a person changes a role, reads the file
// again, and sees the change where it matters (the explorer's columns, the comparison's charts).
// The choice is remembered for the file, and "back to the guess" undoes it.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, screenshotPath, test } from './fixtures';

// The real search_runs export of hakathon_room_cv (109 runs), with its metrics./params./tags.
// prefixes taken off as `df.rename(columns=lambda c: c.split(".", 1)[-1])` does before sharing.
const SEARCH_RUNS = 'tests/fixtures/real/mlflow-csv/hakathon-room-cv-search-runs/mlflow_runs.csv';

function strippedSearchRuns(): string {
  const text = readFileSync(SEARCH_RUNS, 'utf8');
  const end = text.indexOf('\n');
  const header = text
    .slice(0, end)
    .split(',')
    .map((name) => name.slice(name.indexOf('.') + 1));
  return header.join(',') + text.slice(end);
}

// A results table kept by hand, shaped as in issue 13 (df.to_json(orient="records")).
const RESULTS = JSON.stringify([
  {
    timestamp: '2024-03-01 12:00:00',
    model: 'RF',
    accuracy: 97.98,
    f1: 0.97,
    parameters: 'Default'
  },
  { timestamp: '2024-03-01 12:05:00', model: 'SVM', accuracy: 95.1, f1: 0.94, parameters: 'C=1.0' },
  { timestamp: '2024-03-01 12:09:30', model: 'KNN', accuracy: 93.4, f1: 0.92, parameters: 'k=5' }
]);
const RESULT_KEYS = [0, 1, 2].map(
  (i) => `json-logs|json-logs:model-results.json|model-results.json#${i}`
);

const reading = (page: Page, file: string) =>
  page.locator(`[data-testid="reading-roles"][data-file="${file}"]`);
const column = (of: Locator, key: string) =>
  of.locator(`[data-testid="reading-column"][data-column="${key}"]`);
const role = (of: Locator, key: string) => column(of, key).getByTestId('reading-role');

test('a guessed column read as a param instead: the explorer and the charts follow, and it is remembered', async ({
  page
}, testInfo) => {
  test.setTimeout(120_000);
  const json = testInfo.outputPath('model-results.json');
  const csv = testInfo.outputPath('mlflow_runs_stripped.csv');
  writeFileSync(json, RESULTS);
  writeFileSync(csv, strippedSearchRuns());
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles([json, csv]);
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('reading-roles')).toHaveCount(2);

  // The guess, column by column, with why; a text column cannot be made a metric.
  const results = reading(page, 'model-results.json');
  await expect(results).toHaveAttribute('data-chosen', 'false');
  await results.locator('summary').click();
  await expect(column(results, 'accuracy')).toHaveAttribute('data-role', 'metric');
  await expect(column(results, 'accuracy')).toContainText('every value is a number');
  await expect(column(results, 'model')).toHaveAttribute('data-role', 'param');
  await expect(column(results, 'model')).toContainText('run name');
  await expect(role(results, 'model').locator('option[value="metric"]')).toBeDisabled();
  await expect(results.getByTestId('reading-start-time')).toHaveValue('timestamp');

  // Before: the explorer shows accuracy as a metric column, the comparison draws it.
  await page.getByRole('checkbox', { name: /model-results/ }).check();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '3');
  await expect(page.getByRole('button', { name: /^metric\s*accuracy/ })).toBeVisible();
  const compare = await page.context().newPage();
  await compare.goto(`/compare?runs=${RESULT_KEYS.map(encodeURIComponent).join(',')}`);
  await expect(compare.locator('[data-testid="metric-chart"][data-metric="f1"]')).toBeVisible();
  await expect(
    compare.locator('[data-testid="metric-chart"][data-metric="accuracy"]')
  ).toBeVisible();

  // The change: accuracy is a param, parameters a tag; the file is read again.
  await role(results, 'accuracy').selectOption('param');
  await role(results, 'parameters').selectOption('tag');
  await expect(column(results, 'accuracy')).toContainText('guess: metric');
  await results.getByTestId('reading-reread').click();
  await expect(results.getByTestId('reading-status')).toHaveAttribute('data-state', 'done');
  await expect(results.getByTestId('reading-status')).toContainText('3 runs replaced');
  await expect(results).toHaveAttribute('data-chosen', 'true');
  await expect(results.getByTestId('reading-chosen')).toBeVisible();
  await expect(column(results, 'accuracy')).toHaveAttribute('data-role', 'param');

  // After: the same three runs (the experiment stays chosen), accuracy among the params.
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '3');
  await expect(page.getByRole('button', { name: /^param\s*accuracy/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^metric\s*accuracy/ })).toHaveCount(0);
  await status.screenshot({ path: screenshotPath('import-roles-changed') });
  await page
    .getByRole('region', { name: 'Runs', exact: true })
    .screenshot({ path: screenshotPath('import-roles-explorer') });
  await compare.reload();
  await expect(compare.locator('[data-testid="metric-chart"][data-metric="f1"]')).toBeVisible();
  await expect(compare.locator('[data-testid="metric-chart"][data-metric="accuracy"]')).toHaveCount(
    0
  );
  await compare.close();

  // The real search_runs file: numeric params guessed as metrics (lr, seed) become params, a
  // text param (device) a tag.
  await page.getByRole('checkbox', { name: /model-results/ }).uncheck();
  const runsCsv = reading(page, 'mlflow_runs_stripped.csv');
  await runsCsv.locator('summary').click();
  await expect(column(runsCsv, 'lr')).toHaveAttribute('data-role', 'metric');
  await expect(column(runsCsv, 'mlflow.runName')).toContainText('run name');
  await role(runsCsv, 'lr').selectOption('param');
  await role(runsCsv, 'seed').selectOption('param');
  await role(runsCsv, 'device').selectOption('tag');
  await runsCsv.getByTestId('reading-reread').click();
  await expect(runsCsv.getByTestId('reading-status')).toContainText('109 runs replaced');
  // Counted with Python's csv module: 31 of the 109 rows have lr 5e-05.
  await page.getByTestId('run-filter').fill('params.lr = "5e-05"');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '31');
  await page.getByTestId('run-filter').fill('tags.device = "cuda"');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '109');
  await page.getByTestId('run-filter').fill('');

  // Dropped again, the same file reads the same way, and says so; back to the guess undoes it.
  await page.getByTestId('import-input').setInputFiles(csv);
  await expect(status).toHaveAttribute('data-state', 'done');
  const again = reading(page, 'mlflow_runs_stripped.csv');
  await expect(again).toHaveAttribute('data-chosen', 'true');
  // The only reading of this import is shown open.
  await expect(again.getByTestId('reading-chosen')).toBeVisible();
  await expect(column(again, 'lr')).toHaveAttribute('data-role', 'param');
  await again.getByTestId('reading-guess').click();
  await expect(again).toHaveAttribute('data-chosen', 'false');
  await expect(column(again, 'lr')).toHaveAttribute('data-role', 'metric');
  await page.getByTestId('run-filter').fill('metrics.lr > 0');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '109');
  await page.screenshot({ path: screenshotPath('import-roles-report'), fullPage: true });
});

test('file names and column names from the file are shown as text, never as markup', async ({
  page
}, testInfo) => {
  const file = testInfo.outputPath('results-<b>x<i>.json');
  writeFileSync(
    file,
    JSON.stringify([
      { name: 'a', '<img src=x onerror=alert(1)>': 0.5, model: '<script>bad()</script>' },
      { name: 'b', '<img src=x onerror=alert(1)>': 0.7, model: 'ok' }
    ])
  );
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  const shown = page.getByTestId('reading-roles');
  await expect(shown).toContainText('results-<b>x<i>.json');
  await expect(shown.locator('img, b, script')).toHaveCount(0);
  // The only reading of the import is shown open.
  const odd = shown.getByTestId('reading-column').filter({ hasText: '<img src=x onerror' });
  await expect(odd).toHaveCount(1);
  await expect(odd).toContainText('every value is a number');
  await expect(shown.getByTestId('reading-column').filter({ hasText: '<script>' })).toHaveCount(1);
});
