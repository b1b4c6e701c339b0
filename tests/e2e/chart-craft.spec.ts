// Line names from a template (issue 16, item 5): `{params.optimizer} lr={params.lr}` names every
// run in the legends and tooltips of every chart, is kept for the next visit, and a field a run
// lacks reads as a dash instead of breaking the name.
import { sweepJson, sweepLr } from './compare-data';
import { compareImported, expect, screenshotPath, test } from './fixtures';

test('a legend template names the lines from params, in every chart, and is remembered', async ({
  page
}, info) => {
  const ids = Array.from({ length: 4 }, (_, i) => `sweep-${String(i).padStart(4, '0')}`);
  await page.setViewportSize({ width: 1300, height: 900 });
  await compareImported(page, info, sweepJson(4, 200), ids);
  const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  await expect(chart.locator('.legend li')).toHaveCount(4);
  await expect(chart.locator('.legend li').first()).toHaveText('sweep-0');

  await page.getByTestId('label-template').fill('{params.optimizer} lr={params.lr} {params.seed}');
  const expected = ids.map((_, i) => `${i % 2 === 0 ? 'adam' : 'sgd'} lr=${sweepLr(i)} –`);
  await expect(chart.locator('.legend li')).toHaveText(expected);

  // The tooltip reads the same names.
  const plot = chart.locator('.plot');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(chart.getByTestId('chart-tooltip')).toContainText('lr=');
  await chart.screenshot({ path: screenshotPath('compare-label-template') });

  await page.reload();
  await expect(page.getByTestId('label-template')).toHaveValue(
    '{params.optimizer} lr={params.lr} {params.seed}'
  );
  await expect(chart.locator('.legend li')).toHaveText(expected);
});
