// W&B runs whose files/diff.patch the real wandb saved (tests/fixtures/generated/wandb-diff-patch):
// the Reproduce panel lists the files the uncommitted changes touch, and the diff of the two runs
// shows the files whose changes differ.
import type { Page } from '@playwright/test';
import { expect, screenshotPath, test } from './fixtures';

const RUNS = 'tests/fixtures/generated/wandb-diff-patch/wandb';

async function importDone(page: Page) {
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
}

test("a W&B run's saved patch shows its changed files in the Reproduce panel and in the diff", async ({
  page
}) => {
  await page.setViewportSize({ width: 1300, height: 900 });
  await page.goto('/');
  await page.getByTestId('import-folder-input').setInputFiles(RUNS);
  await importDone(page);
  await page.getByRole('link', { name: 'patcha', exact: true }).click();
  const code = page.locator('[data-testid="reproduce-section"][data-section="code"]');
  await expect(code).toContainText('Uncommitted changes');
  await expect(code).toContainText('Uncommitted changes: 8 files (diff.patch)');
  await expect(code.getByTestId('reproduce-list').first().locator('li').first()).toHaveText(
    'data loader.py (+2 −1)'
  );
  await expect(code).toContainText('new_name.py (renamed from old_name.py, +0 −0)');
  await expect(code).toContainText('tëst.py (+1 −0)');
  await expect(code).toContainText('weights.bin (binary)');
  await expect(code).toContainText('Changes since upstream');
  await expect(page.getByTestId('reproduce-script')).toContainText('git apply diff.patch');
  const panel = page.getByTestId('reproduce-panel');
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: screenshotPath('reproduce-wandb-patch') });

  await page.getByTestId('diff-with').selectOption({ label: 'patchb' });
  await page.getByTestId('diff-open').click();
  await expect(page.getByTestId('run-diff')).toBeVisible();
  const part = page.locator(
    '[data-testid="diff-section"][data-section="code"] [data-testid="diff-part"][data-part="changed-files"]'
  );
  const row = (key: string) => part.locator(`[data-testid="diff-row"][data-key="${key}"]`);
  // Changed in both runs' working trees, by other counts; in one run only; the same in both.
  await expect(row('data loader.py')).toContainText('+2 −1');
  await expect(row('data loader.py')).toContainText('+2 −2');
  await expect(row('augment.py')).toContainText('+2 −0');
  await expect(row('obsolete.py')).toContainText('+0 −2');
  await expect(row('weights.bin')).toHaveCount(0);
  await expect(part).toHaveAttribute('data-changes', '6');
  await page.screenshot({ path: screenshotPath('run-diff-wandb-patch'), fullPage: true });
});
