import { expect, loadSample, serviceWorkerActivated, test } from './fixtures';

test('after the first visit the app and its data work with the network off', async ({
  page,
  context
}) => {
  await loadSample(page);
  await serviceWorkerActivated(page);
  // Let the service worker take over this page, then cut the network.
  await page.reload();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
  await context.setOffline(true);

  await page.reload();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
  await expect(
    page.getByRole('complementary', { name: 'Experiments' }).getByText('cifar10-resnet-grid')
  ).toBeVisible();

  // A run page opens from the list offline, chart included (the worker and uPlot are cached).
  await page.getByRole('link', { name: 'fold-3' }).click();
  await expect(page.getByRole('heading', { name: 'fold-3' })).toBeVisible();
  await expect(page.getByTestId('metric-chart').first().locator('canvas')).toBeVisible();
});

test('a deep link opens offline', async ({ page, context }) => {
  await loadSample(page);
  await serviceWorkerActivated(page);
  await page.getByRole('link', { name: 'cv-search', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'cv-search' })).toBeVisible();
  const deepLink = page.url();
  expect(deepLink).toContain('/run?key=');

  await context.setOffline(true);
  const offlinePage = await context.newPage();
  await offlinePage.goto(deepLink);
  await expect(offlinePage.getByRole('heading', { name: 'cv-search' })).toBeVisible();
  await expect(offlinePage.getByRole('link', { name: 'fold-0' })).toBeVisible();
  await offlinePage.goto('/settings');
  await expect(offlinePage.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(offlinePage.getByText('33 runs')).toBeVisible();
});
