// The comparison's charts in sections by key prefix (TEST-HOOKS `metric-section`): a real W&B
// set (vq-vae, wandb 0.19.8, four losses and 21 system stats per run) shows the model's metrics
// first and the machine's under system/, last; a section folds away, and a search narrows the
// charts to the metrics whose names hold every word.
import { expect, screenshotPath, test } from './fixtures';

const VQVAE = 'tests/fixtures/real/wandb/vq-vae-wandb-0.19.8-2025';

test('charts come in sections by prefix, system last, foldable and searchable', async ({
  page
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(VQVAE);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();

  const sections = page.getByTestId('metric-section');
  await expect(sections).toHaveCount(2);
  expect(
    await sections.evaluateAll((els) => els.map((e) => e.getAttribute('data-prefix')))
  ).toEqual(['', 'system/']);
  const model = sections.nth(0);
  const system = sections.nth(1);
  await expect(model.getByTestId('metric-section-toggle')).toContainText('Model metrics');
  await expect(system.getByTestId('metric-section-toggle')).toContainText(
    'the machine, not the model'
  );
  // The model's four losses are drawn first, at once.
  await expect(model.getByTestId('metric-chart')).toHaveCount(4);
  await expect
    .poll(async () =>
      Number(await model.getByTestId('metric-chart').first().getAttribute('data-lines'))
    )
    .toBeGreaterThan(0);
  await page.screenshot({ path: screenshotPath('compare-sections') });

  // The table too: the machine's metrics are a group of their own, after the params and tags.
  const groups = page.locator('#table tr.section');
  await expect(groups.first()).toHaveAttribute('data-section', 'metric');
  await expect(groups.last()).toHaveAttribute('data-section', 'system');

  // Folding the system section takes its charts away; unfolding brings them back.
  await system.getByTestId('metric-section-toggle').click();
  await expect(system.getByTestId('metric-section-toggle')).toHaveAttribute(
    'aria-expanded',
    'false'
  );
  await expect(system.locator('[data-testid="metric-chart"], .chart-grid')).toHaveCount(0);
  await system.getByTestId('metric-section-toggle').click();
  await expect(system.locator('.chart-grid')).toHaveCount(1);

  // Search: every word, any case. "GPU mem" leaves the GPU memory stats, in the system section.
  await page.getByTestId('chart-search').fill('GPU mem');
  await expect(sections).toHaveCount(1);
  await expect(sections.first()).toHaveAttribute('data-prefix', 'system/');
  await expect(page.getByTestId('chart-search-count')).toContainText('of 25 charts');
  await page.getByTestId('chart-search').fill('no such metric');
  await expect(sections).toHaveCount(0);
  await expect(page.getByText('No metric name holds “no such metric”.')).toBeVisible();
});
