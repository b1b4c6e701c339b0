// A TensorBoard log folder dropped in the browser: TF2 Keras trials whose train/ and validation/
// folders become one run each, compared with both curves side by side.
import { expect, screenshotPath, test } from './fixtures';

const LOGS = 'tests/fixtures/real/tensorboard/tf2-keras-tensorboard-tutorial-2023/archive';

test('Keras train/ and validation/ folders read as one run per trial, compared curve by curve', async ({
  page
}) => {
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(LOGS);
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(status).toContainText('3 runs in 2 experiments, 160 metric points');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '3');

  const imdb = page.locator('[data-testid=run-row][data-run-id="logs/imdb-model-1690485351"]');
  const mnist = page.locator(
    '[data-testid=run-row][data-run-id="logs/MNIST-extra-metrics1690486849"]'
  );
  await imdb.getByRole('checkbox').check();
  await mnist.getByRole('checkbox').check();
  await page.getByTestId('compare-button').click();
  await expect(page.getByRole('heading', { name: 'Compare 2 runs' })).toBeVisible();

  // Only the IMDB trial logged training curves; both logged validation curves.
  const chart = (key: string) => page.locator(`[data-testid=metric-chart][data-metric="${key}"]`);
  await expect(chart('train/epoch_loss')).toHaveAttribute('data-lines', '1');
  await expect(chart('validation/epoch_loss')).toHaveAttribute('data-lines', '2');
  await expect(chart('train/epoch_loss').getByTestId('points-note')).toHaveText('all 20 points');
  await expect(chart('validation/epoch_loss').getByTestId('points-note')).toHaveText(
    'all 30 points'
  );
  // The training row and the validation row of charts, in one view.
  await page.locator('#charts').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: screenshotPath('tensorboard-keras-compare') });
});
