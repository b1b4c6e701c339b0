import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { bigLibraryJson, generatedRun } from './big-library';
import { expect, screenshotPath, test } from './fixtures';

const N = 100_000;

test('100,000 runs: count, a query with OR and a range, sort by a metric, a virtual table', async ({
  page
}, testInfo) => {
  test.setTimeout(240_000);
  const file = testInfo.outputPath('sweep-100k.json');
  writeFileSync(file, bigLibraryJson(N));
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 180_000
  });
  const count = page.getByTestId('run-count');
  await expect(count).toHaveAttribute('data-count', String(N));

  // The answer, counted with a plain loop over the same generator.
  let expected = 0;
  for (let i = 0; i < N; i++) {
    const g = generatedRun(i);
    if ((g.model === 'tree' || g.model === 'svm') && g.loss >= 0.2 && g.loss <= 0.4) expected++;
  }
  await page
    .getByTestId('run-filter')
    .fill('(params.model = "tree" OR params.model = "svm") AND metrics.loss BETWEEN 0.2 AND 0.4');
  await expect(count).toHaveAttribute('data-count', String(expected));

  await page.getByTestId('run-filter').fill('');
  await expect(count).toHaveAttribute('data-count', String(N));
  // Sort by loss: one click sorts descending, a second ascending (lowest loss first).
  const lossHeader = page.getByRole('button', { name: /^metric\s*loss/ });
  await lossHeader.click();
  await lossHeader.click();
  let best = 0;
  for (let i = 1; i < N; i++) if (generatedRun(i).loss < generatedRun(best).loss) best = i;
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-run-id', `r${best}`);

  // Only the rows on screen exist, wherever the table is scrolled.
  expect(await page.getByTestId('run-row').count()).toBeLessThanOrEqual(100);
  await page
    .getByRole('grid', { name: 'Runs' })
    .evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect(page.getByTestId('run-row').first()).not.toHaveAttribute('data-run-id', `r${best}`);
  expect(await page.getByTestId('run-row').count()).toBeLessThanOrEqual(100);
  await page.screenshot({ path: screenshotPath('explorer-100k') });
});

test('a query that does not parse says where and why; the URL keeps the query', async ({
  page
}) => {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.getByTestId('run-filter').fill('metrics.loss < ');
  const error = page.getByTestId('filter-error');
  await expect(error).toContainText('Column');
  await expect(error).toContainText('^');
  await page
    .getByTestId('run-filter')
    .fill('params.optimizer = "sgd" and attributes.status = "FINISHED"');
  await expect(error).toHaveCount(0);
  await expect(page).toHaveURL(/q=params\.optimizer/);
  // The count answers after the URL changes: wait for the filtered count before reading it.
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '33');
  const matching = await page.getByTestId('run-count').getAttribute('data-count');
  await page.reload();
  await expect(page.getByTestId('run-filter')).toHaveValue(
    'params.optimizer = "sgd" and attributes.status = "FINISHED"'
  );
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', matching!);
});

test('the address follows the filter back to none when it is cleared, before and after a sort', async ({
  page
}) => {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  const filter = page.getByTestId('run-filter');
  await filter.fill('params.optimizer = "sgd"');
  await expect(page).toHaveURL(/q=params\.optimizer/);
  await filter.fill('');
  await expect(page).not.toHaveURL(/q=/);
  await page.reload();
  await expect(filter).toHaveValue('');

  await page.getByRole('button', { name: /^metric\s*train\/loss/ }).click();
  await expect(page).toHaveURL(/sort=/);
  await filter.fill('params.optimizer = "sgd"');
  await expect(page).toHaveURL(/q=params\.optimizer/);
  await filter.fill('');
  await expect(page).not.toHaveURL(/q=/);
  await expect(page).toHaveURL(/sort=/);
});

test('select with click and shift-click, then compare the selected runs', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.getByTestId('run-filter').fill('params.optimizer = "sgd"');
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '33');
  const boxes = page.getByTestId('run-row').getByRole('checkbox');
  await boxes.nth(0).click();
  await boxes.nth(3).click({ modifiers: ['Shift'] });
  await expect(page.getByText('4 selected')).toBeVisible();
  await page.getByTestId('compare-button').click();
  await expect(page).toHaveURL(/\/compare\?runs=/);
  await expect(page.getByRole('heading', { name: 'Compare 4 runs' })).toBeVisible();
  await expect(page.getByTestId('diff-table').getByRole('link', { name: /resnet18-/ })).toHaveCount(
    4
  );
});

test('keyboard: / focuses the filter, j/k move, x selects, ? lists the shortcuts', async ({
  page
}) => {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  // The explorer (and its shortcuts) mounts once the library has been read after the import.
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByTestId('run-filter')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(page.getByText('1 selected')).toBeVisible();
  await expect(page.locator('[data-testid=run-row][aria-selected=true]')).toHaveCount(1);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
});

