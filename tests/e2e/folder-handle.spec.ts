// A folder picked where the browser has showDirectoryPicker goes to the worker as a handle and
// is walked there (issue 19, item 3): the page builds no FileList. The folder is a real MLflow
// FileStore (mlops-assignment1-group72, 123 files) written into the origin-private file system,
// whose directory handle is a real FileSystemDirectoryHandle; the picker is replaced to hand it
// over. The import must equal the folder input's import of the same folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from './fixtures';

const FOLDER = 'tests/fixtures/real/mlflow-filestore/mlops-assignment1-group72';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('a folder handed over as a handle is walked in the worker and imports like the folder input', async ({
  page
}) => {
  test.setTimeout(90_000);
  const files = filesUnder(FOLDER).map((path) => ({
    path: relative(FOLDER, path),
    base64: readFileSync(path).toString('base64')
  }));
  await page.goto('/');
  await page.evaluate(async (files) => {
    const root = await navigator.storage.getDirectory();
    const top = await root.getDirectoryHandle('mlops-assignment1-group72', { create: true });
    for (const f of files) {
      const parts = f.path.split('/');
      let dir = top;
      for (const part of parts.slice(0, -1))
        dir = await dir.getDirectoryHandle(part, { create: true });
      const handle = await dir.getFileHandle(parts.at(-1)!, { create: true });
      const writable = await handle.createWritable();
      await writable.write(Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)));
      await writable.close();
    }
    // The picker a person would see, replaced by one that hands over this folder.
    (
      window as unknown as { showDirectoryPicker: () => Promise<FileSystemHandle> }
    ).showDirectoryPicker = async () => top;
    // Nothing may reach the folder input on this path.
    document
      .querySelector('[data-testid="import-folder-input"]')!
      .addEventListener(
        'change',
        () => ((window as unknown as { inputUsed: boolean }).inputUsed = true)
      );
  }, files);

  await page.getByTestId('import-folder-button').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await expect(page.getByTestId('import-status')).toContainText('mlops-assignment1-group72');
  expect(
    await page.evaluate(() => (window as unknown as { inputUsed?: boolean }).inputUsed)
  ).toBeUndefined();
  // The count follows the status by one read of the library (the status turns done first).
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '0');
  const viaHandle = Number(await page.getByTestId('run-count').getAttribute('data-count'));
  expect(viaHandle).toBeGreaterThan(0);

  // The same folder through the folder input: it replaces the same runs, adding none.
  await page.getByTestId('import-folder-input').setInputFiles(FOLDER);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', String(viaHandle));
});

// Files picked where the browser has showOpenFilePicker go to the worker as handles too: the
// page posts no File (each costs it a call to the browser process as it is cloned).
test('files picked as handles are read in the worker and import like the file input', async ({
  page
}) => {
  test.setTimeout(90_000);
  const SAMPLE = 'static/sample/runlens-sample.json';
  const base64 = readFileSync(SAMPLE).toString('base64');
  await page.goto('/');
  await page.getByTestId('import-input').waitFor({ state: 'attached' });
  await page.evaluate(async (base64) => {
    const root = await navigator.storage.getDirectory();
    const handle = await root.getFileHandle('runlens-sample.json', { create: true });
    const writable = await handle.createWritable();
    await writable.write(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    await writable.close();
    (
      window as unknown as { showOpenFilePicker: () => Promise<FileSystemHandle[]> }
    ).showOpenFilePicker = async () => [handle];
    document
      .querySelector('[data-testid="import-input"]')!
      .addEventListener(
        'change',
        () => ((window as unknown as { inputUsed: boolean }).inputUsed = true)
      );
  }, base64);

  await page.getByTestId('import-files-button').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await expect(page.getByTestId('import-status')).toContainText('runlens-sample.json');
  expect(
    await page.evaluate(() => (window as unknown as { inputUsed?: boolean }).inputUsed)
  ).toBeUndefined();
  await expect(page.getByTestId('run-count')).not.toHaveAttribute('data-count', '0');
  const viaHandle = Number(await page.getByTestId('run-count').getAttribute('data-count'));
  expect(viaHandle).toBeGreaterThan(0);

  // The same file through the file input: it replaces the same runs, adding none.
  await page.getByTestId('import-input').setInputFiles(SAMPLE);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
    timeout: 60_000
  });
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', String(viaHandle));
});
