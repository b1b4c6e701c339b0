// Media across runs (issue 16, item 3): 50 runs that logged images at several steps, in the
// layouts of TensorBoard, MLflow and W&B, compared in a grid at one step, side by side, and in a
// wipe. Each image's width says its step (40 + step / 10 px), so what is drawn is read back.
import { writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, screenshotPath } from './fixtures';
import {
  imageWidthAt,
  MEDIA_KEY,
  mediaRunId,
  mediaRunName,
  mediaRunsJson,
  mediaStepsOf,
  TEXT_KEY,
  textCellOf
} from './media-data';
import { sweepJson } from './compare-data';

const RUNS = 50;
test.use({ viewport: { width: 1440, height: 900 } });

async function importFile(page: Page, path: string) {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(path);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
}

/** The step run i shows when `step` is chosen (its newest at or before), or null. */
function shownStep(i: number, step: number): number | null {
  const before = mediaStepsOf(i).filter((s) => s <= step);
  return before.length > 0 ? before[before.length - 1]! : null;
}

/** Object URLs made and revoked by the page, counted from the start. */
async function countObjectUrls(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __urls: { made: number; revoked: number } };
    w.__urls = { made: 0, revoked: 0 };
    const make = URL.createObjectURL.bind(URL);
    const revoke = URL.revokeObjectURL.bind(URL);
    URL.createObjectURL = (o: Blob | MediaSource) => (w.__urls.made++, make(o));
    URL.revokeObjectURL = (u: string) => (w.__urls.revoked++, revoke(u));
  });
}
const liveUrls = (page: Page) =>
  page.evaluate(() => {
    const u = (window as unknown as { __urls: { made: number; revoked: number } }).__urls;
    return u.made - u.revoked;
  });

const naturalWidth = (cell: Locator) =>
  cell.locator('img').evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));

/** Every cell of the grid, scrolled to in turn: its label and the width of the image drawn. */
async function expectGridAt(page: Page, step: number) {
  await expect(page.getByTestId('media-step-value')).toHaveText(String(step));
  for (let i = 0; i < RUNS; i++) {
    const cell = page.locator(`[data-testid=media-cell][data-run$="${mediaRunId(i)}"]`);
    await cell.scrollIntoViewIfNeeded();
    await expect(cell.getByTestId('media-cell-name')).toHaveText(mediaRunName(i));
    const at = shownStep(i, step);
    if (at === null) {
      await expect(cell).toContainText(`Nothing yet: first at step ${mediaStepsOf(i)[0]}`);
      continue;
    }
    await expect.poll(() => naturalWidth(cell), { message: `run ${i}` }).toBe(imageWidthAt(at));
    if (at !== step) await expect(cell.getByTestId('media-cell-step')).toHaveText(`step ${at}`);
    else await expect(cell.getByTestId('media-cell-step')).toHaveCount(0);
  }
}

