// A W&B chart export (Export as CSV of a grouped line plot) keeps each group's min–max band as
// `<metric>__min`/`__max`: the comparison shades it around the group's line, says so under the
// chart, and charts no band apart.
import { readFileSync } from 'node:fs';
import { test, expect, screenshotPath } from './fixtures';

const EXPORT = 'tests/fixtures/real/wandb/pyucea-chart-export-2022/wandb_export.csv';

test("a W&B chart export's bands are drawn around their lines, not as charts of their own", async ({
  page
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1300, height: 900 });
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(EXPORT);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 30_000
  });
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '3');
  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();

  const generation = page.locator('[data-testid="metric-chart"][data-metric="generation"]');
  await expect(generation).toHaveAttribute('data-lines', '3', { timeout: 20_000 });
  await expect(generation).toHaveAttribute('data-bands', '3');
  await expect(generation.getByTestId('points-note')).toContainText(
    'shaded: generation__min to generation__max of 3 lines'
  );
  // The bands are on their metric's chart: only generation and _step are charted.
  await expect
    .poll(async () =>
      (
        await page
          .getByTestId('metric-chart')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))
      ).sort()
    )
    .toEqual(['_step', 'generation']);
  await generation.scrollIntoViewIfNeeded();
  await generation.screenshot({ path: screenshotPath('wandb-chart-bands') });
});

/** A grouped loss chart as W&B exports it: each group's mean with a band that narrows. */
function groupedExport(): { csv: string; bands: Map<string, [number, number][]> } {
  const groups = ['lr: 0.1', 'lr: 0.01'];
  const header = ['Step'];
  for (const g of groups) header.push(`${g} - loss`, `${g} - loss__MIN`, `${g} - loss__MAX`);
  const bands = new Map<string, [number, number][]>(groups.map((g) => [g, []]));
  const rows = [header.map((h) => JSON.stringify(h)).join(',')];
  for (let step = 0; step < 60; step++) {
    const cells = [String(step * 10)];
    groups.forEach((g, k) => {
      const mean = (k + 1) * Math.exp(-step / 20) + 0.2;
      const spread = 0.4 * Math.exp(-step / 30) + 0.05;
      const lo = Number((mean - spread).toFixed(4));
      const hi = Number((mean + spread).toFixed(4));
      bands.get(g)!.push([lo, hi]);
      cells.push(mean.toFixed(4), String(lo), String(hi));
    });
    rows.push(cells.map((c) => JSON.stringify(c)).join(','));
  }
  return { csv: rows.join('\n') + '\n', bands };
}

test("a grouped chart export's bands come back in the chart's own CSV, value for value", async ({
  page
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1300, height: 900 });
  await page.goto('/');
  const { csv, bands } = groupedExport();
  await page.getByTestId('import-input').setInputFiles({
    name: 'wandb_export_loss.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv)
  });
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 30_000
  });
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '2');
  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();
  const loss = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  await expect(loss).toHaveAttribute('data-bands', '2', { timeout: 20_000 });
  await expect(page.getByTestId('metric-chart')).toHaveCount(1);
  await loss.screenshot({ path: screenshotPath('wandb-chart-bands-grouped') });

  const downloading = page.waitForEvent('download');
  await loss.getByTestId('chart-export-csv').click();
  const text = readFileSync((await (await downloading).path())!, 'utf8');
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const columns = head!.split(',').map((c) => c.replace(/^"|"$/g, ''));
  for (const [group, expected] of bands) {
    const low = columns.indexOf(`${group} (band low)`);
    const high = columns.indexOf(`${group} (band high)`);
    expect(low, `${group} (band low) in ${head}`).toBeGreaterThan(0);
    const read = lines.map((l) => {
      const cells = l.split(',');
      return [Number(cells[low]), Number(cells[high])];
    });
    expect(read).toEqual(expected);
  }
});
