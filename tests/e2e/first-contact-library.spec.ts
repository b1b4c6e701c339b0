// The library at first contact: runs from several tools in one table, columns that fit the runs
// in view, empty results that say why, artifacts of mlflow-export-import runs, counts in words,
// and freshly imported runs shown and highlighted.
import type { Page } from '@playwright/test';
import { expect, loadSample, screenshotPath, test } from './fixtures';

const SACRED_RUNS = 'tests/fixtures/real/json-logs/sacred-ml-pws-2024/runs';
const EXPORT_2022 = 'tests/fixtures/real/mlflow-export-import/mlflow-export-import-samples-2022';
const TENSORBOARD_CATBOOST =
  'tests/fixtures/real/tensorboard/catboost-info-ds4b-2023/catboost_info';

/** Imports a folder and waits for that import's own end, not the "done" left by the one before. */
async function importFolder(page: Page, folder: string): Promise<void> {
  // The status keeps the previous import's "done" until the new one starts; without this, the
  // next import could start while this one still ran (seen in CI: 36 runs of 39).
  await page.evaluate(() =>
    document.querySelector('[data-testid="import-status"]')?.removeAttribute('data-state')
  );
  await page.getByTestId('import-folder-input').setInputFiles(folder);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
}

/** The table's column headers, in order: run facts by title, keys as `param · lr`. */
async function headers(page: Page): Promise<string[]> {
  return page
    .getByRole('columnheader')
    .locator('.title .text')
    .evaluateAll((els) =>
      els.map(
        (el) =>
          el.querySelector('.key-name')?.getAttribute('title') ?? (el.textContent ?? '').trim()
      )
    );
}

test('runs from four tools sit in one library and one comparison: a badge, a Source column, a source filter', async ({
  page
}) => {
  await loadSample(page);
  await importFolder(page, SACRED_RUNS);
  await importFolder(page, EXPORT_2022);
  await importFolder(page, TENSORBOARD_CATBOOST);
  const count = page.getByTestId('run-count');
  await expect(count).toHaveAttribute('data-count', String(33 + 3 + 2 + 1));
  // Runs of several tools: the Source column is among the default columns.
  expect(await headers(page)).toContain('Source');

  const filter = page.getByTestId('run-filter');
  const badges = page.getByTestId('run-source');
  await filter.fill('source = "tensorboard"');
  await expect(count).toHaveAttribute('data-count', '1');
  // Runs of one tool need no badge on every row.
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(badges).toHaveCount(0);
  await filter.fill('source = "sacred"');
  await expect(count).toHaveAttribute('data-count', '3');
  await filter.fill('attributes.source IN ("sacred", "mlflow-export-import")');
  await expect(count).toHaveAttribute('data-count', '5');
  await filter.fill('tool = "MLflow"');
  await expect(count).toHaveAttribute('data-count', '2');
  await filter.fill('tool != "Runlens"');
  await expect(count).toHaveAttribute('data-count', '6');
  await expect(badges.filter({ hasText: /^Sacred$/ })).toHaveCount(3);
  await expect(badges.filter({ hasText: /^MLflow$/ })).toHaveCount(2);
  await expect(badges.filter({ hasText: /^TensorBoard$/ })).toHaveCount(1);
  await page.mouse.click(5, 5); // ends the highlight of the last import, for a calm screenshot
  await page.screenshot({ path: screenshotPath('library-sources') });

  // The same runs, side by side in one comparison.
  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();
  await expect(page).toHaveURL(/\/compare\?runs=/);
  expect(new URL(page.url()).searchParams.get('runs')!.split(',')).toHaveLength(6);
  await expect(page.getByTestId('diff-table')).toBeVisible();
});

