import { expect, guardContext, loadSample, test, screenshotPath } from './fixtures';

test('one click loads the sample experiments and lists their runs', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('sample-data')).toBeVisible();
  await page.screenshot({ path: screenshotPath('start-page') });

  await page.getByTestId('sample-data').click();
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'done');
  await expect(status).toContainText('33 runs in 2 experiments');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  const experiments = page.getByRole('complementary', { name: 'Experiments' });
  await expect(experiments.getByText('cifar10-resnet-grid')).toBeVisible();
  await expect(experiments.getByText('bert-finetune-cv')).toBeVisible();
  // The parent of the nested cross-validation lists its five folds under it.
  await expect(page.getByRole('button', { name: 'Collapse 5 child runs' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('sample-loaded') });
});

test('loading the sample twice replaces its runs instead of duplicating them', async ({ page }) => {
  await loadSample(page);
  await page.getByRole('button', { name: 'Choose files…' }).isVisible();
  await page.getByTestId('import-input').setInputFiles('static/sample/runlens-sample.json');
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
});

test('a run page shows its overview, metrics with charts, params, tags and artifacts', async ({
  page
}) => {
  await loadSample(page);
  await page.getByRole('link', { name: 'fold-2' }).click();
  await expect(page.getByRole('heading', { name: 'fold-2' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'cv-search', exact: true })).toBeVisible();
  const chart = page.locator('[data-testid=metric-chart][data-metric="train/loss"]');
  await expect(chart.getByTestId('points-note')).toHaveText('all 188 points');
  // The best eval/f1 (a score: highest is best) is found by the worker over the whole history.
  const f1Row = page.getByRole('row', { name: /^eval\/f1/ });
  await expect(f1Row.getByRole('cell').last()).toHaveText(/^[\d,]+ ↑$/);
  await expect(chart.locator('canvas')).toBeVisible();

  // The parent lists its children, one name after another with a comma and a space.
  await page.getByRole('link', { name: 'cv-search', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'cv-search' })).toBeVisible();
  const children = page.locator('dt:text-is("Children") + dd .item');
  expect(await children.count()).toBeGreaterThan(1);
  await expect(children.first()).toHaveText(/^fold-\d$/);
  const separator = await children
    .nth(1)
    .evaluate((el) => getComputedStyle(el, '::before').content);
  expect(separator).toBe('", "');

  await page.goto('/');
  await page.getByTestId('run-filter').fill('attributes.run_name = "resnet18-lr0.03-bs128-sgd"');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '1');
  await page.getByRole('link', { name: 'resnet18-lr0.03-bs128-sgd' }).click();
  await expect(page.getByRole('heading', { name: /Artifacts/ })).toBeVisible();
  await expect(page.getByRole('img', { name: 'plots/confusion_matrix.png' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download' }).first()).toHaveAttribute(
    'download',
    /.+/
  );
  await page.screenshot({ path: screenshotPath('run-page'), fullPage: true });
});

test('strings from files are shown as text, never run as HTML', async ({ page }) => {
  await loadSample(page);
  await page.getByTestId('run-filter').fill('attributes.status = "FAILED"');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '1');
  const failed = page.locator('[data-testid=run-row]', { hasText: 'resnet18-lr0.1-bs64-adamw' });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await failed.getByRole('link').click();
  // The note is Markdown, rendered through the sanitizer: its <img onerror=alert(1)> loses the
  // handler and, not being inline image data, is shown as a placeholder instead of loaded.
  const note = page.getByTestId('markdown-note');
  await expect(note).toContainText('I pasted the loss plot as [image] but the tracker');
  await expect(note.locator('strong')).toHaveText('Do not');
  await expect(note.locator('img')).toHaveCount(0);
  await expect(page.locator('[onerror]')).toHaveCount(0);
  // The NaN that ended the diverged run is counted and said, not silently dropped.
  const loss = page.locator('[data-testid=metric-chart][data-metric="train/loss"]');
  await expect(loss.getByTestId('points-note')).toContainText('NaN or infinite, not drawn');
  expect(dialogs, 'no alert() ran').toEqual([]);
});

test('the dark theme follows the OS', async ({ browser, problems }) => {
  const context = await browser.newContext({
    colorScheme: 'dark',
    viewport: { width: 1280, height: 800 }
  });
  await guardContext(context, problems);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  const background = await page.evaluate(
    () => getComputedStyle(document.documentElement).backgroundColor
  );
  expect(background).toBe('rgb(18, 21, 26)');
  await page.screenshot({ path: screenshotPath('sample-loaded-dark') });
  await context.close();
});
