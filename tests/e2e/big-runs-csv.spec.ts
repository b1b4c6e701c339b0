// A search_runs CSV big enough to be read in slices and written in batches (issue 19, item 5):
// its runs list, and a bad last row leaves the library as it was, naming file and line.
import { expect, storedCounts, test, screenshotPath } from './fixtures';
import type { TestInfo } from '@playwright/test';
import { writeFileSync } from 'node:fs';

/** 30,000 runs (~3.5 MB, four 1 MiB slices); `badLast` puts a word in the last run's metric. */
function runsCsv(testInfo: TestInfo, name: string, badLast = false): string {
  const lines = [',run_id,experiment_id,status,start_time,metrics.loss,params.model,tags.note\n'];
  for (let i = 0; i < 30_000; i++) {
    const loss = badLast && i === 29_999 ? 'oops' : String((i % 997) / 997);
    const note = i % 1_000 === 0 ? '"a note, with a comma\nand a second line"' : '';
    const start = new Date(Date.UTC(2025, 0, 1) + i * 1_000).toISOString();
    lines.push(`${i},run${i},${1 + (i % 3)},FINISHED,${start},${loss},m${i % 4},${note}\n`);
  }
  const path = testInfo.outputPath(name);
  writeFileSync(path, lines.join(''));
  return path;
}

test('a 30,000-run search_runs CSV imports, lists and filters; a bad last row changes nothing', async ({
  page
}, testInfo) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(runsCsv(testInfo, 'runs.csv'));
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(status).toContainText('30,000 runs in 3 experiments');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '30000');
  await page.getByTestId('run-filter').fill('params.model = "m1"');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '7500');
  await page.getByTestId('run-filter').fill('');
  const before = await storedCounts(page);

  await page.getByTestId('import-input').setInputFiles(runsCsv(testInfo, 'late.csv', true));
  await expect(status).toHaveAttribute('data-state', 'error', { timeout: 180_000 });
  const error = page.getByTestId('import-error');
  // Line 30,031: the header, 30,000 rows and the second lines of 30 notes.
  await expect(error).toContainText('late.csv');
  await expect(error).toContainText(
    'line 30031, column "metrics.loss": expected a number, found "oops"'
  );
  expect(await storedCounts(page)).toEqual(before);
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '30000');
  await page.screenshot({ path: screenshotPath('big-runs-csv-bad-row') });
});
