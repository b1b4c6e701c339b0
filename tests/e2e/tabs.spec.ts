// Two tabs (issue 18, item 5), two pages in one browser context. A newer Runlens upgrading the
// database while an older tab imports: the old tab shows a banner, its import is saved, then it
// reloads, and the upgrade goes through. Two imports at once from two tabs both land. A new
// version applied from one tab never reloads another in the middle of its import.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import { serveBuild } from '../../scripts/serve.js';
import { bigRunlensJson } from './big-file';
import {
  expect,
  loadSample,
  recordFigure,
  serviceWorkerActivated,
  storedCounts,
  test
} from './fixtures';

/**
 * An import big enough to be still running while the other tab acts (60 runs, 1.2 million
 * points: several seconds here). Written to a file: Playwright refuses buffers past 50 MB.
 */
function bigFile(info: TestInfo): string {
  const path = info.outputPath('big.json');
  writeFileSync(path, bigRunlensJson(60, 4, 5000));
  return path;
}

function startImport(page: Page, name: string, file: Buffer | string): Promise<void> {
  const input = page.getByTestId('import-input');
  if (typeof file === 'string') return input.setInputFiles(file);
  return input.setInputFiles({ name, mimeType: 'application/json', buffer: file });
}

/**
 * Records, in sessionStorage (which survives a reload), the import panel's state each time the
 * page starts to unload: a reload that cut an import short shows up as 'running'.
 */
async function recordUnloads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    // beforeunload, not pagehide: a reload starts at once, but the old page lives on (and its
    // import may finish) until the new document arrives.
    addEventListener('beforeunload', () => {
      const state =
        document.querySelector('[data-testid=import-status]')?.getAttribute('data-state') ?? 'none';
      const log = JSON.parse(sessionStorage.getItem('unloads') ?? '[]') as string[];
      sessionStorage.setItem('unloads', JSON.stringify([...log, state]));
    });
  });
}

const unloads = (page: Page) =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('unloads') ?? '[]') as string[]);

/**
 * What a newer build does on its first load: opens the library at the next schema version and
 * adds a table. Run in a page of the same origin that is not Runlens (so no worker of its own
 * holds the database); says whether the open had to wait for other tabs ('blocked').
 */
async function upgradeFromAnotherTab(context: BrowserContext, origin: string) {
  const newer = await context.newPage();
  await newer.goto(`${origin}/favicon.svg`);
  const result = await newer.evaluate(async () => {
    const current = await new Promise<number>((resolve) => {
      const req = indexedDB.open('runlens');
      req.onsuccess = () => {
        resolve(req.result.version);
        req.result.close();
      };
    });
    let blocked = false;
    const started = performance.now();
    const version = await new Promise<number>((resolve, reject) => {
      const req = indexedDB.open('runlens', current + 10);
      req.onblocked = () => (blocked = true);
      req.onupgradeneeded = () => req.result.createObjectStore('future');
      req.onsuccess = () => {
        const v = req.result.version;
        req.result.close();
        resolve(v);
      };
      req.onerror = () => reject(req.error);
    });
    return {
      from: current,
      to: version,
      blocked,
      waitedMs: Math.round(performance.now() - started)
    };
  });
  await newer.close();
  return result;
}

test('a schema upgrade in another tab: the old tab saves its import, shows a banner and reloads', async ({
  page,
  context,
  baseURL
}, info) => {
  test.setTimeout(120_000);
  const big = bigFile(info);
  await recordUnloads(page);
  await loadSample(page);
  const before = await storedCounts(page);
  await startImport(page, 'big.json', big);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'running');

  const reloaded = page.waitForEvent('load');
  const upgrade = upgradeFromAnotherTab(context, new URL(baseURL!).origin);
  await expect(page.getByTestId('reload-banner')).toHaveAttribute('data-reason', 'schema');
  await expect(page.getByTestId('reload-banner')).toContainText('as soon as the import');
  const result = await upgrade;
  // The newer tab waited for the import to be saved rather than cutting it off.
  expect(result.blocked).toBe(true);
  expect(result.to).toBe(result.from + 10);
  await reloaded;
  expect(await unloads(page), 'the reload came after the import').not.toContain('running');

  const after = await storedCounts(page);
  expect(after.runs, 'no write lost').toBe(before.runs! + 60);
  expect(after.imports).toBe(before.imports! + 1);
  expect(after.future, 'the upgrade went through').toBe(0);
  await expect(page.getByTestId('reload-banner')).toHaveCount(0);
  console.log(`tabs: upgrade waited ${result.waitedMs} ms for the old tab's import`);
  recordFigure('tabs-upgrade-during-import', {
    blocked: result.blocked,
    waitedMs: result.waitedMs,
    lost: 0
  });
});