test('default columns come from the runs in view; a chosen column set is kept', async ({
  page
}) => {
  await loadSample(page);
  const panel = page.getByRole('complementary', { name: 'Experiments' });
  await panel.getByRole('checkbox', { name: /bert-finetune-cv/ }).check();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '6');
  await expect.poll(() => headers(page)).toContain('param · fold');
  let shown = await headers(page);
  // The BERT runs' own metrics, and the one param that differs between them.
  expect(shown).toEqual(
    expect.arrayContaining(['metric · eval/f1', 'metric · eval/loss', 'param · fold'])
  );
  // Columns no visible run has a value in are not shown, nor params that are the same for all.
  for (const absent of [
    'metric · val/accuracy',
    'metric · train/accuracy',
    'param · batch_size',
    'param · dataset',
    'param · seed'
  ])
    expect(shown).not.toContain(absent);
  await page.screenshot({ path: screenshotPath('library-columns-bert') });

  await panel.getByRole('checkbox', { name: /cifar10-resnet-grid/ }).check();
  await panel.getByRole('checkbox', { name: /bert-finetune-cv/ }).uncheck();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '27');
  await expect.poll(() => headers(page)).toContain('metric · val/accuracy');
  shown = await headers(page);
  const grid = shown;
  // The grid's params, and `lr` twice: the param set once and the metric a scheduler logged,
  // each marked with its kind.
  expect(shown).toEqual(
    expect.arrayContaining(['param · lr', 'metric · lr', 'param · batch_size', 'param · optimizer'])
  );
  expect(shown).not.toContain('param · fold');
  // What a person sees and a screen reader says: the kind in front of the name.
  await expect(page.getByRole('button', { name: /^param\s*lr$/ })).toHaveCount(1);
  await expect(page.getByRole('button', { name: /^metric\s*lr$/ })).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('library-columns-grid') });

  // An explicit choice wins over the defaults, whatever is in view, and survives a reload.
  await page.getByText('Columns', { exact: true }).click();
  await page.getByLabel('Find a column').fill('gpu');
  await page.getByRole('checkbox', { name: /^tag\s*gpu\s/ }).check();
  await page.getByText('Columns', { exact: true }).click();
  await expect.poll(() => headers(page)).toContain('tag · gpu');
  const chosen = await headers(page);
  await panel.getByRole('checkbox', { name: /cifar10-resnet-grid/ }).uncheck();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
  expect(await headers(page)).toEqual(chosen);
  await page.reload();
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  expect(await headers(page)).toEqual(chosen);

  // Reset: the columns follow the runs in view again.
  await panel.getByRole('checkbox', { name: /cifar10-resnet-grid/ }).check();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '27');
  await page.getByText('Columns', { exact: true }).click();
  await page.getByRole('button', { name: 'Follow the runs in view' }).click();
  await expect.poll(() => headers(page)).toEqual(grid);
});

test('a filter that matches nothing says which name or value matches nothing', async ({ page }) => {
  await loadSample(page);
  const filter = page.getByTestId('run-filter');
  const why = page.getByTestId('filter-empty');
  await filter.fill('metrics.loss < 0.5');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '0');
  await expect(why).toContainText('no metric named loss');
  await expect(why).toContainText('train/loss');

  await filter.fill('attributes.status = "FAILD"');
  await expect(why).toContainText('no run has status FAILD');
  await expect(why).toContainText('FAILED');

  await filter.fill('params.optimizer = "adam"');
  await expect(why).toContainText('no run has params.optimizer = adam; did you mean adamw?');
  await page.screenshot({ path: screenshotPath('library-empty-result') });

  // Each condition alone matches runs, together none: the message says so with the counts.
  await filter.fill('params.optimizer = "adamw" and params.nesterov = "True"');
  await expect(why).toContainText('no run matches all of them');

  await filter.fill('');
  await expect(why).toHaveCount(0);
  // The placeholder and every example use names this library has, and each finds runs.
  await expect(filter).toHaveAttribute('placeholder', /metrics\.(train|val|eval|cv)\//);
  await page.getByText('Examples').click();
  const examples = page.getByTestId('filter-example');
  const n = await examples.count();
  expect(n).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < n; i++) {
    await page.getByText('Examples').click();
    if (!(await examples.nth(i).isVisible())) await page.getByText('Examples').click();
    const text = (await examples.nth(i).textContent()) ?? '';
    await examples.nth(i).click();
    await expect(filter).toHaveValue(text);
    await expect(page.getByTestId('filter-error')).toHaveCount(0);
    await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '0');
  }
});

test('an mlflow-export-import run keeps the artifacts/ folder next to its run.json', async ({
  page
}) => {
  await page.goto('/');
  await importFolder(page, EXPORT_2022);
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  await page
    .locator('[data-testid=run-row][data-run-id=eb66c160957d4a28b11d3f1b968df9cd] a')
    .first()
    .click();
  const tree = page.getByTestId('artifact-tree');
  const file = (path: string) => tree.locator(`[data-testid=artifact-file][data-path="${path}"]`);
  await expect(tree.getByTestId('artifact-folder').locator('.name')).toHaveText(['model/']);
  // The plot is the first image, so it is previewed at once, at its real size.
  const png = page.getByTestId('artifact-preview').getByRole('img', { name: 'plot.png' });
  await expect(png).toHaveJSProperty('naturalWidth', 640);
  const model = tree.getByTestId('artifact-folder').filter({ hasText: 'model/' });
  if ((await model.getAttribute('aria-expanded')) === 'false') await model.click();
  await file('model/MLmodel').click();
  await expect(page.getByTestId('artifact-preview')).toContainText('sklearn');
  await page.screenshot({ path: screenshotPath('export-import-artifacts') });
});

