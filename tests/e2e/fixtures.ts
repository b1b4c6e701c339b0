// Shared browser-test fixtures: every test fails if any page of its browser context reports a
// CSP violation, an uncaught error or an executed payload (the hostile corpus's payloads all set
// `__pwned`), and helpers read IndexedDB directly to prove what is (not) stored.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import {
  test as base,
  expect,
  type BrowserContext,
  type Page,
  type TestInfo
} from '@playwright/test';

interface Guarded {
  /** Problems seen in the pages: CSP violations, uncaught errors, payloads that ran. */
  problems: string[];
}

/**
 * One line per test in test-results/guard-tally.jsonl (test, pages watched, problems): the count
 * of tests run under the guard that docs/reliability.md reports.
 */
const TALLY = 'test-results/guard-tally.jsonl';

/**
 * Watches every page of `context`, now and later: CSP violations (the DOM event and the console's
 * lines naming the policy), uncaught errors, dialogs, and writes to the `__pwned` sentinel, each pushed
 * onto `problems`. The `problems` fixture does this for the test's own context; a test that opens
 * another context (a fresh profile) calls it for that one too. Returns the count of pages seen.
 */
export async function guardContext(
  context: BrowserContext,
  problems: string[]
): Promise<() => number> {
  let pages = 0;
  await context.exposeBinding('__reportProblem', (_source, text: string) => {
    problems.push(text);
  });
  await context.addInitScript(() => {
    const report = (text: string) =>
      void (window as unknown as { __reportProblem?: (t: string) => void }).__reportProblem?.(text);
    document.addEventListener('securitypolicyviolation', (e) => {
      report(
        `CSP: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`
      );
    });
    // The sentinel: reads stay undefined, and any write (a payload that ran) is reported.
    Object.defineProperty(window, '__pwned', {
      configurable: false,
      get: () => undefined,
      set: () => report(`XSS: a payload set __pwned on ${location.href}`)
    });
  });
  const watch = (page: Page) => {
    pages += 1;
    page.on('pageerror', (e) => problems.push(`page error: ${e.message} (on ${page.url()})`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
        problems.push(`CSP console: ${m.text()}`);
    });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.type()} ${d.message()}`);
      // A test may handle the dialog itself; dismissing twice only throws.
      d.dismiss().catch(() => undefined);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return () => pages;
}

export const test = base.extend<Guarded>({
  problems: [
    async ({ context }, use, info) => {
      const problems: string[] = [];
      const pages = await guardContext(context, problems);
      await use(problems);
      mkdirSync('test-results', { recursive: true });
      const line = {
        test: `${info.file.split('/').pop()} › ${info.title}`,
        pages: pages(),
        problems: problems.length
      };
      appendFileSync(TALLY, `${JSON.stringify(line)}\n`);
      expect(problems, 'no CSP violations, page errors or executed payloads').toEqual([]);
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

/**
 * Rows of IndexedDB tables read with the raw API (not through the app), each row cut to the
 * named fields so large histories stay in the page: `{ runs: ['key', 'importId'] }`.
 */
export async function storedRows(
  page: Page,
  fields: Record<string, string[]>
): Promise<Record<string, Record<string, unknown>[]>> {
  return page.evaluate(async (fields) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('runlens');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const [store, keep] of Object.entries(fields)) {
      const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const req = db.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as Record<string, unknown>[]);
        req.onerror = () => reject(req.error);
      });
      out[store] = rows.map((row) => Object.fromEntries(keep.map((k) => [k, row[k]])));
    }
    db.close();
    return out;
  }, fields);
}

/** Clicks the sample button on the empty start page and waits for the import to finish. */
export async function loadSample(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('sample-data').click();
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
}

/**
 * Waits until the runs table lists runs of exactly these sources. The list refreshes after the
 * import status turns done, so reading it at once can miss the last import's runs.
 */
export async function expectListedSources(page: Page, sources: string[]): Promise<void> {
  await expect
    .poll(async () => {
      const listed = await page.getByTestId('run-source').allTextContents();
      return [...new Set(listed.map((s) => s.trim()))].sort();
    })
    .toEqual([...sources].sort());
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

/**
 * SHA-256 over a canonical dump of every IndexedDB table, read with the raw API: tables and keys
 * in order, Maps by sorted key, typed arrays by their bytes, -0 and NaN spelled out. Equal
 * digests before and after an import prove the import changed nothing (the research note's
 * DB_UNCHANGED invariant).
 */
export async function storeDigest(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('runlens');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const canonical = (v: unknown): string => {
      if (v === null || v === undefined) return String(v);
      if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
      if (typeof v === 'string') return JSON.stringify(v);
      if (typeof v !== 'object') return `${typeof v}:${String(v)}`;
      if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
      if (v instanceof Map) {
        const entries = [...v.entries()].map(([k, x]) => `${canonical(k)}=>${canonical(x)}`);
        return `Map{${entries.sort().join(',')}}`;
      }
      if (v instanceof Set) return `Set{${[...v].map(canonical).sort().join(',')}}`;
      if (v instanceof Date) return `Date(${v.getTime()})`;
      if (v instanceof Blob) return `Blob(${v.type},${v.size})`;
      if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
        const bytes =
          v instanceof ArrayBuffer
            ? new Uint8Array(v)
            : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
        return `${v.constructor.name}(${Array.from(bytes).join(' ')})`;
      }
      const keys = Object.keys(v).sort();
      const obj = v as Record<string, unknown>;
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
    };
    const names = [...db.objectStoreNames].sort();
    const parts: string[] = [];
    if (names.length > 0) {
      const tx = db.transaction(names, 'readonly');
      for (const name of names) {
        const rows = await new Promise<{ keys: IDBValidKey[]; values: unknown[] }>((resolve) => {
          const store = tx.objectStore(name);
          const keys = store.getAllKeys();
          const values = store.getAll();
          values.onsuccess = () => resolve({ keys: keys.result, values: values.result });
        });
        parts.push(`${name}:${canonical(rows.keys)}:${canonical(rows.values)}`);
      }
    }
    db.close();
    const digest = await crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode(parts.join('\n'))
    );
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  });
}

/**
 * Keeps a figure a reliability test measured (test-results/reliability/<name>.json) for
 * scripts/reliability-report.ts, which writes them into docs/reliability.md after a full run.
 */
export function recordFigure(name: string, figure: Record<string, unknown>): void {
  mkdirSync('test-results/reliability', { recursive: true });
  writeFileSync(`test-results/reliability/${name}.json`, `${JSON.stringify(figure, null, 2)}\n`);
}
