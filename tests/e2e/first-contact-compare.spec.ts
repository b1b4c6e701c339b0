import { decayJson, sweepJson } from './compare-data';
import { test, expect, screenshotPath, compareImported } from './fixtures';

test('a run that diverged to infinity shows no "+∞ (+Infinity%)" change against the baseline', async ({
  page
}, testInfo) => {
  // Run 1's loss ends at +Infinity, as a diverged run logs it.
  await compareImported(page, testInfo, sweepJson(3, 20, { run: 1, step: 19, value: Infinity }), [
    'sweep-0000',
    'sweep-0001',
    'sweep-0002'
  ]);
  const table = page.getByTestId('diff-table');
  await expect(table).toContainText('loss');
  await page.getByTestId('baseline').selectOption({ label: 'sweep-0' });
  // The finite run still gets its change and percentage; the diverged one none.
  await expect(table).toContainText('%');
  await expect(table).not.toContainText('Infinity');
  await expect(table).not.toContainText('NaN');
  await table.screenshot({ path: screenshotPath('compare-diverged-baseline') });
});

test('a log y axis over three decades labels its decades, each label readable and distinct', async ({
  page
}, testInfo) => {
  await compareImported(page, testInfo, decayJson(3, 300), ['decay-0', 'decay-1', 'decay-2']);
  const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  await expect(chart).toHaveAttribute('data-lines', '3');
  await page.getByTestId('chart-controls').getByLabel('Log y').check();
  await expect(chart).toHaveAttribute('data-y-labels', /0\.01/);
  const labels = ((await chart.getAttribute('data-y-labels')) ?? '').split(' | ');
  // Before, one precision for every tick printed 0.001…0.009 all as "0.00".
  expect(labels).toEqual(expect.arrayContaining(['0.001', '0.01', '0.1', '1']));
  expect(new Set(labels).size).toBe(labels.length);
  await chart.screenshot({ path: screenshotPath('compare-log-y') });
});

test('relative time reads as a clock (h:mm:ss) on the axis and in the tooltip, not as 70,000', async ({
  page
}, testInfo) => {
  // 300 steps 250 s apart: almost 21 hours of training.
  await compareImported(page, testInfo, decayJson(2, 300, 250), ['decay-0', 'decay-1']);
  const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  await expect(chart).toHaveAttribute('data-lines', '2');
  await page.getByTestId('chart-controls').getByLabel('X axis').selectOption('relative');
  await expect(chart).toHaveAttribute('data-x-labels', /\b\d{1,2}:00:00\b/);
  const labels = ((await chart.getAttribute('data-x-labels')) ?? '').split(' | ');
  for (const label of labels) expect(label).toMatch(/^(\d{1,2}:)?\d{1,2}:\d\d$/);
  const box = (await chart.locator('canvas').first().boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await expect(chart.getByTestId('chart-tooltip')).toContainText(/elapsed\s+\d{1,2}:\d\d:\d\d/);
  await chart.screenshot({ path: screenshotPath('compare-relative-time') });
});
