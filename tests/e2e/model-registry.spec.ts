// The model registry from a real MLflow FileStore (four registered models, stages None,
// Production twice and Archived): the Models view, the link from a version to its run and back,
// the filter's `registered` and `model_name`; and a W&B run whose system metrics are listed apart.
import type { Page } from '@playwright/test';
import { expect, screenshotPath, test } from './fixtures';

const REAL = 'tests/fixtures/real';
const STAGES_MLRUNS = `${REAL}/mlflow-registry/mlflowsample-stages-2023/mlruns`;
const FFNN = `${REAL}/wandb/cs6910-ffnn-sweeps-wandb-0.16.3-2024/wandb`;

async function importDone(page: Page) {
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
}

test('the Models view lists registered versions with stage and run, linked both ways', async ({
  page
}) => {
  await page.setViewportSize({ width: 1300, height: 1000 });
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(STAGES_MLRUNS);
  await importDone(page);
  await page.getByRole('link', { name: 'Models', exact: true }).click();
  const models = page.getByTestId('model');
  await expect(models).toHaveCount(4);
  const forest = page.locator(
    '[data-testid="model"][data-name="sk-learn-random-forest-reg-model"]'
  );
  await expect(forest.getByTestId('model-version')).toHaveCount(4);
  const v3 = forest.locator('[data-testid="model-version"][data-version="3"]');
  await expect(v3).toContainText('Production');
  await expect(page.locator('[data-testid="model"][data-name="test_r_m"]')).toContainText(
    'Archived'
  );
  await page.screenshot({ path: screenshotPath('models-view'), fullPage: true });

  // Version 3 → its run, whose page says what it was registered as (v3 and, from the other model,
  // sk-learn-random-forest-reg v1: the same run).
  await v3.getByTestId('model-version-run').click();
  await expect(page.getByTestId('run-registered')).toContainText(
    'model sk-learn-random-forest-reg-model v3'
  );
  await expect(page.getByTestId('run-registered')).toContainText('Production');
  await expect(page.getByTestId('run-registration')).toHaveCount(2);

  // The filter: 8 versions come from 6 distinct runs; the model's own runs from its link.
  await page.goto('/?q=' + encodeURIComponent('registered = true'));
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '6');
  await page.getByRole('link', { name: 'Models', exact: true }).click();
  await forest.getByTestId('model-runs').click();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '4');
});

test('a registry folder without runs is read: its models are counted and listed', async ({
  page
}) => {
  await page.goto('/');
  await page
    .getByTestId('import-folder-input')
    .setInputFiles(`${REAL}/mlflow-registry/advance-mlflow3-alias-2025/mlruns/models`);
  await importDone(page);
  await expect(page.getByTestId('import-models')).toHaveText(
    'No runs; 1 registered model, in the Models view.'
  );
  await page.getByTestId('import-models').getByRole('link').click();
  const model = page.locator('[data-testid="model"][data-name="sk-learn-random-forest-reg-model"]');
  await expect(model.getByTestId('model-version')).toHaveCount(2);
  // The version names a run that is not imported: said so, not linked.
  await expect(model.getByTestId('model-version').first()).toContainText('(not imported)');
});

test('system metrics are listed after the model metrics, under their own heading', async ({
  page
}) => {
  await page.setViewportSize({ width: 1300, height: 1000 });
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(FFNN);
  await importDone(page);
  await page.goto('/?q=' + encodeURIComponent('run_id = "pf5dcdd3"'));
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '1');
  await page.locator('a[href*="pf5dcdd3"]').first().click();
  const heading = page.getByTestId('system-metrics-heading');
  await expect(heading).toBeVisible();
  // Every row after the heading is a system metric, every row before it a model metric.
  const flags = await page
    .locator('tbody tr[data-system]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-system')));
  expect(flags.indexOf('true')).toBeGreaterThan(0);
  expect(flags.slice(flags.indexOf('true')).every((f) => f === 'true')).toBe(true);
  await expect(page.getByTestId('system-charts-heading')).toBeVisible();
  await page
    .locator('section[aria-labelledby="metrics-heading"]')
    .screenshot({ path: screenshotPath('run-system-metrics') });
});