test('delete an experiment, then undo while the page is open', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  const panel = page.getByRole('complementary', { name: 'Experiments' });
  await panel.getByText('bert-finetune-cv').hover();
  await panel.getByRole('button', { name: 'Delete the experiment bert-finetune-cv' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '27');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
  await expect(panel.getByText('bert-finetune-cv')).toBeVisible();
});

/** Tree levels of the rendered rows, top to bottom. */
async function levels(page: Page): Promise<number[]> {
  return page
    .getByTestId('run-row')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-level'))));
}

function isTreeOrder(ls: number[]): boolean {
  return ls.length > 0 && ls[0] === 1 && ls.every((l, i) => i === 0 || l <= ls[i - 1]! + 1);
}

test("PyCaret's 45-level chain of nested runs is a tree, and stays one under sort and filter", async ({
  page
}) => {
  await page.goto('/');
  await page
    .getByTestId('import-folder-input')
    .setInputFiles('tests/fixtures/real/mlflow-filestore/ds4b-pycaret/mlruns');
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '90');
  // Rows arrive in batches after the count (and the new runs are scrolled to): wait for them.
  await expect.poll(async () => isTreeOrder(await levels(page))).toBe(true);
  let ls = await levels(page);
  expect(Math.max(...ls)).toBeGreaterThan(10);

  // Sort by a metric and filter: matching runs keep their ancestors (dimmed) above them.
  await page
    .getByRole('button', { name: /^metric\s*AUC/ })
    .first()
    .click();
  await page.getByTestId('run-filter').fill('metrics.AUC > 0.8');
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '90');
  await expect.poll(async () => Math.max(...(await levels(page)))).toBeGreaterThan(5);
  ls = await levels(page);
  expect(isTreeOrder(ls)).toBe(true);
  await expect(page.locator('[data-testid=run-row][data-context]').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('explorer-tree') });

  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(page.locator('[data-testid=run-row]:not([aria-level="1"])')).toHaveCount(0);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect.poll(async () => Math.max(...(await levels(page)))).toBeGreaterThan(5);
});

test('a metric column can show the value at a chosen step, and sorts by it; colours persist', async ({
  page
}) => {
  // The expectation, read straight from the sample file: best val/accuracy at epoch 10.
  const sample = JSON.parse(readFileSync('static/sample/runlens-sample.json', 'utf8')) as {
    runs: {
      id: string;
      metrics: { key: string; steps: number[]; values: (number | string)[] }[];
    }[];
  };
  let best = { id: '', value: -Infinity };
  for (const r of sample.runs) {
    const m = r.metrics.find((x) => x.key === 'val/accuracy');
    const i = m ? m.steps.indexOf(10) : -1;
    const v = i >= 0 ? Number(m!.values[i]) : NaN;
    if (v > best.value) best = { id: r.id, value: v };
  }

  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.getByText('Columns', { exact: true }).click();
  await page.getByLabel('Find a column').fill('val/accuracy');
  const box = page.getByRole('checkbox', { name: /^metric\s*val\/accuracy\s/ });
  if (!(await box.isChecked())) await box.check();
  await page.getByText('Columns', { exact: true }).click();
  await page.getByRole('button', { name: 'Column options for metric · val/accuracy' }).click();
  await page.getByRole('combobox').selectOption('step');
  await page.getByRole('spinbutton').fill('10');
  await page.getByRole('spinbutton').press('Enter');
  const header = page.getByRole('button', { name: /^metric\s*val\/accuracy\s*@ step 10/ });
  await header.click(); // descending: highest accuracy at step 10 first
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-run-id', best.id);

  const first = page.getByTestId('run-row').first();
  await first.locator('input[type=color]').fill('#ff0000');
  await page.reload();
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-run-id', best.id);
  await expect(page.getByTestId('run-row').first().locator('.swatch')).toHaveCSS(
    'background-color',
    'rgb(255, 0, 0)'
  );
});

test('a regular-expression filter loads its engine on demand and agrees with OR', async ({
  page
}) => {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  const count = page.getByTestId('run-count');
  await page
    .getByTestId('run-filter')
    .fill('params.optimizer = "sgd" or params.optimizer = "adamw"');
  await expect(count).not.toHaveAttribute('data-count', '33');
  const expected = await count.getAttribute('data-count');
  await page.getByTestId('run-filter').fill('params.optimizer REGEXP "^(sgd|adamw)$"');
  await expect(page.getByTestId('filter-error')).toHaveCount(0);
  await expect(count).toHaveAttribute('data-count', expected!);
  // A pattern that backtracks exponentially elsewhere answers at once here.
  await page.getByTestId('run-filter').fill('attributes.run_name REGEXP "(a+)+$"');
  await expect(count).toHaveAttribute('data-count', '0');
});
