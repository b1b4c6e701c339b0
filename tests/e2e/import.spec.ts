import { bigRunlensJson } from './big-file';
import { expect, loadSample, storedCounts, test, screenshotPath } from './fixtures';
import type { Page, TestInfo } from '@playwright/test';
import { writeFileSync } from 'node:fs';

/** 120 runs × 4 metrics × 5,000 steps = 2.4 million points (~60 MB): long enough to watch. */
function bigFile(testInfo: TestInfo): string {
  const path = testInfo.outputPath('big.json');
  writeFileSync(path, bigRunlensJson(120, 4, 5000));
  return path;
}

/** Dispatches a real drop event carrying `files` (made in the page) on the drop zone. */
async function dropFiles(page: Page, files: { name: string; text: string }[]) {
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const f of list)
      transfer.items.add(new File([f.text], f.name, { type: 'application/json' }));
    const target = document.querySelector('[data-testid=drop-zone]')!;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(
        new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true })
      );
    }
  }, files);
}

test('a file dropped on the window imports with progress to the end', async ({ page }) => {
  await page.goto('/');
  const text = bigRunlensJson(3, 2, 50).toString('utf8');
  await dropFiles(page, [{ name: 'dropped.json', text }]);
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'done');
  await expect(status).toContainText('3 runs in 1 experiment, 300 metric points, from 1 file');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '3');
});

test('a big file picked with the file picker shows progress with counts, then the runs', async ({
  page
}, testInfo) => {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(bigFile(testInfo));
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'running');
  await expect(status.locator('progress')).toBeVisible();
  await expect(status).toContainText(/points/);
  await page.screenshot({ path: screenshotPath('import-progress') });
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(status).toContainText('120 runs in 1 experiment, 2,400,000 metric points');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '120');
});

test('cancelling a running import leaves the library exactly as it was', async ({
  page
}, testInfo) => {
  await loadSample(page);
  const before = await storedCounts(page);
  await page.getByTestId('import-input').setInputFiles(bigFile(testInfo));
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'cancelled');
  expect(await storedCounts(page)).toEqual(before);
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
});

test('a broken file gets an error naming it and the stored data stays as it was', async ({
  page
}) => {
  await loadSample(page);
  const before = await storedCounts(page);
  expect(before.runs).toBe(33);
  await dropFiles(page, [
    { name: 'half-written.json', text: '{"format": "runlens", "version": 1, "runs": [{"id": "a",' }
  ]);
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'error');
  const error = page.getByTestId('import-error');
  await expect(error).toHaveCount(1);
  await expect(error).toContainText('half-written.json');
  await expect(error).toContainText('not valid JSON');
  expect(await storedCounts(page)).toEqual(before);
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '33');
  await page.screenshot({ path: screenshotPath('import-error') });
});

test('a file Runlens cannot read is named with the reason', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('just some notes')
  });
  await expect(page.getByTestId('import-error')).toContainText(
    'notes.txt: looks like a text file, which is not run data'
  );
  await expect(page.getByTestId('sample-data')).toBeVisible();
});

test('a folder picked with the folder picker imports every file in it', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles('tests/e2e/folder-fixture');
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '2');
});
