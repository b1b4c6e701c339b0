// Panels of the comparison workspace (issue 16, item 1): the grid's panel size, overlay panels
// that draw several metrics on one chart (train and val loss, told apart by dash and name), both
// kept on reload and carried by share links; and the workspace on a real set of 30+ metrics
// (Ultralytics YOLO runs of every task: train/, val/, metrics/, lr/ sections) at 1440 × 900.
import type { Page } from '@playwright/test';
import { expect, guardContext, screenshotPath, test } from './fixtures';

const columns = (page: Page) =>
  page
    .locator('[data-testid="metric-section"] .chart-grid')
    .first()
    .evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);

async function compareSampleResnets(page: Page) {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.getByTestId('run-filter').fill('params.optimizer = "adamw"');
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '33');
  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();
  await expect(page.getByTestId('run-list-row')).toHaveCount(9);
}

test('panel sizes set the columns; an overlay panel draws train and val loss on one chart', async ({
  page,
  browser,
  problems
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await compareSampleResnets(page);
  await expect(page.getByTestId('panel-size')).toHaveValue('medium');
  expect(await columns(page)).toBe(2);
  await page.getByTestId('panel-size').selectOption('small');
  await expect.poll(() => columns(page)).toBe(3);
  await page.getByTestId('panel-size').selectOption('large');
  await expect.poll(() => columns(page)).toBe(1);
  await page.getByTestId('panel-size').selectOption('medium');

  // An overlay of the two losses: one chart, each run twice (a line per metric), named so.
  await page.getByTestId('overlay-add').click();
  await page.getByTestId('overlay-search').fill('loss');
  await expect(page.getByTestId('overlay-create')).toBeDisabled();
  await page.getByTestId('overlay-metric').filter({ has: page.locator('[value="train/loss"]') });
  await page.locator('[data-testid="overlay-metric"][value="train/loss"]').check();
  await page.locator('[data-testid="overlay-metric"][value="val/loss"]').check();
  await page.getByTestId('overlay-create').click();
  const overlay = page.locator(
    '[data-testid="overlay-section"] [data-testid="metric-chart"][data-metric="train/loss + val/loss"]'
  );
  await expect(overlay).toHaveAttribute('data-lines', '18');
  // The legend lists each run once and keys the metrics by dash; the tooltip heads each metric.
  await expect(overlay.getByTestId('legend-dash')).toHaveText(['train/loss', 'val/loss']);
  await expect(overlay.locator('.legend:not(.dashes) li')).toHaveCount(9);
  await overlay.locator('.plot').scrollIntoViewIfNeeded();
  const box = (await overlay.locator('.plot').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5);
  await expect(overlay.locator('[data-testid="chart-tooltip"] .metric')).toHaveText([
    'train/loss',
    'val/loss'
  ]);
  await expect
    .poll(async () => Number(await overlay.getAttribute('data-draws')))
    .toBeGreaterThan(0);
  await page.screenshot({ path: screenshotPath('compare-workspace-overlay') });

  // Kept on reload, and in a share link.
  await page.reload();
  await expect(overlay).toHaveAttribute('data-lines', '18');
  await page.getByTestId('panel-size').selectOption('small');
  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  const fresh = await browser.newContext();
  await guardContext(fresh, problems);
  const other = await fresh.newPage();
  await other.setViewportSize({ width: 1440, height: 900 });
  await other.goto(link);
  await expect(other.getByTestId('panel-size')).toHaveValue('small');
  await expect(
    other.locator('[data-testid="metric-chart"][data-metric="train/loss + val/loss"]')
  ).toHaveAttribute('data-lines', '18');
  await fresh.close();

  // Removed: gone, and gone after a reload.
  await overlay.getByTestId('overlay-remove').click();
  await expect(page.getByTestId('overlay-section')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('metric-chart').first()).toBeVisible();
  await expect(page.getByTestId('overlay-section')).toHaveCount(0);
});

test('the workspace on 12 real YOLO runs with 30+ metrics at 1440 × 900', async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');
  await page
    .getByTestId('import-folder-input')
    .setInputFiles('tests/fixtures/real/ultralytics/yolo-learn-all-tasks-2025');
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  // The runs listed first, as a person sees them before picking again: until then the page may
  // still swap the empty library's drop zone for the library's, and a pick on the one leaving is
  // lost (it failed 1 time in 10 here).
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '7');
  await page
    .getByTestId('import-folder-input')
    .setInputFiles('tests/fixtures/real/ultralytics/yolov8-five-runs-2025');
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  // The status still reads "done" from the first import until the second begins: the count is
  // what says the second one landed.
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '12', {
    timeout: 60_000
  });
  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();
  await expect(page.getByTestId('run-list-row')).toHaveCount(12);
  // Eight runs are called "train": their rows also name their experiment (the task).
  await expect(page.getByTestId('run-list-row').filter({ hasText: 'train · pose' })).toHaveCount(1);
  const charts = page.getByTestId('metric-chart');
  // Every metric has a panel (drawn when scrolled near): charts and their placeholders.
  const panels = page.locator('[data-testid="metric-section"] .chart-grid > *');
  await expect.poll(() => panels.count()).toBeGreaterThanOrEqual(30);
  const prefixes = await page
    .getByTestId('metric-section')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-prefix')));
  expect(prefixes).toEqual(expect.arrayContaining(['train/', 'val/', 'metrics/', 'lr/']));
  // Results first: every run logs learning rates, but the lr/ section comes after them.
  expect(prefixes.indexOf('lr/')).toBeGreaterThan(prefixes.indexOf('metrics/'));
  expect(prefixes.indexOf('lr/')).toBeGreaterThan(prefixes.indexOf('val/'));
  // Twelve runs, twelve colours that do not look alike.
  const swatches = await page
    .getByTestId('run-list-row')
    .locator('.swatch')
    .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  expect(new Set(swatches).size).toBe(12);
  // The first charts are drawn with lines, none blank.
  for (let i = 0; i < 4; i++) {
    await expect
      .poll(async () => Number(await charts.nth(i).getAttribute('data-lines')))
      .toBeGreaterThan(0);
  }
  await page.screenshot({ path: screenshotPath('compare-workspace-yolo-medium') });
  await page.getByTestId('panel-size').selectOption('small');
  await expect.poll(() => columns(page)).toBe(3);
  await page.getByTestId('run-list-row').nth(1).getByTestId('run-pin').click();
  for (let i = 0; i < 6; i++) {
    await expect
      .poll(async () => Number(await charts.nth(i).getAttribute('data-lines')))
      .toBeGreaterThan(0);
  }
  await page.screenshot({ path: screenshotPath('compare-workspace-yolo-small') });
  await page.getByTestId('metric-section').nth(1).scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('compare-workspace-yolo-scrolled') });
});
