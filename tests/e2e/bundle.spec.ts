import { readFileSync } from 'node:fs';
import { expect, loadSample, storedCounts, test } from './fixtures';

test('backs up the library, deletes everything, restores the same 33 runs', async ({ page }) => {
  await loadSample(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  const before = await storedCounts(page);
  expect(before.runs).toBe(33);

  const downloading = page.waitForEvent('download');
  await page.getByTestId('backup-library').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^runlens-backup-\d{4}-\d{2}-\d{2}\.runlens$/);
  const path = await download.path();

  await page.getByTestId('delete-everything').click();
  await page.getByTestId('delete-everything-confirm').click();
  await expect(page.getByText('0 experiments, 0 runs')).toBeVisible();

  await page.getByTestId('restore-input').setInputFiles(path);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByText('2 experiments, 33 runs from 1 imports')).toBeVisible();
  expect(await storedCounts(page)).toEqual(before);

  await page.getByRole('link', { name: 'Library' }).click();
  await expect(page.getByText('33 runs').first()).toBeVisible();

  // A tampered copy is refused by name and changes nothing.
  await page.getByRole('link', { name: 'Settings' }).click();
  const bytes = readFileSync(path);
  await page.getByTestId('restore-input').setInputFiles({
    name: 'tampered.runlens',
    mimeType: 'application/zip',
    buffer: bytes.subarray(0, Math.floor(bytes.length / 2))
  });
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('import-error')).toHaveText(
    'tampered.runlens: is a truncated bundle (its zip has no end record)'
  );
  expect(await storedCounts(page)).toEqual(before);
});