test('a schema upgrade in another tab while this one is idle reloads it at once', async ({
  page,
  context,
  baseURL
}) => {
  await loadSample(page);
  const before = await storedCounts(page);
  const reloaded = page.waitForEvent('load');
  const result = await upgradeFromAnotherTab(context, new URL(baseURL!).origin);
  await reloaded;
  expect(result.to).toBe(result.from + 10);
  // After the reload the library reads as before (older code opens the newer version as is).
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', String(before.runs));
  expect(await storedCounts(page)).toMatchObject({ ...before, future: 0 });
  recordFigure('tabs-upgrade-idle', { reloaded: true, lost: 0 });
});

test('two imports at once from two tabs both land', async ({ page, context }) => {
  const other = await context.newPage();
  await page.goto('/');
  await other.goto('/');
  const a = bigRunlensJson(30, 2, 4000);
  const b = Buffer.from(
    a.toString('utf8').replaceAll('"big-', '"other-').replaceAll('"big"', '"other"')
  );
  await Promise.all([startImport(page, 'a.json', a), startImport(other, 'b.json', b)]);
  for (const p of [page, other]) {
    await expect(p.getByTestId('import-status')).toHaveAttribute('data-state', 'done', {
      timeout: 60_000
    });
  }
  expect(await storedCounts(page)).toMatchObject({ runs: 60, imports: 2, experiments: 2 });
  await page.reload();
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', '60');
  recordFigure('tabs-two-imports', { imports: 2, landed: 2 });
});

// The update test publishes "a new version" of sw.js, so it runs its own server.
const PORT = 4183;
const overrides = new Map<string, string>();
let server: Server;

test.describe('the update prompt', () => {
  test.beforeAll(async () => {
    server = await serveBuild({ port: PORT, overrides });
  });
  test.afterAll(() => new Promise<void>((done) => server.close(() => done())));

  test('a new version applied in one tab waits for the import running in another', async ({
    page,
    context
  }, info) => {
    test.setTimeout(120_000);
    const big = bigFile(info);
    const origin = `http://127.0.0.1:${PORT}`;
    await recordUnloads(page);
    await page.goto(`${origin}/`);
    await serviceWorkerActivated(page);
    await page.reload();
    const other = await context.newPage();
    await other.goto(`${origin}/`);

    overrides.set('/sw.js', `${readFileSync('build/sw.js', 'utf8')}\n// next version\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect(page.getByTestId('update-prompt')).toBeVisible();
    await expect(other.getByTestId('update-prompt')).toBeVisible();

    // This tab imports; the other applies the update meanwhile.
    await startImport(page, 'big.json', big);
    const status = page.getByTestId('import-status');
    await expect(status).toHaveAttribute('data-state', 'running');
    // Here the button waits too: disabled while the import runs.
    await expect(
      page.getByTestId('update-prompt').getByRole('button', { name: 'Reload to update' })
    ).toBeDisabled();
    const otherReloaded = other.waitForEvent('load');
    const reloaded = page.waitForEvent('load');
    await other
      .getByTestId('update-prompt')
      .getByRole('button', { name: 'Reload to update' })
      .click();
    // The page may be reloading already (its import done): then there is nothing to read.
    const stateNow = () =>
      page
        .evaluate(() =>
          document.querySelector('[data-testid=import-status]')?.getAttribute('data-state')
        )
        .catch(() => 'reloading');
    const atClick = await stateNow();
    await otherReloaded;
    if ((await stateNow()) === 'running') {
      await expect(page.getByTestId('reload-banner')).toHaveAttribute('data-reason', 'update');
      await expect(page.getByTestId('reload-banner')).toContainText('as soon as the import');
    }
    await reloaded;
    expect(
      await unloads(page),
      `no reload while the import ran (at the click: ${atClick})`
    ).toEqual(['none', 'done']);
    expect(await storedCounts(page)).toMatchObject({ runs: 60, imports: 1 });
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    // The new version is in charge of both tabs.
    const waiting = await page.evaluate(
      async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null
    );
    expect(waiting).toBeNull();
    recordFigure('tabs-update-during-import', { reloadsDuringImport: 0, atClick });
  });
});
