// Runs from Lightning, Hugging Face and Ultralytics in one comparison: the validation loss that
// Lightning calls val_loss and the Trainer eval_loss is suggested as one metric and merged.
import { join } from 'node:path';
import { test, expect, expectListedSources, screenshotPath } from './fixtures';

const REAL = 'tests/fixtures/real';
const FOLDERS = [
  'lightning-csv/convlstm-version-gaps-2025',
  'hf-trainer/bart-large-cnn-samsum-2021',
  'ultralytics/rock-paper-scissors-yolov8-2023'
];

test('runs of three tools share a validation-loss chart once their names are merged', async ({
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
  await expectListedSources(page, ['Lightning', 'Hugging Face', 'Ultralytics']);
  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();

  const aliases = page.getByTestId('metric-aliases');
  await expect(aliases).toContainText('found');
  await aliases.click();
  const suggestion = page
    .getByTestId('alias-suggestions')
    .getByRole('listitem')
    .filter({ hasText: 'eval_loss' });
  await expect(suggestion).toContainText('val_loss');
  await page.getByRole('dialog', { name: 'Metric aliases' }).screenshot({
    path: screenshotPath('compare-alias-suggestions')
  });
  await suggestion.getByRole('button', { name: 'Merge' }).click();

  // One chart now holds the Lightning runs and the Trainer run.
  const merged = page.locator('[data-testid="metric-chart"][data-metric="val_loss"]');
  await expect(merged).toBeVisible();
  await expect(page.locator('[data-testid="metric-chart"][data-metric="eval_loss"]')).toHaveCount(
    0
  );
  // The merged chart's lines arrive after the chart itself: wait for them rather than read once.
  await expect
    .poll(async () => Number(await merged.getAttribute('data-lines')), { timeout: 15_000 })
    .toBeGreaterThan(1);
  await page.keyboard.press('Escape');
  await page.locator('#charts').screenshot({ path: screenshotPath('compare-three-tools-aliases') });

  // Remembered for the next comparison, and undone by a split.
  await page.reload();
  await expect(merged).toBeVisible();
  await page.getByTestId('metric-aliases').click();
  await page.getByTestId('alias-groups').getByRole('button', { name: 'Split' }).click();
  await expect(page.locator('[data-testid="metric-chart"][data-metric="eval_loss"]')).toHaveCount(
    1
  );
});