test('counts read as words, long names have tooltips, the experiments column resizes and stays', async ({
  page
}) => {
  await page.goto('/');
  await importFolder(page, EXPORT_2022);
  const panel = page.getByRole('complementary', { name: 'Experiments' });
  // One run selected, one run deleted: singular, never "1 runs".
  await page.getByTestId('run-row').first().getByRole('checkbox').check();
  await expect(page.getByText('1 selected')).toBeVisible();
  await page.getByText('Columns', { exact: true }).click();
  await expect(page.getByText(/\b1 runs\b/)).toHaveCount(0);
  await expect(page.getByText(/\b1 run\b/).first()).toBeVisible();
  await page.getByText('Columns', { exact: true }).click();
  await page.getByRole('button', { name: /^Delete/ }).click();
  await expect(page.getByRole('alertdialog')).toContainText('1 run from this browser');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toContainText(
    'Deleted 1 run.'
  );
  await expect(page.locator('body')).not.toContainText(/\b1 runs\b/);

  // Every experiment name in the list carries its full name as a tooltip.
  const names = panel.locator('li label .name');
  const total = await names.count();
  expect(total).toBeGreaterThan(0);
  for (let i = 0; i < total; i++) {
    await expect(names.nth(i)).toHaveAttribute('title', (await names.nth(i).textContent())!);
  }

  const handle = page.getByRole('separator', { name: 'Resize the experiments list' });
  const before = (await panel.boundingBox())!.width;
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + 20, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await panel.boundingBox())!.width).toBeGreaterThan(before + 80);
  const after = (await panel.boundingBox())!.width;
  await page.reload();
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  expect(Math.abs((await panel.boundingBox())!.width - after)).toBeLessThan(4);
});

test('after an import the new runs are shown, scrolled to and highlighted until touched', async ({
  page
}) => {
  await loadSample(page);
  const filter = page.getByTestId('run-filter');
  await filter.fill('params.optimizer = "sgd"');
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '33');
  await importFolder(page, SACRED_RUNS);
  // The filter hid the new runs: they are shown anyway, and the page says why the view changed.
  const fresh = page.locator('[data-testid=run-row][data-fresh]');
  await expect(fresh).toHaveCount(3);
  await expect(fresh.first()).toBeInViewport();
  await expect(page.getByTestId('import-reveal')).toContainText('3 runs imported');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '36');
  // The highlight ends once the person does something.
  await page.mouse.click(5, 5);
  await expect(fresh).toHaveCount(0);
  // Bringing the filter back is one click.
  await page
    .getByTestId('import-reveal')
    .getByRole('button', { name: /filter/i })
    .click();
  await expect(filter).toHaveValue('params.optimizer = "sgd"');
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '36');
});

test('a 45-deep chain of nested runs: names keep a tooltip, the name column widens and stays; experiments counted as the CLI counts them', async ({
  page
}) => {
  await page.goto('/');
  await importFolder(page, 'tests/fixtures/real/mlflow-filestore/ds4b-pycaret/mlruns');
  // `runlens summary` on the same folder says "90 runs … in 3 experiments" (real-fixtures-cli).
  await expect(page.getByTestId('import-status')).toContainText('90 runs in 3 experiments');
  const panel = page.getByRole('complementary', { name: 'Experiments' });
  await expect(panel.locator('li label .name')).toHaveCount(3);

  // The deepest rendered run: its name is pushed right by its indent, and says itself on hover.
  const rows = page.getByTestId('run-row');
  await expect(rows.first()).toBeVisible();
  const deepest = await rows.evaluateAll((els) => {
    const levels = els.map((el) => Number(el.getAttribute('aria-level')));
    return els[levels.indexOf(Math.max(...levels))]!.getAttribute('data-run-id');
  });
  const name = page.locator(`[data-testid=run-row][data-run-id="${deepest}"] .name`);
  const link = name.locator('a');
  await expect(name).toHaveAttribute('title', (await link.textContent())!.trim());

  const separator = page.getByRole('separator', { name: 'Resize Run' });
  const nameHeader = page.getByRole('columnheader').nth(1);
  const width = async () => (await nameHeader.boundingBox())!.width;
  const before = await width();
  const box = (await separator.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 400, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(width).toBeGreaterThan(before + 350);
  // The rows follow the header: the deep run's name is now on screen beside its indent.
  await expect.poll(async () => (await link.boundingBox())?.width ?? 0).toBeGreaterThan(20);
  const after = await width();
  await page.reload();
  await expect(rows.first()).toBeVisible();
  await expect.poll(width).toBeCloseTo(after, 0);
  await page.screenshot({ path: screenshotPath('library-deep-tree') });
});
