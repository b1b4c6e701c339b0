// Shared browser-test fixtures: every test fails if the page reports a CSP violation or an
// uncaught error, and helpers read IndexedDB directly to prove what is (not) stored.
import { writeFileSync } from 'node:fs';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

interface Guarded {
  /** Problems seen in the page: CSP violations, uncaught errors. */
  problems: string[];
}

export const test = base.extend<Guarded>({
  problems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      await page.exposeFunction('__reportCsp', (text: string) => problems.push(`CSP: ${text}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __reportCsp: (t: string) => void }).__reportCsp;
          void report(
            `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`
          );
        });
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
          problems.push(`CSP console: ${m.text()}`);
      });
      await use(problems);
      expect(problems, 'no CSP violations or page errors').toEqual([]);
    },
    { auto: true }
  ]
});

export { expect };

/**
 * Where screenshots go: test-results/screenshots by default, so a test run leaves the tree clean;
 * `RUNLENS_SCREENSHOTS=docs/screenshots npm run test:e2e` refreshes the ones the docs show.
 */
export function screenshotPath(name: string): string {
  return `${process.env.RUNLENS_SCREENSHOTS ?? 'test-results/screenshots'}/${name}.png`;
}

/** Row counts of every IndexedDB table, read with the raw API (not through the app). */
export async function storedCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('runlens');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const names = [...db.objectStoreNames];
    const counts: Record<string, number> = {};
    if (names.length === 0) {
      db.close();
      return counts;
    }
    const tx = db.transaction(names, 'readonly');
    await Promise.all(
      names.map(
        (name) =>
          new Promise<void>((resolve) => {
            const req = tx.objectStore(name).count();
            req.onsuccess = () => {
              counts[name] = req.result;
              resolve();
            };
          })
      )
    );
    db.close();
    return counts;
  });
}

/** Clicks the sample button on the empty start page and waits for the import to finish. */
export async function loadSample(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
}

/** Waits until the service worker is installed and activated (ready can resolve earlier). */
export async function serviceWorkerActivated(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    const sw = reg.active;
    if (!sw || sw.state === 'activated') return;
    await new Promise<void>((resolve) =>
      sw.addEventListener('statechange', () => {
        if (sw.state === 'activated') resolve();
      })
    );
  });
}

/** Writes `json` to a file, imports it through the file input and compares the runs `ids`. */
export async function compareImported(page: Page, info: TestInfo, json: string, ids: string[]) {
  const file = info.outputPath('runs.json');
  writeFileSync(file, json);
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.goto(`/compare?runs=${ids.join(',')}`);
}
