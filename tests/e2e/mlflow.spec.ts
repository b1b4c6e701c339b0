import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { expect, screenshotPath, storedCounts, test } from './fixtures';

const SET = 'tests/fixtures/real/mlflow-filestore/global-wheat-detection/mlruns';

test('an mlruns folder picked with the folder picker imports, deleted runs hidden', async ({
  page
}) => {
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(SET);
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(status).toContainText('76 runs in 7 experiments, 15,979 metric points');
  // 48 of the 76 runs are deleted in MLflow (47 marked, 1 in .trash): hidden until asked for.
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '28');
  await page.getByLabel(/Show deleted/).check();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '76');
  await page.screenshot({ path: screenshotPath('mlruns-imported') });
});

test('a zip of mlruns, renamed, imports the same runs', async ({ page }, testInfo) => {
  const files: Zippable = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[`mlruns/${relative(SET, path).split('\\').join('/')}`] = readFileSync(path);
    }
  };
  walk(SET);
  const zipPath = testInfo.outputPath('export-from-colleague');
  writeFileSync(zipPath, zipSync(files));
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(zipPath);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await expect(page.getByTestId('import-status')).toContainText('76 runs in 7 experiments');
  const counts = await storedCounts(page);
  expect(counts.runs).toBe(76);
});
