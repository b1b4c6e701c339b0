import { writeFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import type { Run } from '../../src/lib/model';
import { writeRunlensJson } from '../../src/lib/export/runlens-json-writer';
import { test, expect, screenshotPath } from './fixtures';

/**
 * `runs` runs in experiment `exp`: every run records `shared` metrics; run i alone records
 * `only-<i>`; params as given.
 */
function coverageJson(
  exp: string,
  runs: number,
  shared: string[],
  params: (i: number) => [string, string][]
): string {
  const list: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const metric = (key: string) => {
      const steps = Float64Array.from({ length: 20 }, (_, s) => s);
      return {
        key,
        steps,
        values: steps.map((s) => 1 / (s + 1 + i)),
        timestamps: steps.map((s) => 1_700_000_000_000 + s * 1000)
      };
    };
    list.push({
      id: `${exp}-${i}`,
      experimentId: exp,
      name: `${exp}-${i}`,
      status: 'FINISHED',
      startTime: 1_700_000_000_000,
      endTime: 1_700_000_020_000,
      deleted: false,
      parentId: null,
      params: new Map(params(i)),
      tags: new Map(),
      metrics: [...shared, `aa-only-${i}`].map(metric),
      artifacts: [],
      source: { format: 'runlens-json', file: `${exp}.json` }
    });
  }
  return writeRunlensJson({
    experiments: [{ id: exp, name: exp, deleted: false, tags: new Map() }],
    runs: list
  });
}

async function importJson(page: Page, info: TestInfo, name: string, json: string) {
  const file = info.outputPath(name);
  writeFileSync(file, json);
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
}

const ids = (exp: string, n: number) => Array.from({ length: n }, (_, i) => `${exp}-${i}`);
const shownMetrics = (page: Page) =>
  page
    .locator('[data-testid="metric-chart"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')));

test('every metric is charted by default, those all runs recorded first', async ({
  page
}, testInfo) => {
  // Ten runs: two metrics they all recorded, and one each of their own whose names sort first.
  await importJson(
    page,
    testInfo,
    'coverage.json',
    coverageJson('cov', 10, ['val/loss', 'train/loss'], (i) => [['seed', String(i)]])
  );
  await page.goto(`/compare?runs=${ids('cov', 10).join(',')}`);
  await expect(page.getByTestId('metric-picker')).toHaveText(/Charts: 12 of 12 metrics/);
  await expect(page.locator('[data-metric="val/loss"]')).toHaveAttribute('data-lines', '10');
  // Before, the six alphabetically first were shown: six charts of one run each.
  const first = await shownMetrics(page);
  expect(first.slice(0, 2)).toEqual(['val/loss', 'train/loss']);
  await page.locator('#charts').screenshot({ path: screenshotPath('compare-default-charts') });
  // The rest are drawn as they are scrolled to.
  await page.locator('[data-testid="metric-chart"]').last().scrollIntoViewIfNeeded();
  await page.getByText('Drag across a chart to zoom').scrollIntoViewIfNeeded();
  await expect(page.locator('[data-testid="metric-chart"]')).toHaveCount(12);
});

test('a grouping and chart picks from one comparison do not leak into the next', async ({
  page
}, testInfo) => {
  await importJson(
    page,
    testInfo,
    'with-batch.json',
    coverageJson('batch', 4, ['loss', 'acc'], (i) => [['batch_size', String(32 << (i % 2))]])
  );
  await importJson(
    page,
    testInfo,
    'without-batch.json',
    coverageJson('plain', 3, ['loss', 'f1'], (i) => [['seed', String(i)]])
  );
  await page.goto(`/compare?runs=${ids('batch', 4).join(',')}`);
  const groupBy = page.getByTestId('group-by');
  await groupBy.selectOption('param:batch_size');
  await expect(page.locator('[data-metric="loss"]')).toHaveAttribute('data-lines', '2');
  // Pick one chart: only acc.
  await page.getByTestId('metric-picker').click();
  await page
    .getByRole('dialog', { name: 'Choose charts' })
    .getByRole('button', { name: 'Hide' })
    .click();
  await page.getByLabel('acc', { exact: true }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('metric-picker')).toHaveText(/Charts: 1 of 6 metrics/);

  // The other runs have no batch_size: no grouping, said so by the control; every chart back.
  await page.goto(`/compare?runs=${ids('plain', 3).join(',')}`);
  await expect(page.locator('[data-metric="loss"]')).toHaveAttribute('data-lines', '3');
  await expect(groupBy).toHaveValue('');
  await expect(groupBy.locator('option:checked')).toHaveText('No grouping');
  await expect(page.getByTestId('metric-picker')).toHaveText(/Charts: 5 of 5 metrics/);
  await expect(page.locator('[data-metric="f1"]')).toBeVisible();
  await page
    .getByTestId('chart-controls')
    .screenshot({ path: screenshotPath('compare-fitted-settings') });

  // A setting that applies is kept: grouping by seed survives a reload of the same runs.
  await groupBy.selectOption('param:seed');
  await page.reload();
  await expect(groupBy).toHaveValue('param:seed');
});

test('the comparison starts at the top: back link, title and sections without empty bands', async ({
  page
}, testInfo) => {
  await importJson(
    page,
    testInfo,
    'top.json',
    coverageJson('top', 2, ['loss'], (i) => [['seed', String(i)]])
  );
  await page.goto(`/compare?runs=${ids('top', 2).join(',')}`);
  await expect(page.locator('[data-metric="loss"]')).toHaveAttribute('data-lines', '2');
  const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
  const back = await top('text=← All runs');
  const title = await top('h1');
  const sections = await top('nav.sections');
  const charts = await top('#charts h2');
  // Before, a paragraph's margins plus the page's gap left about 60 px between each of them.
  expect(title.y - (back.y + back.height)).toBeLessThan(16);
  expect(sections.y - (title.y + title.height)).toBeLessThan(28);
  expect(charts.y - (sections.y + sections.height)).toBeLessThan(28);
  await page.screenshot({ path: screenshotPath('compare-page-top') });
});
