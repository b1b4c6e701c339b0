// First contact with the comparison charts (issue 11 items 1 and 13): no chart is blank while
// it claims points, and one odd run does not flatten or hide the others.
import { lossRunsJson, steplessJson } from './compare-data';
import type { Locator } from '@playwright/test';
import { test, expect, screenshotPath, compareImported } from './fixtures';

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

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const settling = (run: number, step: number) => 0.3 + Math.exp(-step / 15) + 0.02 * run;

test('one diverged run is clipped at the edge and named, not flattening the others', async ({
  page
}, testInfo) => {
  // run-1 blows up over its last 10 steps, to 1e9.
  const json = lossRunsJson(4, range(0, 60), (run, step) =>
    run === 1 && step >= 50 ? 10 ** (step - 50) : settling(run, step)
  );
  await compareImported(page, testInfo, json, ['run-0', 'run-1', 'run-2', 'run-3']);
  const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  await expect(chart).toHaveAttribute('data-lines', '4');
  await expect(chart.getByTestId('y-note')).toContainText(
    /y clipped: \d+ points of run-1 beyond range/
  );
  // The settled losses fill the plot: no label past 10.
  await expect(chart).toHaveAttribute('data-y-labels', /^[\d.]+( \| [\d.]+)*$/);
  const labels = ((await chart.getAttribute('data-y-labels')) ?? '').split(' | ').map(Number);
  expect(Math.max(...labels)).toBeLessThan(10);
  await chart.screenshot({ path: '/tmp/charts-clipped.png' });
  // The full range on request.
  await chart.getByRole('button', { name: 'Show full range' }).click();
  await expect(chart.getByTestId('y-note')).toContainText('Full y range');
  await expect(chart).toHaveAttribute('data-y-clipped', '0');
  await expect(chart).toHaveAttribute('data-y-labels', /1e\+9/);
  await chart.screenshot({ path: '/tmp/charts-full-range.png' });
});

test('a zoom into a stretch without points says so', async ({ page }, testInfo) => {
  // Steps 0–49 and 950–999: nothing between.
  const json = lossRunsJson(2, [...range(0, 50), ...range(950, 1000)], settling);
  await compareImported(page, testInfo, json, ['run-0', 'run-1']);
  const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  await expect(chart).toHaveAttribute('data-lines', '2');
  const box = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.65, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(chart.getByTestId('points-note')).toHaveText('no points in this range');
  await expect(chart.getByTestId('chart-empty')).toContainText('No points in this range');
  await chart.screenshot({ path: '/tmp/charts-empty-zoom.png' });
  await chart.getByTestId('chart-empty').getByRole('button', { name: 'Zoom out' }).click();
  await expect(chart.getByTestId('points-note')).toHaveText('all 200 points');
});

test('more than twenty runs get a compact legend to search', async ({ page }, testInfo) => {
  const json = lossRunsJson(24, range(0, 40), settling);
  await compareImported(
    page,
    testInfo,
    json,
    range(0, 24).map((i) => `run-${i}`)
  );
  const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  await expect(chart).toHaveAttribute('data-lines', '24');
  const legend = chart.getByTestId('legend-compact');
  await expect(legend.locator('li')).toHaveCount(24);
  await legend.getByTestId('legend-search').fill('run-1');
  // run-1 and run-10 … run-19.
  await expect(legend.getByTestId('legend-count')).toHaveText('11 of 24');
  await expect(legend.locator('li')).toHaveCount(11);
  await expect(legend.locator('li').first()).toHaveText('run-1');
  await chart.screenshot({ path: '/tmp/charts-legend.png' });
});
