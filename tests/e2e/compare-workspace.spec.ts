// The comparison workspace (issue 16, items 1 and 2): the side list of runs beside the charts
// (visibility, pin as baseline, search, bulk hide/show), the pinned baseline marked in every chart
// and the reference of the tooltips' deltas and the table's, a thousand runs in the list, panel
// sizes and overlay panels; hidden runs, baseline and layout kept on reload and in share links.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { sweepJson } from './compare-data';
import { compareImported, expect, guardContext, screenshotPath, test } from './fixtures';

/** The sample's AdamW runs (9) compared. */
async function compareAdamw(page: Page) {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.getByTestId('run-filter').fill('params.optimizer = "adamw"');
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '33');
  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();
}

const chartOf = (page: Page, metric: string) =>
  page.locator(`[data-testid="metric-chart"][data-metric="${metric}"]`);
const tableRuns = (page: Page) => page.locator('[data-testid="diff-table"] a[href^="/run"]');

test('the side list hides, finds, shows and pins runs; charts and table follow; a link keeps it', async ({
  page,
  browser,
  problems
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await compareAdamw(page);
  const rows = page.getByTestId('run-list-row');
  await expect(rows).toHaveCount(9);
  const loss = chartOf(page, 'train/loss');
  await expect(loss).toHaveAttribute('data-lines', '9');
  await expect(tableRuns(page)).toHaveCount(9);

  // Search: the runs whose names hold "lr0.1", hidden together, out of every chart and table.
  await page.getByTestId('run-list-search').fill('lr0.1');
  await expect(page.getByTestId('run-list-count')).toHaveText('3 of 9 runs');
  await page.getByTestId('run-list-hide-matching').click();
  await expect(loss).toHaveAttribute('data-lines', '6');
  await expect(chartOf(page, 'val/accuracy')).toHaveAttribute('data-lines', '6');
  await expect(tableRuns(page)).toHaveCount(6);
  await expect(page.getByTestId('run-list-count')).toHaveText('3 of 9 runs, 3 hidden');
  await page.getByTestId('run-list-search').fill('');
  await page.getByTestId('run-list-show-matching').click();
  await expect(loss).toHaveAttribute('data-lines', '9');

  // One run hidden by its own toggle: still in the list (struck through), gone from the views.
  const hiddenRow = rows.nth(0);
  const hiddenName = (await hiddenRow.locator('.name').textContent())!;
  await hiddenRow.getByTestId('run-visibility').uncheck();
  await expect(hiddenRow).toHaveAttribute('data-hidden', 'true');
  await expect(loss).toHaveAttribute('data-lines', '8');
  await expect(loss.locator('.legend li')).not.toContainText([hiddenName]);
  await expect(tableRuns(page)).toHaveCount(8);

  // Pin as baseline: named in the chart legends, the table's baseline, the reference in tooltips.
  const pinned = rows.nth(2);
  const pinnedKey = (await pinned.getAttribute('data-key'))!;
  const pinnedName = (await pinned.locator('.name').textContent())!;
  await pinned.getByTestId('run-pin').click();
  await expect(pinned).toHaveAttribute('data-baseline', 'true');
  await expect(loss.getByTestId('legend-baseline')).toHaveCount(1);
  await expect(
    loss.locator('.legend li', { has: page.getByTestId('legend-baseline') })
  ).toContainText(pinnedName);
  await expect(chartOf(page, 'val/loss').getByTestId('legend-baseline')).toHaveCount(1);
  await expect(page.getByTestId('baseline')).toHaveValue(pinnedKey);
  await expect(page.getByTestId('table-baseline')).toHaveCount(1);
  await expect(page.getByTestId('table-baseline').locator('..')).toContainText(pinnedName);
  // The table measures from it: every other run's final metric gets a change.
  await expect(page.locator('[data-testid="diff-table"] .change').first()).toBeVisible();
  const plot = loss.locator('.plot');
  await plot.scrollIntoViewIfNeeded();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  const tooltip = loss.getByTestId('chart-tooltip');
  await expect(tooltip.getByTestId('tooltip-baseline')).toHaveCount(1);
  // Every run with a value here gets its delta, the baseline none; each delta is the difference.
  const tipRows = await tooltip.locator('.row').evaluateAll((els) =>
    els.map((e) => ({
      base: !!e.querySelector('[data-testid="tooltip-baseline"]'),
      value: Number(e.querySelector('.value')!.textContent),
      delta: e.querySelector('.delta')?.textContent?.replace('−', '-').replace('±', '') ?? null
    }))
  );
  expect(tipRows.length).toBeGreaterThan(3);
  const baseValue = tipRows.find((r) => r.base)!.value;
  for (const r of tipRows.filter((r) => !r.base)) {
    // Shown to 3 significant digits.
    const expected = r.value - baseValue;
    expect(Math.abs(Number(r.delta) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 0.005);
  }
  expect(tipRows.filter((r) => r.delta === null)).toHaveLength(1);
  await page.screenshot({ path: screenshotPath('compare-workspace-baseline') });

  // Kept for the next visit.
  await page.reload();
  await expect(rows.nth(0)).toHaveAttribute('data-hidden', 'true');
  await expect(rows.nth(2)).toHaveAttribute('data-baseline', 'true');
  await expect(loss).toHaveAttribute('data-lines', '8');

  // A share link carries the hidden run and the baseline to someone else.
  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  const fresh = await browser.newContext();
  await guardContext(fresh, problems);
  const other = await fresh.newPage();
  await other.setViewportSize({ width: 1440, height: 900 });
  await other.goto(link);
  await expect(other.getByTestId('run-list-row')).toHaveCount(9);
  await expect(other.locator('[data-testid="run-list-row"][data-hidden="true"] .name')).toHaveText(
    hiddenName
  );
  await expect(
    other.locator('[data-testid="run-list-row"][data-baseline="true"] .name')
  ).toHaveText(pinnedName);
  await expect(chartOf(other, 'train/loss')).toHaveAttribute('data-lines', '8');
  await expect(chartOf(other, 'train/loss').getByTestId('legend-baseline')).toHaveCount(1);
  await fresh.close();
});

test('a thousand runs in the side list: only the rows in view are drawn, search and bulk hide stay quick', async ({
  page
}, info) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const ids = Array.from({ length: 1000 }, (_, i) => `sweep-${String(i).padStart(4, '0')}`);
  await compareImported(page, info, sweepJson(1000, 20), ids);
  const rows = page.getByTestId('run-list-row');
  await expect(page.getByTestId('run-list-count')).toHaveText('1,000 runs', { timeout: 60_000 });
  const drawn = await rows.count();
  expect(drawn).toBeGreaterThan(10);
  expect(drawn).toBeLessThan(80);

  // Scrolled to the end: the last run is drawn, the first no longer.
  await page.locator('[data-testid="run-list"] .rows').evaluate((el) => (el.scrollTop = 1e9));
  await expect(rows.last()).toContainText('sweep-999');
  await expect(rows.filter({ hasText: /^sweep-0$/ })).toHaveCount(0);

  // Main-thread time of each change, from the event to the next frame (the worker's redraws
  // of the charts come after, off this thread).
  const timed = (act: string) =>
    page.evaluate(async (act) => {
      const start = performance.now();
      if (act === 'hide') {
        (document.querySelector('[data-testid="run-list-hide-matching"]') as HTMLElement).click();
      } else {
        const input = document.querySelector('[data-testid="run-list-search"]') as HTMLInputElement;
        input.value = act;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return Math.round(performance.now() - start);
    }, act);
  const chart = chartOf(page, 'loss');
  await expect(chart).toHaveAttribute('data-lines', '1000', { timeout: 30_000 });
  const searchMs = await timed('sweep-99');
  await expect(page.getByTestId('run-list-count')).toHaveText('11 of 1,000 runs');
  const hideMs = await timed('hide');
  await expect(page.getByTestId('run-list-count')).toHaveText('11 of 1,000 runs, 11 hidden');
  await expect(chart).toHaveAttribute('data-lines', '989', { timeout: 30_000 });
  const clearMs = await timed('');
  await expect(page.getByTestId('run-list-count')).toHaveText('1,000 runs, 11 hidden');
  const hideAllMs = await timed('hide');
  await expect(page.getByTestId('run-list-count')).toHaveText('1,000 runs, 1,000 hidden');
  await expect(page.getByTestId('charts-empty')).toHaveText(
    'Every run is hidden: tick runs in the list to draw them.'
  );
  info.annotations.push({
    type: 'timing',
    description: `1,000 runs, main thread to next frame: search ${searchMs} ms, hide 11 ${hideMs} ms, clear search ${clearMs} ms, hide all ${hideAllMs} ms; ${drawn} rows drawn`
  });
  console.log(info.annotations.at(-1)!.description);
  for (const ms of [searchMs, hideMs, clearMs, hideAllMs]) expect(ms).toBeLessThan(500);
  await page.screenshot({ path: screenshotPath('compare-workspace-1000') });
});

test('a saved view brings back hidden runs, the baseline, the panel size and overlays', async ({
  page
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await compareAdamw(page);
  const rows = page.getByTestId('run-list-row');
  await expect(rows).toHaveCount(9);
  await rows.nth(0).getByTestId('run-visibility').uncheck();
  await rows.nth(2).getByTestId('run-pin').click();
  await page.getByTestId('panel-size').selectOption('small');
  await page.getByTestId('overlay-add').click();
  await page.locator('[data-testid="overlay-metric"][value="train/accuracy"]').check();
  await page.locator('[data-testid="overlay-metric"][value="val/accuracy"]').check();
  await page.getByTestId('overlay-create').click();
  const overlay = chartOf(page, 'train/accuracy + val/accuracy');
  await expect(overlay).toHaveAttribute('data-lines', '16');

  await page.getByTestId('saved-views').click();
  await page.getByTestId('view-name').fill('accuracy layout');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('saved-view')).toHaveCount(1);
  await page.getByTestId('saved-views').click();

  // Everything undone…
  await page.getByTestId('run-list-show-matching').click();
  await page.getByTestId('run-unpin').click();
  await page.getByTestId('panel-size').selectOption('large');
  await overlay.getByTestId('overlay-remove').click();
  await expect(rows.nth(0)).toHaveAttribute('data-hidden', 'false');
  await expect(page.getByTestId('overlay-section')).toHaveCount(0);

  // …and brought back by the view.
  await page.getByTestId('saved-views').click();
  await page
    .getByTestId('saved-view')
    .getByRole('button', { name: 'accuracy layout', exact: true })
    .click();
  await expect(rows.nth(0)).toHaveAttribute('data-hidden', 'true');
  await expect(rows.nth(2)).toHaveAttribute('data-baseline', 'true');
  await expect(page.getByTestId('panel-size')).toHaveValue('small');
  await expect(overlay).toHaveAttribute('data-lines', '16');
  await expect(overlay.getByTestId('legend-baseline')).toHaveCount(1);
  await expect(chartOf(page, 'train/loss')).toHaveAttribute('data-lines', '8');

  // The SVG export draws what the chart draws: val dashed, the baseline's two lines wider.
  const download = page.waitForEvent('download');
  await overlay.getByTestId('chart-export-svg').click();
  const svg = readFileSync(await (await download).path(), 'utf8');
  const lines = [...svg.matchAll(/<polyline [^>]*>/g)].map((m) => m[0]);
  const wide = lines.filter((l) => l.includes('stroke-width="3"'));
  expect(wide).toHaveLength(2);
  expect(lines.filter((l) => l.includes('stroke-dasharray')).length).toBeGreaterThanOrEqual(8);
});

test('a panel draws its own choice of runs, the others every run; kept on reload and in a link', async ({
  page,
  browser,
  problems
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await compareAdamw(page);
  const loss = chartOf(page, 'train/loss');
  const val = chartOf(page, 'val/loss');
  await expect(loss).toHaveAttribute('data-lines', '9');
  const picker = loss.getByTestId('panel-runs');
  await expect(picker).toHaveText('Runs: all');
  await picker.click();
  const choices = loss.getByTestId('panel-run');
  await expect(choices).toHaveCount(9);
  const kept = [0, 4, 8];
  const keptKeys: string[] = [];
  for (let i = 0; i < 9; i++) {
    if (kept.includes(i)) keptKeys.push((await choices.nth(i).getAttribute('value'))!);
    else await choices.nth(i).uncheck();
  }
  await expect(picker).toHaveText('Runs: 3 of 9');
  await expect(loss).toHaveAttribute('data-lines', '3');
  await expect(val).toHaveAttribute('data-lines', '9');
  // The last run of a panel cannot be unticked: a panel always draws something.
  await choices.nth(4).uncheck();
  await choices.nth(8).uncheck();
  await expect(choices.nth(0)).toBeDisabled();
  await choices.nth(4).check();
  await choices.nth(8).check();
  await page.screenshot({ path: screenshotPath('compare-panel-runs') });
  await loss.getByRole('button', { name: 'Close' }).click();

  // Hiding a chosen run everywhere takes it from the panel too; showing it brings it back.
  const rows = page.getByTestId('run-list-row');
  await page
    .locator(`[data-testid="run-list-row"][data-key="${keptKeys[1]}"]`)
    .getByTestId('run-visibility')
    .uncheck();
  await expect(loss).toHaveAttribute('data-lines', '2');
  await expect(val).toHaveAttribute('data-lines', '8');
  await rows.getByTestId('run-visibility').first().check();
  await page.getByTestId('run-list-show-matching').click();
  await expect(loss).toHaveAttribute('data-lines', '3');

  await page.reload();
  await expect(chartOf(page, 'train/loss')).toHaveAttribute('data-lines', '3');
  await expect(chartOf(page, 'val/loss')).toHaveAttribute('data-lines', '9');

  // A share link carries the panel's choice.
  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  const fresh = await browser.newContext();
  await guardContext(fresh, problems);
  const other = await fresh.newPage();
  await other.setViewportSize({ width: 1440, height: 900 });
  await other.goto(link);
  await expect(chartOf(other, 'train/loss')).toHaveAttribute('data-lines', '3');
  await expect(chartOf(other, 'train/loss').getByTestId('panel-runs')).toHaveText('Runs: 3 of 9');
  await expect(chartOf(other, 'val/loss')).toHaveAttribute('data-lines', '9');
  await fresh.close();

  // "All runs" gives the panel every run again.
  await chartOf(page, 'train/loss').getByTestId('panel-runs').click();
  await chartOf(page, 'train/loss').getByTestId('panel-runs-all').click();
  await expect(chartOf(page, 'train/loss')).toHaveAttribute('data-lines', '9');
});
