import { test, loadSample } from './fixtures';
test('scratch', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await loadSample(page);
  const boxes = page.getByTestId('run-row').getByRole('checkbox');
  await boxes.nth(0).click();
  await boxes.nth(2).click({ modifiers: ['Shift'] });
  await page.getByTestId('compare-button').click();
  await page.waitForSelector('[data-testid="metric-chart"]:not([data-lines="0"])');
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/top-compare.png' });
  await page.goto('/');
  await page.getByTestId('run-row').first().locator('a').first().click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/top-run.png' });
});