test('50 runs compared at a step: a grid with a step slider, side by side and a wipe', async ({
  page
}, testInfo) => {
  test.setTimeout(120_000);
  await countObjectUrls(page);
  const file = testInfo.outputPath('media.json');
  writeFileSync(file, mediaRunsJson(RUNS));
  await importFile(page, file);
  const ids = Array.from({ length: RUNS }, (_, i) => mediaRunId(i));
  await page.goto(`/compare?runs=${ids.join(',')}`);
  await expect(page.getByRole('heading', { name: `Compare ${RUNS} runs` })).toBeVisible();
  await page.getByRole('link', { name: 'Media', exact: true }).click();

  // The key logged in three trackers' layouts is one key, logged by all 50, at its last step.
  await expect(page.getByTestId('media-key')).toHaveValue(MEDIA_KEY);
  await expect(page.getByTestId('media-key').locator('option')).toHaveText([
    `${MEDIA_KEY} · ${RUNS} of ${RUNS}`,
    `${TEXT_KEY} (text) · ${ids.filter((_, i) => i % 3 === 2).length} of ${RUNS}`
  ]);
  await expect(page.getByTestId('media-cell')).toHaveCount(RUNS);
  await expect(page.getByTestId('media-step-value')).toHaveText('300');
  await page.locator('#media').scrollIntoViewIfNeeded();
  await page.locator('#media').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect
    .poll(() => page.locator('[data-testid=media-file][data-state=shown]').count())
    .toBeGreaterThan(10);
  // Only the images on (or near) the screen were read: not all 50.
  expect(await page.locator('[data-testid=media-file][data-state=shown]').count()).toBeLessThan(
    RUNS
  );
  await page.screenshot({ path: screenshotPath('media-grid') });
  await expectGridAt(page, 300);

  // The slider: to the first step by keyboard, then one step on (the steps of every run: 0, 50…).
  const slider = page.getByTestId('media-step');
  await slider.focus();
  await page.keyboard.press('Home');
  await expectGridAt(page, 0);
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expectGridAt(page, 50);
  // Arrow keys on the section (not in a field) move it too.
  await page.getByTestId('media-grid').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('media-step-value')).toHaveText('100');
  await page.locator('#media').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: screenshotPath('media-grid-step-100') });

  // Images that leave the screen give their object URLs back.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(page.locator('[data-testid=media-file][data-state=shown]')).toHaveCount(0);
  await expect.poll(() => liveUrls(page)).toBe(0);

  // Side by side: two chosen runs, large.
  await page.locator('#media').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const [left, right] = [await keyOf(page, 3), await keyOf(page, 9)];
  await page.getByTestId('media-view-side').click();
  await page.getByTestId('media-left').selectOption(left);
  await page.getByTestId('media-right').selectOption(right);
  const side = page.getByTestId('media-side').getByTestId('media-cell');
  await expect(side).toHaveCount(2);
  await expect(side.nth(0).getByTestId('media-cell-name')).toHaveText(mediaRunName(3));
  await expect(side.nth(1).getByTestId('media-cell-name')).toHaveText(mediaRunName(9));
  await expect.poll(() => naturalWidth(side.nth(0))).toBe(imageWidthAt(100));
  await expect.poll(() => naturalWidth(side.nth(1))).toBe(imageWidthAt(50));
  await expect(side.nth(1).getByTestId('media-cell-step')).toHaveText('step 50');
  await page.screenshot({ path: screenshotPath('media-side-by-side') });

  // Wipe: run 3 left of the divider, run 9 beyond it; the divider follows a drag and the keys.
  await page.getByTestId('media-view-wipe').click();
  const wipe = page.getByTestId('media-wipe');
  const divider = page.getByTestId('media-wipe-divider');
  await expect(divider).toHaveAttribute('aria-valuenow', '50');
  await expect
    .poll(() =>
      wipe
        .locator('img')
        .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))
    )
    .toEqual([imageWidthAt(50), imageWidthAt(100)]);
  const box = (await wipe.boundingBox())!;
  const layerAt = (fraction: number) =>
    page.evaluate(
      ([x, y]) =>
        document
          .elementFromPoint(x!, y!)
          ?.closest('[data-testid^=media-wipe-]')
          ?.getAttribute('data-testid') ?? null,
      [box.x + box.width * fraction, box.y + box.height / 2]
    );
  expect(await layerAt(0.3)).toBe('media-wipe-left');
  expect(await layerAt(0.7)).toBe('media-wipe-right');
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(divider).toHaveAttribute('aria-valuenow', '25');
  expect(await layerAt(0.3)).toBe('media-wipe-right');
  expect(await layerAt(0.2)).toBe('media-wipe-left');
  await divider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(divider).toHaveAttribute('aria-valuenow', '27');
  await page.screenshot({ path: screenshotPath('media-wipe') });

  // Kept for the next visit, as saved views and links keep them: the step, the view, the pair.
  await page.reload();
  await page.getByRole('link', { name: 'Media', exact: true }).click();
  await expect(page.getByTestId('media-step-value')).toHaveText('100', { timeout: 30_000 });
  await expect(page.getByTestId('media-view-wipe')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('media-left')).toHaveValue(left);
  await expect(page.getByTestId('media-right')).toHaveValue(right);
  await expect
    .poll(() =>
      page
        .getByTestId('media-wipe')
        .locator('img')
        .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))
    )
    .toEqual([imageWidthAt(50), imageWidthAt(100)]);

  // Text samples (W&B tables) the same way, at the step chosen, as text: markup stays letters.
  await page.getByTestId('media-view-grid').click();
  await page.getByTestId('media-key').selectOption(TEXT_KEY);
  await expect(page.getByTestId('media-step-value')).toHaveText('300');
  for (const i of [2, 5, 29]) {
    const cell = page.locator(`[data-testid=media-cell][data-run$="${mediaRunId(i)}"]`);
    await cell.scrollIntoViewIfNeeded();
    await expect(cell.locator('td')).toHaveText(textCellOf(i, shownStep(i, 300)!));
  }
  // Runs that never logged it have no card; they are counted.
  await expect(page.getByTestId('media-cell')).toHaveCount(16);
  await expect(page.getByTestId('media-silent')).toHaveText(`34 runs did not log ${TEXT_KEY}.`);
  await page.locator('#media').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: screenshotPath('media-text') });
});

