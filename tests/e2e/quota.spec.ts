// Storage full (issue 18, item 4): a QuotaExceededError injected at the Nth IndexedDB write of
// an import (IDBObjectStore put/add patched inside the worker, which does every write; Chromium's
// Storage.overrideQuotaForOrigin was tried for a real small quota and accepted without effect
// here, the estimate kept its 5 GB). Each time the person reads that storage is full and what to delete or export, the store's digest is the
// one from before, and the next import works. Then: persistent storage is asked for after the
// first import that stored runs, never on load, and Settings shows the answer.
import type { Page, Worker } from '@playwright/test';
import { bigRunlensJson } from './big-file';
import { expect, loadSample, recordFigure, storeDigest, test } from './fixtures';

/** The worker of the page (started by the first import or library read). */
async function runlensWorker(page: Page): Promise<Worker> {
  return page.workers()[0] ?? (await page.waitForEvent('worker'));
}

/** Patches the worker's IndexedDB writes so that the `at`-th one (from now) throws. */
async function armFault(worker: Worker, at: number): Promise<void> {
  await worker.evaluate((n) => {
    const scope = self as unknown as { __fault?: { at: number; count: number; thrown: number } };
    if (!scope.__fault) {
      const fault = { at: Infinity, count: 0, thrown: 0 };
      scope.__fault = fault;
      for (const method of ['put', 'add'] as const) {
        const original = IDBObjectStore.prototype[method];
        IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: unknown[]) {
          fault.count += 1;
          if (fault.count === fault.at) {
            fault.thrown += 1;
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          }
          return (original as (...a: unknown[]) => IDBRequest).apply(this, args);
        } as typeof original;
      }
    }
    scope.__fault.at = n;
    scope.__fault.count = 0;
  }, at);
}

/** Writes counted since the fault was last armed. */
function writesSinceArmed(worker: Worker): Promise<number> {
  return worker.evaluate(() => (self as unknown as { __fault: { count: number } }).__fault.count);
}

async function importBuffer(page: Page, name: string, buffer: Buffer): Promise<string> {
  await page.getByTestId('import-input').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer
  });
  const status = page.getByTestId('import-status');
  await expect(status).not.toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  return (await status.getAttribute('data-state')) ?? '';
}

async function expectStorageFull(page: Page): Promise<void> {
  await expect(page.getByTestId('import-error').last()).toContainText(
    'storage for Runlens is full'
  );
  await expect(page.getByTestId('import-error').last()).toContainText('nothing was saved');
  await expect(page.getByTestId('storage-full')).toContainText('Open Settings');
}

// 12 runs × 2 metrics × 3,000 points: chunked series, so an import is a few dozen writes.
const FILE = bigRunlensJson(12, 2, 3000);

test('a quota error at any write of an import stores nothing, says what to do, and the app goes on', async ({
  page
}) => {
  test.setTimeout(180_000);
  await loadSample(page);
  const worker = await runlensWorker(page);

  // How many writes a whole import takes: the faults below land on each of them in turn.
  await armFault(worker, Infinity);
  expect(await importBuffer(page, 'big.json', FILE)).toBe('done');
  // bigRunlensJson names its runs alike: the later import replaces these, so the store grows once.
  const writes = await writesSinceArmed(worker);
  expect(writes).toBeGreaterThan(12);

  // A fault at every write in turn: before, between and after every kind of row (the import row
  // is written last).
  const points = Array.from({ length: writes }, (_, i) => i + 1);
  let faults = 0;
  for (const n of points) {
    const before = await storeDigest(page);
    await armFault(worker, n);
    expect(await importBuffer(page, 'big.json', FILE), `fault at write ${n}`).toBe('error');
    await expectStorageFull(page);
    expect(await storeDigest(page), `store unchanged after a fault at write ${n}`).toBe(before);
    faults += 1;
  }

  // Still usable: the fault gone, the same import and a new one land.
  await armFault(worker, Infinity);
  expect(await importBuffer(page, 'big.json', FILE)).toBe('done');
  expect(await importBuffer(page, 'other.json', bigRunlensJson(2, 1, 10))).toBe('done');
  test.info().annotations.push({ type: 'quota faults', description: `${faults} of ${writes}` });
  console.log(`quota: ${faults} faults over ${writes} writes, 0 losses`);
  recordFigure('quota', { faults, writes, changedStore: 0, usableAfter: true });
});

test('persistent storage is asked for after the first import, not on load, and Settings shows the answer', async ({
  page
}) => {
  await page.addInitScript(() => {
    const calls = { persist: 0 };
    (window as unknown as { __persistCalls: typeof calls }).__persistCalls = calls;
    let granted = false;
    navigator.storage.persisted = () => Promise.resolve(granted);
    navigator.storage.persist = () => {
      calls.persist += 1;
      granted = true;
      return Promise.resolve(true);
    };
  });
  const calls = () =>
    page.evaluate(
      () => (window as unknown as { __persistCalls: { persist: number } }).__persistCalls.persist
    );
  await page.goto('/');
  await page.goto('/settings');
  await expect(page.getByTestId('storage-kept')).toHaveAttribute('data-persisted', 'false');
  await expect(page.getByTestId('storage-kept')).toContainText('Best effort');
  expect(await calls(), 'not asked on load').toBe(0);

  await page.goto('/');
  expect(await importBuffer(page, 'other.json', bigRunlensJson(2, 1, 10))).toBe('done');
  await expect.poll(calls, { message: 'asked once after the first import' }).toBe(1);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('storage-kept')).toHaveAttribute('data-persisted', 'true');
  await expect(page.getByTestId('storage-kept')).toContainText('Persistent');
  recordFigure('persist', { askedOnLoad: 0, askedAfterFirstImport: 1, shownInSettings: true });
});
