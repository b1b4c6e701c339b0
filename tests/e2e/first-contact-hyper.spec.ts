// First contact with the comparison's hyperparameter views: the target metric they default to,
// params and metrics that share a name, the section links, popovers, and run colours.
import { writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { ImportedBatch, Run } from '../../src/lib/model';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import { expect, loadSample, screenshotPath, test } from './fixtures';

/** The sample's 27 ResNet runs: params lr, batch_size, optimizer…; metrics lr (the schedule), train/*, val/*. */
const GRID = { filter: 'attributes.experiment = "cifar10-resnet-grid"', runs: 27 };

/** Ids of the first `count` runs the library lists for `filter`, in its order. */
async function listedIds(
  page: Page,
  list: { filter: string; runs: number },
  count: number
): Promise<string[]> {
  await page.getByTestId('run-filter').fill(list.filter);
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', String(list.runs));
  await expect(page.getByTestId('run-row').nth(count - 1)).toBeVisible();
  const ids = await page
    .getByTestId('run-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id') ?? ''));
  return ids.slice(0, count);
}

async function openGridComparison(page: Page, count: number): Promise<string[]> {
  await loadSample(page);
  const ids = await listedIds(page, GRID, count);
  await page.goto(`/compare?runs=${ids.join(',')}`);
  await expect(page.getByRole('heading', { name: `Compare ${count} runs` })).toBeVisible();
  return ids;
}

async function shownAxes(page: Page): Promise<string[]> {
  return page
    .getByTestId('pc-axis')
    .evaluateAll((axes) => axes.map((a) => a.getAttribute('data-axis') ?? ''));
}

/** The CSS background of each element, as the browser computes it. */
function backgrounds(swatches: Locator): Promise<string[]> {
  return swatches.evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
}

test('a target metric on validation data drives colour, axes, scatter and importance, and is remembered', async ({
  page
}) => {
  test.setTimeout(120_000);
  await openGridComparison(page, 12);
  await page.locator('#hyperparameters').scrollIntoViewIfNeeded();
  const pc = page.getByTestId('parallel-coordinates');
  await expect(pc).toBeVisible();

  // Not the logged learning-rate schedule: a score on validation data.
  await expect(page.getByLabel('Colour by')).toHaveValue('metric:val/accuracy');
  await expect(page.getByTestId('target-metric')).toHaveValue('val/accuracy');
  const axes = await shownAxes(page);
  expect(axes.at(-1)).toBe('metric:val/accuracy');
  // Params on the left, metrics after them; the lr schedule is not a default axis.
  const firstMetric = axes.findIndex((a) => a.startsWith('metric:'));
  expect(axes.slice(0, firstMetric).every((a) => a.startsWith('param:'))).toBe(true);
  expect(axes.slice(firstMetric).every((a) => a.startsWith('metric:'))).toBe(true);
  expect(axes).not.toContain('metric:lr');
  await expect(page.getByTestId('scatter-plot')).toHaveAttribute('data-y', 'metric:val/accuracy');
  await expect(page.getByTestId('importance')).toContainText('predicting val/accuracy');
  await expect(page.getByTestId('target-best')).toContainText('resnet18-');
  await pc.screenshot({ path: screenshotPath('hyper-target-last') });

  // One choice moves everything, and the next visit keeps it.
  await page.getByTestId('target-metric').selectOption('val/loss');
  await expect(page.getByLabel('Colour by')).toHaveValue('metric:val/loss');
  await expect.poll(async () => (await shownAxes(page)).at(-1)).toBe('metric:val/loss');
  await expect(page.getByTestId('importance')).toContainText('predicting val/loss');
  await page.reload();
  await expect(page.getByTestId('target-metric')).toHaveValue('val/loss');
  await page.locator('#hyperparameters').scrollIntoViewIfNeeded();
  await expect(page.getByLabel('Colour by')).toHaveValue('metric:val/loss');
});

