// Following a folder (issue 16, item 6; docs/follow-folder.md). Playwright cannot drive the real
// directory picker, so the picker is replaced by one that hands over a folder of the origin-private
// file system (a real FileSystemDirectoryHandle) that the test filled with two TensorBoard runs.
// The test then appends records to the event files through OPFS handles, the way a training
// script's writer appends, and the comparison's chart must grow in place (the same canvas, no
// reload) while the runs stay RUNNING; the folder is then stopped, remembered, and resumed after a
// reload with the permission asked again.
import type { Page } from '@playwright/test';
import { event, eventFile, tfrecords } from '../unit/helpers/tensorboard-events';
import { expect, screenshotPath, test } from './fixtures';

const FOLDER = 'train-logs';
const FILES = ['runA/events.out.tfevents.1.host', 'runB/events.out.tfevents.1.host'];

const point = (step: number, value: number) => ({
  wallTime: 1_700_000_000 + step,
  step,
  values: [{ tag: 'loss', simple: value }]
});

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Appends bytes to a file of the followed folder, as a writer does (keep, seek to the end, write). */
async function appendTo(page: Page, path: string, bytes: Uint8Array) {
  await page.evaluate(
    async ({ folder, path, data }) => {
      let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
      const parts = path.split('/');
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
      const handle = await dir.getFileHandle(parts.at(-1)!);
      const size = (await handle.getFile()).size;
      const writable = await handle.createWritable({ keepExistingData: true });
      await writable.seek(size);
      await writable.write(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
      await writable.close();
    },
    { folder: FOLDER, path, data: base64(bytes) }
  );
}

test('a followed folder: appended event records extend the chart in place, runs stay RUNNING, the folder is remembered', async ({
  page
}) => {
  test.setTimeout(180_000);
  // The picker a person would see, replaced by one that hands over the OPFS folder.
  await page.addInitScript((folder) => {
    (
      window as unknown as { showDirectoryPicker: () => Promise<FileSystemHandle> }
    ).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
  }, FOLDER);
  await page.goto('/');
  // 30 points per run: past what a run row keeps inline, so appends go to stored chunks.
  const first = (offset: number) =>
    eventFile(...Array.from({ length: 30 }, (_, i) => point(i, offset + 1 / (i + 1))));
  await page.evaluate(
    async ({ folder, files }) => {
      const top = await (
        await navigator.storage.getDirectory()
      ).getDirectoryHandle(folder, {
        create: true
      });
      for (const f of files) {
        const [run, name] = f.path.split('/');
        const dir = await top.getDirectoryHandle(run!, { create: true });
        const writable = await (await dir.getFileHandle(name!, { create: true })).createWritable();
        await writable.write(Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0)));
        await writable.close();
      }
    },
    {
      folder: FOLDER,
      files: FILES.map((path, i) => ({ path, data: base64(first(i)) }))
    }
  );

  await page.getByTestId('import-folder-button').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('follow-offer')).toContainText(FOLDER);
  await page
    .getByTestId('follow-offer')
    .screenshot({ path: screenshotPath('follow-folder-offer') });
  await page.getByTestId('follow-start').click();
  const line = page.getByTestId('follow-line');
  await expect(line).toHaveCount(1);
  await expect(page.getByTestId('follow-status')).toContainText(`following ${FOLDER}`);
  await expect(line).toHaveAttribute('data-points', '0');
  // Following read the folder again as the same import: still two runs, no second import.
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '2');

  await page.getByRole('button', { name: 'Select all matching' }).click();
  await page.getByTestId('compare-button').click();
  const chart = page.locator('[data-testid="metric-chart"][data-metric="loss"]');
  const note = chart.getByTestId('points-note');
  await expect(note).toContainText('60');
  const shown = async () => Number((await note.textContent())!.replace(/[^\d]/g, ''));
  // Marks the drawn canvas: a chart rebuilt (or a page reloaded) would lose the mark.
  await chart.locator('canvas').evaluate((c) => c.setAttribute('data-original', 'yes'));

  // 10 whole records to each run, and half a record more to runA: left for the next poll.
  const more = (offset: number) =>
    tfrecords(...Array.from({ length: 10 }, (_, i) => event(point(30 + i, offset + 0.01 * i))));
  const cut = tfrecords(event(point(40, 0.001)));
  await appendTo(page, FILES[0]!, more(0));
  await appendTo(page, FILES[1]!, more(1));
  await appendTo(page, FILES[0]!, cut.subarray(0, 11));
  await expect.poll(shown, { timeout: 60_000 }).toBe(80);
  await expect(line).toHaveAttribute('data-points', '20');
  await expect(chart.locator('canvas[data-original="yes"]')).toHaveCount(1);
  await expect(page.getByTestId('follow-status')).toContainText('20 points added');
  await expect(page.getByTestId('follow-status')).toContainText(/last change \d\d:\d\d:\d\d/);

  // The rest of the cut record arrives: the point is read whole, once.
  await appendTo(page, FILES[0]!, cut.subarray(11));
  await expect.poll(shown, { timeout: 60_000 }).toBe(81);
  await expect(chart.locator('canvas[data-original="yes"]')).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('follow-folder-compare') });
  await chart.screenshot({ path: screenshotPath('follow-folder-chart') });

  // The runs' files keep growing: the run page says RUNNING (read in place, no reload).
  await page.locator('[data-testid="diff-table"] a[href^="/run"]').first().click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'RUNNING');
  await appendTo(page, FILES[0]!, tfrecords(event(point(41, 0.0005))));
  await appendTo(page, FILES[1]!, tfrecords(event(point(40, 1.0005))));
  await expect(line).toHaveAttribute('data-points', '23', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'RUNNING');

  // Stop following: the line goes; the start page lists the folder to resume.
  await page.getByTestId('follow-stop').click();
  await expect(line).toHaveCount(0);
  await page.getByRole('link', { name: '← All runs' }).click();
  await expect(page.getByTestId('followed-folder')).toContainText(FOLDER);

  // Next visit: remembered; resuming asks the permission again and follows on.
  await page.reload();
  await expect(page.getByTestId('followed-folder')).toContainText(FOLDER);
  await page.getByTestId('follow-resume').click();
  await expect(line).toHaveCount(1);
  await appendTo(page, FILES[1]!, tfrecords(event(point(41, 1.0001))));
  await expect(line).toHaveAttribute('data-points', '24', { timeout: 60_000 });
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '2');
  // The runs table read again in place: the run that grew is RUNNING, with its new last value.
  const runB = page.locator('[data-testid="run-row"][data-run-id="runB"]');
  await expect(runB).toContainText(/running/i);
  await expect(runB).toContainText('1.0001');
  await page.screenshot({ path: screenshotPath('follow-folder-start') });
  await page.getByTestId('follow-stop').click();
  await page.getByTestId('follow-forget').click();
  await expect(page.getByTestId('followed-folders')).toHaveCount(0);
});
