import type { Page } from '@playwright/test';
import { expect, guardContext, screenshotPath, storedCounts, test } from './fixtures';

/** Loads the sample, compares three AdamW runs and makes a share link of the comparison. */
async function makeLink(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.getByTestId('run-filter').fill('params.optimizer = "adamw"');
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '33');
  const boxes = page.getByTestId('run-row').getByRole('checkbox');
  await boxes.nth(0).click();
  await boxes.nth(2).click({ modifiers: ['Shift'] });
  await page.getByTestId('compare-button').click();
  await expect(page.getByTestId('metric-chart').first()).toHaveAttribute('data-lines', '3');
  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/\/#share=1\./);
  await page.screenshot({ path: screenshotPath('share-link') });
  return link;
}

test('a share link opens the same comparison in a fresh profile, read-only, then saves it', async ({
  page,
  browser,
  problems
}) => {
  const link = await makeLink(page);
  const notes = await page.getByTestId('points-note').allTextContents();
  const metrics = await page
    .getByTestId('metric-chart')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')));

  const fresh = await browser.newContext();
  await guardContext(fresh, problems);
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByRole('heading', { name: 'Compare 3 runs' })).toBeVisible();
  await expect(other.getByTestId('shared-banner')).toBeVisible();
  const charts = other.getByTestId('metric-chart');
  await expect(charts.first()).toHaveAttribute('data-lines', '3');
  expect(await charts.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))).toEqual(
    metrics
  );
  // The sample's histories are short: the link carries every point, so the notes agree.
  await expect(other.getByTestId('points-note')).toHaveText(notes);
  // The fragment never reached a server, and the library of this profile is still empty.
  expect(await storedCounts(other)).toMatchObject({ runs: 0 });
  await other.screenshot({ path: screenshotPath('share-opened'), fullPage: false });

  await other.getByTestId('save-shared').click();
  await expect(other.getByTestId('shared-saved')).toBeVisible();
  expect(await storedCounts(other)).toMatchObject({ runs: 3 });
  await other.getByTestId('leave-shared').click();
  await expect(other.getByTestId('run-count')).toHaveAttribute('data-count', '3');
  await fresh.close();
});

test('a tampered share link is refused with a reason and changes nothing', async ({ page }) => {
  const link = await makeLink(page);
  const before = await storedCounts(page);
  const [head, data] = link.split('#share=1.');
  // Flip characters in the middle of the compressed data.
  const middle = Math.floor(data!.length / 2);
  const broken = `${head}#share=1.${data!.slice(0, middle)}AAAAAAAA${data!.slice(middle + 8)}`;
  await page.goto(broken);
  await expect(page.getByTestId('share-error')).toContainText('This share link cannot be opened');
  await expect(page.getByTestId('share-error')).toContainText('Your library was not changed');
  expect(await storedCounts(page)).toEqual(before);
  await expect(page.getByTestId('shared-banner')).toHaveCount(0);

  await page.goto(`${head}#share=9.abc`);
  await expect(page.getByTestId('share-error')).toContainText('made by a newer Runlens');
});
