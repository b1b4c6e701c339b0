// Chart craft (issue 16, item 5): line names from a template (`{params.optimizer} lr={params.lr}`)
// in every legend and tooltip, a field a run lacks read as a dash; the line width; both kept for
// the next visit; and a run pointed at in one chart highlighted in all of them.
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

  // Thicker lines: more of the plot is inked in the runs' colours.
  const ink = () =>
    chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      // Saturated pixels are lines; the grid and text are grey.
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
      }
      return n;
    });
  const thin = await ink();
  const draws = Number(await chart.getAttribute('data-draws'));
  await page.getByTestId('line-width').selectOption('3');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-draws')))
    .toBeGreaterThan(draws);
  expect(await ink()).toBeGreaterThan(thin * 1.5);

  await page.reload();
  await expect(page.getByTestId('line-width')).toHaveValue('3');
  await expect(page.getByTestId('label-template')).toHaveValue(
    '{params.optimizer} lr={params.lr} {params.seed}'
  );
  await expect(chart.locator('.legend li')).toHaveText(expected);
});

test('pointing at a run in one chart highlights it in every chart, the others dimmed', async ({
  page
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1300, height: 1000 });
  await page.goto('/');
  await page
    .getByTestId('import-folder-input')
    .setInputFiles('tests/fixtures/real/wandb/vq-vae-wandb-0.19.8-2025');
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();
  const first = page.locator('[data-testid="metric-chart"][data-metric="train_loss"]');
  const second = page.locator('[data-testid="metric-chart"][data-metric="train_quantized_loss"]');
  await expect.poll(async () => Number(await second.getAttribute('data-draws'))).toBeGreaterThan(0);
  const entry = first.locator('.legend li').nth(1);
  const label = (await entry.textContent())!.trim();
  await entry.hover();
  // Both charts focus the same line, named by its run key (the legend entry's line).
  const highlighted = await second.getAttribute('data-highlight');
  expect(highlighted).toBeTruthy();
  await expect(first).toHaveAttribute('data-highlight', highlighted!);
  await expect(second.locator('.legend li.highlighted')).toHaveText(label);
  await page.screenshot({ path: screenshotPath('compare-highlight') });
  await page.mouse.move(5, 5);
  await expect(second).toHaveAttribute('data-highlight', '');
});