test('the scatter matrix shows the target metric with tick labels', async ({ page }) => {
  await openGridComparison(page, 12);
  await page.locator('#hyperparameters').scrollIntoViewIfNeeded();
  const matrix = page.getByTestId('scatter-matrix');
  await matrix.scrollIntoViewIfNeeded();
  await expect(matrix.locator('.col-label').last()).toContainText('val/accuracy');
  // Axes get their values written along the bottom and the left (a lone category once each).
  const axes = Number(await matrix.getAttribute('data-axes'));
  expect(axes).toBeGreaterThan(2);
  await matrix.screenshot({ path: screenshotPath('hyper-scatter-matrix') });
  expect(await matrix.getByTestId('matrix-tick').count()).toBeGreaterThanOrEqual(axes * 3);
});

/** Runs whose metric is noise: nothing in the params explains it. */
function noiseJson(runs: number): string {
  const list: Run[] = [];
  for (let i = 0; i < runs; i++) {
    // A fixed pseudo-random value per run, unrelated to the params.
    const noise = (Math.sin(i * 12.9898) * 43758.5453) % 1;
    list.push({
      id: `noise-${String(i).padStart(3, '0')}`,
      experimentId: 'noise',
      name: `noise-${i}`,
      status: 'FINISHED',
      startTime: 1_700_000_000_000 + i * 60_000,
      endTime: 1_700_000_000_000 + i * 60_000 + 1000,
      deleted: false,
      parentId: null,
      params: new Map([
        ['lr', String(10 ** (-4 + (i % 5)))],
        ['batch_size', String(16 * (1 + (i % 3)))]
      ]),
      tags: new Map(),
      metrics: [
        {
          key: 'val_loss',
          steps: Float64Array.of(0),
          values: Float64Array.of(1 + Math.abs(noise)),
          timestamps: Float64Array.of(1_700_000_000_000 + i * 60_000)
        }
      ],
      artifacts: [],
      source: { format: 'runlens-json', file: 'noise.json' }
    });
  }
  const batch: ImportedBatch = {
    experiments: [{ id: 'noise', name: 'noise', deleted: false, tags: new Map() }],
    runs: list
  };
  return writeRunlensJson(batch);
}

test('importance that explains nothing says so instead of a confident bar', async ({
  page
}, testInfo) => {
  const file = testInfo.outputPath('noise.json');
  writeFileSync(file, noiseJson(30));
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  const ids = Array.from({ length: 30 }, (_, i) => `noise-${String(i).padStart(3, '0')}`);
  await page.goto(`/compare?runs=${ids.join(',')}`);
  await page.locator('#hyperparameters').scrollIntoViewIfNeeded();
  const importance = page.getByTestId('importance');
  await expect(importance).toContainText(/out-of-bag R² −/);
  await expect(importance).toContainText('explain nothing');
  // No share of an unexplained variation is drawn as a bar.
  await expect(importance.locator('.bar')).toHaveCount(0);
  await expect(importance).not.toContainText('100%');
  await importance.screenshot({ path: screenshotPath('hyper-importance-unexplained') });
});

test('a param and a metric with the same name are told apart everywhere', async ({ page }) => {
  test.setTimeout(120_000);
  await openGridComparison(page, 12);
  // Twelve runs: runs are rows, keys are the column headers.
  const table = page.getByTestId('diff-table');
  await expect(table.getByRole('columnheader', { name: /^param\s*lr$/ })).toHaveCount(1);
  await expect(table.getByRole('columnheader', { name: /^metric\s*lr/ })).toHaveCount(1);
  await page.getByLabel('Runs as rows').uncheck();
  await expect(table.getByRole('rowheader', { name: /^param\s*lr$/ })).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('compare-lr-param-and-metric'), fullPage: true });

  await page.locator('#hyperparameters').scrollIntoViewIfNeeded();
  const scatterX = page.getByTestId('scatter-x');
  await expect(scatterX.locator('option', { hasText: /^param · lr$/ })).toHaveCount(1);
  await expect(scatterX.locator('option', { hasText: /^metric · lr$/ })).toHaveCount(1);
  await expect(
    page.getByLabel('Colour by').locator('option', { hasText: /^metric · lr$/ })
  ).toHaveCount(1);
  await expect(page.getByTestId('importance-row').filter({ hasText: /^param\s*lr/ })).toHaveCount(
    1
  );
  // The axis picker, and an axis once shown.
  await page.getByText(/^Axes: /).click();
  await page.getByRole('checkbox', { name: /^metric\s*lr$/ }).check();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=pc-axis][data-axis="metric:lr"] .label')).toHaveText(
    /^metric\s*lr$/
  );
  await expect(page.locator('[data-testid=pc-axis][data-axis="param:lr"] .label')).toHaveText(
    /^param\s*lr$/
  );
});

