import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { sweepJson } from './compare-data';
import { test, expect, screenshotPath } from './fixtures';

test('compare three sample runs: charts, table, statistics', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.getByTestId('run-filter').fill('params.optimizer = "adamw"');
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '33');
  const boxes = page.getByTestId('run-row').getByRole('checkbox');
  await boxes.nth(0).click();
  await boxes.nth(2).click({ modifiers: ['Shift'] });
  await page.getByTestId('compare-button').click();
  await expect(page.getByRole('heading', { name: 'Compare 3 runs' })).toBeVisible();
  const charts = page.getByTestId('metric-chart');
  await expect(charts.first()).toBeVisible();
  await expect(charts.first()).toHaveAttribute('data-lines', '3');
  await expect(charts.first().getByTestId('points-note')).toContainText(/all [\d,]+ points/);
  await expect(page.getByTestId('diff-table')).toBeVisible();
  // Sections below the fold compute once they are scrolled to.
  await page.locator('#statistics').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('stats-table')).toContainText('loss');
  await page.locator('#hyperparameters').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('parallel-coordinates')).toBeVisible();
  await page.screenshot({ path: screenshotPath('compare-three'), fullPage: true });
});

/** Imports generated runs through the file input and opens their comparison by bare ids. */
async function openSweep(page: Page, file: string, ids: string[]) {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await page.goto(`/compare?runs=${ids.join(',')}`);
}

const sweepIds = (n: number) =>
  Array.from({ length: n }, (_, i) => `sweep-${String(i).padStart(4, '0')}`);

test('compare 200 runs: all 200 lines on one chart, and a tooltip of every run sorted', async ({
  page
}, testInfo) => {
  test.setTimeout(120_000);
  const file = testInfo.outputPath('sweep-200.json');
  writeFileSync(file, sweepJson(200, 500));
  await openSweep(page, file, sweepIds(200));
  await expect(page.getByRole('heading', { name: 'Compare 200 runs' })).toBeVisible();
  const chart = page.locator('[data-testid=metric-chart][data-metric=loss]');
  await expect(chart).toHaveAttribute('data-lines', '200');
  await expect(chart.getByTestId('points-note')).toHaveText('all 100,000 points');
  const box = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  const tooltip = chart.getByTestId('chart-tooltip');
  await expect(tooltip).toContainText('and 192 more');
  // Largest first: the tooltip reads down from the worst loss.
  const values = (await tooltip.locator('.value').allTextContents()).map(Number);
  expect(values).toEqual([...values].sort((a, b) => b - a));
  await page.screenshot({ path: screenshotPath('compare-200-runs') });
});

