// The import report: every dropped file accounted for (read, rejected, or left out with a reason),
// no false success when nothing held a run, and progress that moves while a big folder is read.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshotPath, test } from './fixtures';

// CatBoost's training logs: recognised, not read yet (W&B's CSV exports, the example until
// 2026-12, are read now).
const CATBOOST_LEARN =
  'tests/fixtures/real/tensorboard/catboost-info-ds4b-2023/catboost_info/learn_error.tsv';
const CATBOOST_TIME =
  'tests/fixtures/real/tensorboard/catboost-info-ds4b-2023/catboost_info/time_left.tsv';

/** Writes files (path → bytes or text) under a fresh folder of the test's output and returns it. */
function folderWith(root: string, files: Record<string, string | Buffer>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A Runlens JSON file with `runs` runs of one metric. */
function runlensJson(runs: number): string {
  return JSON.stringify({
    format: 'runlens',
    version: 1,
    experiments: [{ id: '1', name: 'grid' }],
    runs: Array.from({ length: runs }, (_, i) => ({
      id: `r${i}`,
      experimentId: '1',
      name: `run-${i}`,
      metrics: [{ key: 'loss', values: [3, 2, 1] }]
    }))
  });
}

async function pickFolder(page: Page, folder: string) {
  await page.goto('/');
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  await page.getByTestId('import-folder-input').setInputFiles(folder);
}

test('a folder of files Runlens cannot read yet says there are no runs, and why', async ({
  page
}, testInfo) => {
  const folder = folderWith(testInfo.outputPath('catboost-logs'), {
    'catboost_info/learn_error.tsv': readFileSync(CATBOOST_LEARN),
    'catboost_info/time_left.tsv': readFileSync(CATBOOST_TIME),
    'empty.csv': ''
  });
  await pickFolder(page, folder);
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'empty');
  await expect(status).toContainText(/No runs in these \d+ files/);
  await expect(status).not.toContainText('Imported');
  const reasons = page.getByTestId('import-reasons');
  await expect(reasons).toContainText('CatBoost training logs: not supported yet');
  const catboost = page
    .getByTestId('import-skipped')
    .filter({ hasText: 'CatBoost training logs: not supported yet' });
  // Two logs; the third file is empty, listed as such.
  await expect(catboost).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  await expect(page.getByTestId('sample-data')).toBeVisible();
  await page.screenshot({ path: screenshotPath('import-no-runs') });
});

test('a mixed folder lists the runs read, the broken file and the files left out', async ({
  page
}, testInfo) => {
  const folder = folderWith(testInfo.outputPath('experiment-7'), {
    'grid.json': runlensJson(3),
    'half-written.json': '{"format": "runlens", "version": 1, "runs": [{"id": "a",',
    'catboost/run-1/learn_error.tsv': readFileSync(CATBOOST_LEARN),
    'catboost/run-2/learn_error.tsv': readFileSync(CATBOOST_LEARN),
    'checkpoints/last.ckpt': Buffer.from([0x80, 2, 0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46]),
    'lightning_logs/version_0/metrics.csv': 'epoch,step,train_loss\n0,49,1.75\n0,99,1.21\n',
    'train.py': 'import torch\n'
  });
  await pickFolder(page, folder);
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'error');
  // The grid's 3 runs and the Lightning version folder's run, each in its own experiment.
  await expect(status).toContainText('4 runs in 2 experiments');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '4');

  const error = page.getByTestId('import-error');
  await expect(error).toHaveCount(1);
  await expect(error).toContainText('half-written.json');

  const groups = page.getByTestId('import-skipped');
  await expect(groups).toHaveCount(3);
  await expect(groups.first()).toContainText('2 CatBoost training logs: not supported yet');
  await expect(groups.first()).toHaveAttribute('data-count', '2');
  await expect(groups.filter({ hasText: 'PyTorch checkpoint: not run data' })).toHaveAttribute(
    'data-count',
    '1'
  );
  await groups.first().locator('summary').click();
  await expect(groups.first()).toContainText('experiment-7/catboost/run-2/learn_error.tsv');
  await page.screenshot({ path: screenshotPath('import-report') });
});

test('a lone CatBoost log is rejected with the format it looks like', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(CATBOOST_LEARN);
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('import-error')).toHaveText(
    'learn_error.tsv: looks like a CatBoost training log, which Runlens cannot read yet'
  );
});

test('a big folder shows the files being examined, with counts that move', async ({
  page
}, testInfo) => {
  const files: Record<string, string> = { 'runs.json': runlensJson(2) };
  for (let i = 0; i < 6000; i++) files[`logs/${String(i).padStart(5, '0')}.txt`] = `line ${i}\n`;
  const folder = folderWith(testInfo.outputPath('big-folder'), files);
  await page.goto('/');
  await expect(page.getByTestId('drop-zone')).toBeVisible();
  // Records every line the progress shows, as the page draws it.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenPhases: string[] }).seenPhases = seen;
    new MutationObserver(() => {
      const line = document.querySelector('[data-testid=import-phase]')?.textContent;
      if (line && seen.at(-1) !== line.trim()) seen.push(line.trim());
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('import-folder-input').setInputFiles(folder);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  const seen = await page.evaluate(
    () => (window as unknown as { seenPhases: string[] }).seenPhases
  );
  const examined = seen
    .map((line) => /^Examining ([\d,]+) of 6,001 files/.exec(line)?.[1])
    .filter((n): n is string => n !== undefined)
    .map((n) => Number(n.replace(/,/g, '')));
  expect(examined.length, seen.join('\n')).toBeGreaterThan(1);
  expect(new Set(examined).size).toBeGreaterThan(1);
  expect(examined.some((n) => n > 0 && n < 6001)).toBe(true);
  await expect(page.getByTestId('import-skipped')).toHaveAttribute('data-count', '6000');
});
