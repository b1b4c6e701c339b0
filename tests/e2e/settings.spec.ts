import { expect, loadSample, storedCounts, test } from './fixtures';

test('settings shows storage used and deletes everything after confirmation', async ({ page }) => {
  await loadSample(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('storage-used')).not.toHaveText('unknown');
  await expect(page.getByText('runlens-sample.json')).toBeVisible();
  await page.getByTestId('delete-everything').click();
  await expect(page.getByText('Delete 33 runs')).toBeVisible();
  await page.getByTestId('delete-everything-confirm').click();
  await expect(page.getByText('0 experiments, 0 runs')).toBeVisible();
  expect(await storedCounts(page)).toEqual({
    artifacts: 0,
    edits: 0,
    experiments: 0,
    follows: 0,
    imports: 0,
    provenance: 0,
    readings: 0,
    registry: 0,
    runs: 0,
    series: 0,
    views: 0
  });
  await page.getByRole('link', { name: 'Library' }).click();
  await expect(page.getByTestId('sample-data')).toBeVisible();
});

test('everything is reachable by keyboard: the sample loads with Tab and Enter', async ({
  page
}) => {
  await page.goto('/');
  await expect(page.getByTestId('sample-data')).toBeVisible();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.getByTestId('sample-data').evaluate((el) => el === document.activeElement))
      break;
  }
  await expect(page.getByTestId('sample-data')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
});