test('one spike among 100,000 points stays visible at full zoom-out, and zoom redraws every point', async ({
  page
}, testInfo) => {
  test.setTimeout(120_000);
  const file = testInfo.outputPath('spike.json');
  writeFileSync(file, sweepJson(1, 100_000, { run: 0, step: 61_234 }));
  await page.addInitScript(() =>
    localStorage.setItem(
      'runlens.compare.v1',
      JSON.stringify({ charts: ['loss'], smoothing: { kind: 'none' } })
    )
  );
  await openSweep(page, file, sweepIds(1));
  const chart = page.locator('[data-testid=metric-chart][data-metric=loss]');
  await expect(chart.getByTestId('points-note')).toHaveText('min/max envelope of 100,000 points');
  // What the chart draws, exported: the spike's value is there.
  const download = page.waitForEvent('download');
  await chart.getByTestId('chart-export-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  const drawn = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => Number(line.split(',')[1]));
  expect(Math.max(...drawn.filter((v) => Number.isFinite(v)))).toBe(25);
  // The spike is far out: clipped at the plot's top edge, marked, and named in the y note.
  await expect(chart.getByTestId('y-note')).toContainText('y clipped: 1 point of sweep-0');
  await page.screenshot({ path: screenshotPath('compare-spike'), fullPage: false });

  // Drag across a narrow stretch around the spike: redrawn from the store at the zoomed range,
  // then once more until every point in range is drawn at its own step.
  const zoomAround = async (fraction: number, halfWidth: number) => {
    const box = (await chart.locator('.u-over').boundingBox())!;
    const at = box.x + box.width * fraction;
    const draws = Number(await chart.getAttribute('data-draws'));
    await page.mouse.move(at - halfWidth, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(at + halfWidth, box.y + 20, { steps: 4 });
    await page.mouse.up();
    await expect(chart).not.toHaveAttribute('data-draws', String(draws));
  };
  await zoomAround(61_234 / 99_999, 4);
  const zoomed = await chart.getByTestId('points-note').textContent();
  const inRange = Number(/([\d,]+) points/.exec(zoomed!)![1]!.replace(/,/g, ''));
  expect(inRange).toBeLessThan(5_000);
  const csvAfter = async () => {
    const d = page.waitForEvent('download');
    await chart.getByTestId('chart-export-csv').click();
    return readFileSync(await (await d).path(), 'utf8');
  };
  const zoomedCsv = await csvAfter();
  const lines = zoomedCsv.trim().split('\r\n').slice(1);
  const x = lines.map((l) => Number(l.split(',')[0]));
  const spikeAt = lines.findIndex((l) => Number(l.split(',')[1]) === 25);
  expect(spikeAt).toBeGreaterThanOrEqual(0);
  await zoomAround((x[spikeAt]! - x[0]!) / (x[x.length - 1]! - x[0]!), 40);
  await expect(chart).toHaveAttribute('data-mode', 'exact');
  await expect(chart.getByTestId('points-note')).toHaveText(/^all [\d,]+ points$/);
  expect(await csvAfter()).toContain('\r\n61234,25\r\n');
  await page.screenshot({ path: screenshotPath('compare-spike-zoomed') });
});

test('exports: chart CSV with smoothed columns, SVG with escaped labels, PNG, table CSV', async ({
  page
}, testInfo) => {
  const file = testInfo.outputPath('sweep-3.json');
  writeFileSync(file, sweepJson(3, 50));
  await page.addInitScript(() =>
    localStorage.setItem(
      'runlens.compare.v1',
      JSON.stringify({ charts: ['loss'], smoothing: { kind: 'ema', weight: 0.6 } })
    )
  );
  await openSweep(page, file, sweepIds(3));
  const chart = page.locator('[data-testid=metric-chart][data-metric=loss]');
  await expect(chart).toHaveAttribute('data-lines', '3');

  const save = async (testId: string) => {
    const download = page.waitForEvent('download');
    await chart.getByTestId(testId).click();
    const d = await download;
    return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
  };
  const csv = await save('chart-export-csv');
  expect(csv.name).toBe('loss.csv');
  const rows = csv.bytes.toString('utf8').trim().split('\r\n');
  expect(rows[0]).toBe(
    'step,sweep-0,sweep-0 (smoothed),sweep-1,sweep-1 (smoothed),sweep-2,sweep-2 (smoothed)'
  );
  expect(rows).toHaveLength(51);
  // TensorBoard's debiased EMA starts at the first raw value.
  const first = rows[1]!.split(',');
  expect(first[2]).toBe(first[1]);

  const svg = await save('chart-export-svg');
  const svgText = svg.bytes.toString('utf8');
  expect(svgText.startsWith('<svg')).toBe(true);
  expect(svgText.match(/<polyline/g)).toHaveLength(6);
  const png = await save('chart-export-png');
  expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

  const download = page.waitForEvent('download');
  await page.getByTestId('table-export-csv').click();
  const table = readFileSync(await (await download).path(), 'utf8');
  expect(table.split('\r\n')[0]).toBe('section,key,sweep-0,sweep-1,sweep-2');
  expect(table).toContain('param,lr,0.0001,0.0001778,0.0003162\r\n');
});

test('parallel coordinates: brushing an axis keeps those runs in every view; importance names lr', async ({
  page
}, testInfo) => {
  test.setTimeout(120_000);
  const file = testInfo.outputPath('sweep-40.json');
  writeFileSync(file, sweepJson(40, 200));
  await page.addInitScript(() =>
    localStorage.setItem(
      'runlens.compare.v1',
      JSON.stringify({
        charts: ['loss'],
        group: { by: { kind: 'param', key: 'optimizer' }, center: 'mean', band: 'ci95' }
      })
    )
  );
  await openSweep(page, file, sweepIds(40));
  await page.locator('#hyperparameters').scrollIntoViewIfNeeded();
  const pc = page.getByTestId('parallel-coordinates');
  await expect(pc).toHaveAttribute('data-active', '40');
  await expect(page.getByTestId('importance-row').first()).toHaveAttribute('data-param', 'lr');
  await page.getByTestId('importance').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('compare-groups-hyper'), fullPage: true });
  await pc.screenshot({ path: screenshotPath('compare-parallel-coordinates') });

  // Drag down the top half of the optimizer axis: the categorical brush keeps one optimizer.
  const axis = pc
    .locator('[data-testid=pc-axis][data-axis="param:optimizer"]')
    .getByRole('button', { name: /^Filter by optimizer/ });
  // Centred, so the sticky section links cannot cover the top of the axis.
  await axis.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = (await axis.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.3, { steps: 5 });
  await page.mouse.up();
  await expect(pc).toHaveAttribute('data-active', '20');
  await expect(page.getByTestId('brushed-count')).toContainText('20 kept by the brushes');
  const chart = page.locator('[data-testid=metric-chart][data-metric=loss]');
  // Grouped by optimizer, only one group is left once the other is brushed out.
  await expect(chart).toHaveAttribute('data-lines', '1');
  await expect(page.getByTestId('diff-table')).toContainText('sweep-');
  await page.screenshot({ path: screenshotPath('compare-brushed'), fullPage: true });
});
