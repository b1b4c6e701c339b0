import { expect, loadSample, test, screenshotPath } from './fixtures';

test('one click loads the sample experiments and lists their runs', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('sample-data')).toBeVisible();
  await page.screenshot({ path: screenshotPath('start-page') });

  await page.getByTestId('sample-data').click();
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'done');
  await expect(status).toContainText('33 runs in 2 experiments');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
  await expect(page.getByTestId('run-row')).toHaveCount(33);
  await expect(page.getByRole('heading', { name: /cifar10-resnet-grid/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /bert-finetune-cv/ })).toBeVisible();
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
  await expect(page.getByRole('link', { name: 'cv-search' })).toBeVisible();
  const chart = page.locator('[data-testid=metric-chart][data-metric="train/loss"]');
  await expect(chart.getByTestId('points-note')).toHaveText('all 188 points');
  await expect(chart.locator('canvas')).toBeVisible();

  await page.goto('/');
  const best = page.locator('[data-testid=run-row]', { hasText: 'resnet18-lr0.03-bs128-sgd' });
  await best.getByRole('link').click();
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
  const failed = page.locator('[data-testid=run-row]', { hasText: 'resnet18-lr0.1-bs64-adamw' });
  await failed.getByRole('link').click();
  const note = page.locator('pre.note');
  await expect(note).toContainText('<img src=x onerror=alert(1)>');
  await expect(note.locator('img')).toHaveCount(0);
  // The NaN that ended the diverged run is counted and said, not silently dropped.
  const loss = page.locator('[data-testid=metric-chart][data-metric="train/loss"]');
  await expect(loss.getByTestId('points-note')).toContainText('NaN or infinite, not drawn');
});

test('the dark theme follows the OS', async ({ browser }) => {
  const context = await browser.newContext({
    colorScheme: 'dark',
    viewport: { width: 1280, height: 800 }
  });
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
