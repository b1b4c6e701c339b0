// Lineage (issue 15, item 5) on real exports: the Databricks sklearn_wine export-import set
// (a dataset input, a logged model, a registered version) and an MLflow 3 FileStore whose
// version 2 was copied from version 1. Each graph is drawn from what the files state and its
// boxes lead to the runs and models they name.
import { expect, screenshotPath, test } from './fixtures';

const REAL = 'tests/fixtures/real';
const WINE = `${REAL}/mlflow-export-import/mlflow-export-import-samples-2026/samples/databricks/single/versions/sklearn_wine`;
const ALIAS = `${REAL}/mlflow-registry/advance-mlflow3-alias-2025/mlruns`;

test('a run’s lineage: the data it read, the model it logged, the version made from it', async ({
  page
}) => {
  await page.setViewportSize({ width: 1300, height: 1000 });
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(WINE);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await page.getByTestId('run-row').first().getByRole('link').first().click();
  const panel = page.getByTestId('lineage-panel');
  const node = (kind: string) => panel.locator(`[data-testid="lineage-node"][data-kind="${kind}"]`);
  await expect(node('dataset')).toHaveAttribute('data-label', 'winequality_white_2');
  await expect(node('run')).toHaveAttribute('data-label', 'white_2');
  await expect(node('model')).toHaveCount(1);
  await expect(node('version')).toHaveAttribute(
    'data-label',
    'andre_catalog.ml_models2.sklearn_wine_best v15'
  );
  await expect(panel.locator('path')).toHaveCount(3);
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: screenshotPath('lineage-run') });

  // The version box leads to the model in the Models view, which draws the model's lineage.
  await node('version').click();
  await expect(page).toHaveURL(/\/models#/);
  const model = page.locator('[data-testid="model"]').first();
  const modelNodes = model.getByTestId('lineage-node');
  await expect(modelNodes).toHaveCount(3);
  await expect(model.locator('[data-testid="lineage-node"][data-kind="run"]')).toHaveAttribute(
    'data-label',
    'white_2'
  );
});

test('a version copied from another is drawn from it; a run without inputs says so', async ({
  page
}) => {
  await page.setViewportSize({ width: 1300, height: 1000 });
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(ALIAS);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await page.getByRole('link', { name: 'Models', exact: true }).click();
  const model = page.locator('[data-testid="model"][data-name="sk-learn-random-forest-reg-model"]');
  await expect(model.getByTestId('lineage-node')).toHaveCount(3);
  // v1 ← the run, and v2 ← v1 (copied): one edge across, one within the column.
  await expect(model.getByTestId('lineage').locator('path')).toHaveCount(2);
  await expect(model.getByTestId('lineage-missing')).toContainText('data in');
  await model.getByTestId('lineage').screenshot({ path: screenshotPath('lineage-model') });

  // The run box opens the run, whose own graph has the logged model between it and v1.
  await model.locator('[data-testid="lineage-node"][data-kind="run"]').click();
  const panel = page.getByTestId('lineage-panel');
  await expect(panel.locator('[data-testid="lineage-node"][data-kind="model"]')).toHaveAttribute(
    'data-label',
    'sklearn-model'
  );
  await expect(panel.getByTestId('lineage-missing')).toContainText('data in');
});
