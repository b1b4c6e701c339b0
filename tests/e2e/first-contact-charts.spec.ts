// First contact with the comparison charts (issue 11 items 1 and 13): no chart is blank while
// it claims points, and one odd run does not flatten or hide the others.
import { writeFileSync } from 'node:fs';
import { steplessJson } from './compare-data';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { test, expect, screenshotPath } from './fixtures';

/** Writes `json` to a file, imports it through the file input and compares the runs `ids`. */
async function compareImported(page: Page, info: TestInfo, json: string, ids: string[]) {
  const file = info.outputPath('runs.json');
  writeFileSync(file, json);
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.goto(`/compare?runs=${ids.join(',')}`);
}

/**
 * Pixels of the plot canvas in a strong colour: the runs' lines and dots (axes, grid and labels
 * are grey). A blank chart has none.
 */
async function colouredPixels(chart: Locator): Promise<number> {
  return chart
    .locator('canvas')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 80) count++;
      }
      return count;
    });
}

test('runs logged without steps are drawn against time, and the chart says so', async ({
  page
}, testInfo) => {
  // Every point at step 0 (MLflow without a step), plus a run with a single point.
  await compareImported(page, testInfo, steplessJson(2, 213, 2, true), [
    'stepless-0',
    'stepless-1',
    'stepless-2'
  ]);
  const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  await expect(chart).toHaveAttribute('data-lines', '3');
  await expect(chart.getByTestId('x-note')).toHaveText(
    'every point is at step 0: drawn against relative time'
  );
  await expect(chart).toHaveAttribute('data-x-axis', 'relative');
  // Seven minutes of points, labelled as a clock, not 0…100.
  await expect(chart).toHaveAttribute('data-x-labels', /\d:\d\d/);
  expect(await colouredPixels(chart)).toBeGreaterThan(500);
  await chart.screenshot({ path: '/tmp/charts-stepless.png' });
  await chart.screenshot({ path: screenshotPath('compare-stepless') });
});

test('a run with a single point shows a dot', async ({ page }, testInfo) => {
  await compareImported(page, testInfo, steplessJson(0, 1, 2, true), ['stepless-0']);
  const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  await expect(chart.getByTestId('points-note')).toHaveText('the only point');
  await expect(chart).toHaveAttribute('data-draws', /[1-9]/);
  // In the middle of the plot, not at the left edge of 0…100.
  await expect(chart).toHaveAttribute('data-x-labels', /^-1(\.0+)? \|.* \| 1(\.0+)?$/);
  expect(await colouredPixels(chart)).toBeGreaterThan(20);
  await chart.screenshot({ path: '/tmp/charts-one-point.png' });
});
