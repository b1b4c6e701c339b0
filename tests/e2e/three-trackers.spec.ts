// Runs from W&B (an offline run's .wandb log), an MLflow SQLite store and TensorBoard logs in one
// comparison: each tool's runs keep their badge, and the charts hold lines from all three.
import { join } from 'node:path';
import { test, expect, expectListedSources, screenshotPath } from './fixtures';

const REAL = 'tests/fixtures/real';
const FOLDERS = [
  'wandb/honours-keras-wandb-0.21.4-2025',
  'mlflow-sqlite/automl-pipeline-mlflow3-2026',
  'tensorboard/tf2-keras-tensorboard-tutorial-2023'
];

test('a W&B run, an MLflow SQLite store and a TensorBoard run compare side by side', async ({
  page
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('/');
  for (const folder of FOLDERS) {
    await page.evaluate(() =>
      document.querySelector('[data-testid="import-status"]')?.removeAttribute('data-state')
    );
    await page.getByTestId('import-folder-input').setInputFiles(join(REAL, folder));
    await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
      timeout: 60_000
    });
  }
  await expectListedSources(page, ['MLflow', 'TensorBoard', 'W&B']);
  await page.screenshot({ path: screenshotPath('three-trackers-explorer') });

  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();
  // The Keras loss that W&B calls epoch/loss and TensorBoard train/epoch_loss: both drawn.
  for (const metric of ['epoch/loss', 'train/epoch_loss']) {
    const chart = page.locator(`[data-testid="metric-chart"][data-metric="${metric}"]`);
    // Charts past the first few are drawn when scrolled near: scroll until this one is.
    for (let i = 0; i < 40 && (await chart.count()) === 0; i++) await page.mouse.wheel(0, 600);
    await chart.scrollIntoViewIfNeeded();
    await expect
      .poll(async () => Number(await chart.getAttribute('data-lines')), { timeout: 15_000 })
      .toBeGreaterThan(0);
  }
  await page
    .locator('[data-testid="metric-chart"][data-metric="epoch/val_accuracy"]')
    .scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('three-trackers-compare') });
});