/** The stored key of run i, read from its cell in the grid. */
async function keyOf(page: Page, i: number): Promise<string> {
  const cell = page.locator(`[data-testid=media-cell][data-run$="${mediaRunId(i)}"]`);
  return (await cell.getAttribute('data-run'))!;
}

test('runs without images say so in the Media section', async ({ page }, testInfo) => {
  const file = testInfo.outputPath('sweep.json');
  writeFileSync(file, sweepJson(3, 20));
  await importFile(page, file);
  await page.goto('/compare?runs=sweep-0000,sweep-0001,sweep-0002');
  await page.getByRole('link', { name: 'Media', exact: true }).click();
  await expect(page.getByTestId('media-empty')).toContainText(
    'None of these runs logged images or text samples'
  );
});

test('real exports: the YOLOv5 TensorBoard run and a W&B run, each image key with the run that logged it', async ({
  page
}) => {
  const real = 'tests/fixtures/real';
  await page.goto('/');
  await page
    .getByTestId('import-folder-input')
    .setInputFiles(`${real}/tensorboard/yolov5-chess-detection-2022/runs`);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await page
    .getByTestId('import-folder-input')
    .setInputFiles(`${real}/wandb/cs6910-fashion-mnist-wandb-0.10.21-2021/src`);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await page.goto(`/compare?runs=${encodeURIComponent('train/exp')},nt1k6dl7`);
  await page.getByRole('link', { name: 'Media', exact: true }).click();
  // Six image summaries of the TensorBoard run (epoch 415), the W&B run's confusion matrix (8451).
  await expect(page.getByTestId('media-key').locator('option')).toHaveText([
    'Confusion Matrix · 1 of 2',
    'confusion_matrix · 1 of 2',
    'F1_curve · 1 of 2',
    'P_curve · 1 of 2',
    'PR_curve · 1 of 2',
    'R_curve · 1 of 2',
    'results · 1 of 2'
  ]);
  await expect(page.getByTestId('media-step')).toBeDisabled();
  await expect(page.getByTestId('media-step-value')).toHaveText('8451');
  await expect(page.getByTestId('media-cell-name')).toHaveText(['hl_4_bs_64_ac_relu_op_momentum']);
  await expect(page.getByTestId('media-silent')).toHaveText('1 run did not log Confusion Matrix.');
  await page.getByTestId('media-key').selectOption('confusion_matrix');
  await expect(page.getByTestId('media-step-value')).toHaveText('415');
  await expect(page.getByTestId('media-cell-name')).toHaveText(['train/exp']);
  const image = page.getByTestId('media-cell').locator('img');
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(100);
  // Side by side: the keys are spelled apart, so the W&B run has no `confusion_matrix` and says so.
  await page.getByTestId('media-view-side').click();
  const side = page.getByTestId('media-side').getByTestId('media-cell');
  await expect(side).toHaveCount(2);
  await expect
    .poll(() =>
      side
        .nth(0)
        .locator('img')
        .evaluate((img: HTMLImageElement) => img.naturalWidth)
    )
    .toBeGreaterThan(100);
  await expect(side.nth(1)).toContainText('Not logged by this run');
  await page.locator('#media').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: screenshotPath('media-real') });
});
