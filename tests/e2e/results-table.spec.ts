import { readFileSync, writeFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import {
  PAPER_DATASETS,
  PAPER_MODELS,
  PAPER_SEEDS,
  paperFinalAcc,
  paperGridJson
} from './compare-data';
import { test, expect, screenshotPath } from './fixtures';

/** Mean and sample std (n − 1) of a few numbers, written out here so the page is checked. */
function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const squares = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(squares / (values.length - 1)) };
}

/** The cell of model m on dataset d, from the grid's own final values (or its peaks). */
function expectedCell(m: number, d: number, best = false) {
  return meanStd(PAPER_SEEDS.map((s) => paperFinalAcc(m, d, s) + (best ? 0.02 : 0)));
}

async function fileOf(download: Promise<Download>): Promise<string> {
  return readFileSync((await (await download).path())!, 'utf8');
}

async function exportAs(page: Page, format: 'LaTeX' | 'Markdown' | 'CSV'): Promise<string> {
  await page.getByRole('radio', { name: format }).check();
  const download = page.waitForEvent('download');
  await page.getByTestId('results-download').click();
  return fileOf(download);
}

test('a results table of a model × dataset × seed grid: numbers on screen and in LaTeX, Markdown and CSV', async ({
  page,
  context
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const file = testInfo.outputPath('grid.json');
  writeFileSync(file, paperGridJson());
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  const ids = PAPER_MODELS.flatMap((_, m) =>
    PAPER_DATASETS.flatMap((_, d) => PAPER_SEEDS.map((s) => `grid-${m}-${d}-${s}`))
  );
  await page.goto(`/compare?runs=${ids.join(',')}`);
  await expect(page.getByRole('heading', { name: 'Compare 18 runs' })).toBeVisible();
  await page.getByRole('link', { name: 'Results table' }).click();

  // The first layout: models in rows, datasets in columns, the seeds pooled in each cell.
  const table = page.getByTestId('results-table');
  await expect(table).toHaveAttribute('data-runs', '18');
  await expect(page.getByTestId('results-rows')).toHaveValue('param:model');
  await expect(page.getByTestId('results-columns')).toHaveValue('param:dataset');
  await expect(page.getByTestId('results-metric')).toHaveValue('val/acc');
  await expect(page.getByTestId('results-pooled')).toHaveCount(0);

  await page.getByTestId('results-baseline').selectOption('cnn');
  const cell = (m: number, d: number) =>
    page.locator(
      `[data-testid=results-cell][data-row="${PAPER_MODELS[m]}"][data-column="${PAPER_DATASETS[d]}"]`
    );
  // Accuracy goes up: the best mean per dataset is the highest.
  for (const d of [0, 1]) {
    const means = PAPER_MODELS.map((_, m) => expectedCell(m, d).mean);
    const bestModel = means.indexOf(Math.max(...means));
    for (const m of [0, 1, 2]) {
      const { mean, std } = expectedCell(m, d);
      await expect(cell(m, d).getByTestId('results-value-text')).toHaveText(
        `${mean.toFixed(3)} ± ${std.toFixed(3)}`
      );
      await expect(cell(m, d)).toContainText('n=3');
      await expect(cell(m, d)).toHaveAttribute('data-best', String(m === bestModel));
      // Against cnn, Welch's p is 0.019 for resnet and 0.024 for vit (scipy's ttest_ind).
      await expect(cell(m, d)).toHaveAttribute('data-significant', String(m !== 0));
    }
  }
  await page.screenshot({ path: screenshotPath('results-table'), fullPage: false });
  await page
    .getByTestId('results-table')
    .screenshot({ path: screenshotPath('results-table-cells') });

  // LaTeX: booktabs rules, names escaped, the numbers above, bold best, † against the baseline.
  const latex = await exportAs(page, 'LaTeX');
  const row = (m: number, name: string) =>
    `${name} & ${[0, 1]
      .map((d) => {
        const { mean, std } = expectedCell(m, d);
        const body = `${mean.toFixed(3)} \\pm ${std.toFixed(3)}`;
        return `$${m === 2 ? `\\mathbf{${body}}` : body}${m !== 0 ? '^{\\dagger}' : ''}$ (3)`;
      })
      .join(' & ')} \\\\`;
  expect(latex).toContain(
    [
      '\\begin{tabular}{lcc}',
      '\\toprule',
      ' & \\multicolumn{2}{c}{val/acc by dataset} \\\\',
      '\\cmidrule(lr){2-3}',
      'model & cifar10 & mnist \\\\',
      '\\midrule',
      row(0, 'cnn'),
      row(1, 'resnet'),
      row(2, 'vit\\_b\\&16\\%'),
      '\\bottomrule',
      '\\end{tabular}'
    ].join('\n')
  );
  // The on-screen preview and the clipboard hold the same text as the file.
  await expect(page.getByTestId('results-export')).toHaveText(latex);
  await page.getByTestId('results-copy').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(latex);

  const markdown = await exportAs(page, 'Markdown');
  const vitMnist = expectedCell(2, 1);
  expect(markdown).toContain(
    `| vit\\_b\\&16% | **${expectedCell(2, 0).mean.toFixed(3)} ± ${expectedCell(2, 0).std.toFixed(3)}** † (n=3) | **${vitMnist.mean.toFixed(3)} ± ${vitMnist.std.toFixed(3)}** † (n=3) |`
  );
  expect(markdown.split('\n')[1]).toBe('| :--- | ---: | ---: |');

  const csv = (await exportAs(page, 'CSV')).trim().split('\r\n');
  expect(csv).toHaveLength(1 + 3 * 2);
  const resnetCifar = csv.find((l) => l.startsWith('resnet,cifar10,'))!.split(',');
  expect(Number(resnetCifar[4])).toBe(3);
  expect(Number(resnetCifar[5])).toBeCloseTo(expectedCell(1, 0).mean, 9);
  expect(Number(resnetCifar[6])).toBeCloseTo(expectedCell(1, 0).std, 9);
  expect(Number(resnetCifar[10])).toBeCloseTo(0.01863115142575229, 6);

  // Each run's best (its peak, 0.02 above its final value) instead of its final value.
  await page.getByTestId('results-value').selectOption('best');
  const peak = expectedCell(0, 0, true);
  await expect(cell(0, 0).getByTestId('results-value-text')).toHaveText(
    `${peak.mean.toFixed(3)} ± ${peak.std.toFixed(3)}`
  );
  // Against resnet, vit's gain is not significant (p = 0.21) and cnn's loss is (p = 0.019).
  await page.getByTestId('results-baseline').selectOption('resnet');
  await expect(cell(2, 0)).toHaveAttribute('data-significant', 'false');
  await expect(cell(0, 0)).toHaveAttribute('data-significant', 'true');
  // The 95% t-interval: t(0.975, 2) = 4.302653 times std / √3.
  await page.getByTestId('results-spread').selectOption('ci95');
  await expect(cell(0, 0).getByTestId('results-value-text')).toHaveText(
    `${peak.mean.toFixed(3)} ± ${((4.302653 * peak.std) / Math.sqrt(3)).toFixed(3)}`
  );

  // A run pinned as the comparison's baseline: its row is the table's reference once the table
  // follows the pin (a row chosen by hand wins until then).
  const baseline = page.getByTestId('results-baseline');
  await page.getByTestId('run-list-search').fill('grid-1-0-0');
  await page.getByTestId('run-list-row').first().getByTestId('run-pin').click();
  await expect(baseline.locator('option:checked')).toHaveText('resnet');
  await baseline.selectOption('pinned');
  await expect(baseline.locator('option:checked')).toHaveText("the pinned run's: resnet");
  await expect(page.locator('[data-testid=results-table] tr.baseline th')).toContainText('resnet');
  await expect(cell(0, 0)).toHaveAttribute('data-significant', 'true');
  await expect(cell(2, 0)).toHaveAttribute('data-significant', 'false');
  // Another pin moves the reference with it: now cnn's row, against which vit's gain is marked.
  await page.getByTestId('run-list-search').fill('grid-0-0-0');
  await page.getByTestId('run-list-row').first().getByTestId('run-pin').click();
  await expect(baseline.locator('option:checked')).toHaveText("the pinned run's: cnn");
  await expect(cell(0, 0)).toHaveAttribute('data-significant', 'false');
  await expect(cell(1, 0)).toHaveAttribute('data-significant', 'true');
});