test('the section links reach their section, rendering it first', async ({ page }) => {
  test.setTimeout(120_000);
  await openGridComparison(page, 6);
  for (const [link, id] of [
    ['Hyperparameters', '#hyperparameters'],
    ['Statistics', '#statistics'],
    ['Table', '#table'],
    ['Results table', '#results'],
    ['Hyperparameters', '#hyperparameters']
  ] as const) {
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: link, exact: true })
      .click();
    const heading = page.locator(`${id} > h2`);
    await expect(heading).toBeInViewport();
    // Still there once the sections above have drawn themselves.
    await page.waitForTimeout(1200);
    await expect(heading).toBeInViewport();
  }
  await expect(page.getByTestId('parallel-coordinates')).toBeVisible();
});

test('popovers close on Escape and on a click outside', async ({ page }) => {
  await openGridComparison(page, 4);
  const heading = page.getByRole('heading', { name: 'Compare 4 runs' });
  const picker = page.getByTestId('metric-picker');
  const panel = page.getByRole('dialog', { name: 'Choose charts' });
  await picker.click();
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(picker).toBeFocused();
  await picker.click();
  await page.getByTestId('metric-search').fill('val');
  await heading.click();
  await expect(panel).toBeHidden();

  const views = page.getByTestId('saved-views');
  await views.click();
  await expect(page.getByRole('dialog', { name: 'Saved views' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Saved views' })).toBeHidden();

  await page.locator('#hyperparameters').scrollIntoViewIfNeeded();
  await page.getByText(/^Axes: /).click();
  const axisList = page.getByRole('checkbox', { name: /^param\s*lr$/ });
  await expect(axisList).toBeVisible();
  await page.getByRole('heading', { name: 'Scatter', exact: true }).click();
  await expect(axisList).toBeHidden();
});

test('a run has one colour in the library and the comparison, distinct among the runs shown', async ({
  page
}) => {
  await loadSample(page);
  const swatches = page.getByTestId('run-row').locator('.swatch');
  await expect(swatches.nth(9)).toBeVisible();
  const library = (await backgrounds(swatches)).slice(0, 10);
  expect(new Set(library).size).toBe(10);
  const ids = await page
    .getByTestId('run-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id') ?? ''));

  // A person's choice wins over the automatic colour.
  await page
    .getByTestId('run-row')
    .nth(7)
    .getByLabel(/^Colour of /)
    .evaluate((input: HTMLInputElement) => {
      input.value = '#123456';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  await expect(swatches.nth(7)).toHaveCSS('background-color', 'rgb(18, 52, 86)');
  await page.screenshot({ path: screenshotPath('library-run-colours') });

  const picked = [1, 4, 7, 9];
  await page.goto(`/compare?runs=${picked.map((i) => ids[i]).join(',')}`);
  const headers = page.getByTestId('diff-table').locator('thead .swatch');
  await expect(headers).toHaveCount(4);
  expect(await backgrounds(headers)).toEqual([
    library[1],
    library[4],
    'rgb(18, 52, 86)',
    library[9]
  ]);
  await page.screenshot({ path: screenshotPath('compare-run-colours') });
});
