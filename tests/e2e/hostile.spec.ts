// The hostile corpus in the browser (issue 18, items 1 and 6). The corpus's script-bearing cases
// are imported the way a person would and every view that shows imported text is opened: the
// import report, the explorer, each run page with every artifact previewed and its Reproduce
// panel, a comparison of all of them and the diff of each run with the next. The fixture fails
// the test on any CSP violation, uncaught error, dialog or write to the `__pwned` sentinel that
// every payload aims at; here we also check the payloads are on screen as text. The cases the
// corpus says must be rejected are imported into a library that already holds runs, and the
// store's digest must not move. The served pages' CSP is checked first.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CORPUS, readManifest, type ManifestCase } from '../fixtures/hostile/run-case';
import {
  expect,
  loadSample,
  recordFigure,
  storeDigest,
  storedCounts,
  storedRows,
  test
} from './fixtures';

const manifest = readManifest();
const imported = (c: ManifestCase) => c.expect.outcome === 'imported';
/** Every case whose strings include a payload: script in names, keys, values and artifacts. */
const SCRIPTED = manifest.cases.filter(
  (c) =>
    imported(c) &&
    (c.category === 'xss' || c.category === 'artifacts' || c.path === 'bundle/hostile.runlens')
);
const REJECTED = manifest.cases.filter((c) => c.expect.outcome === 'rejected');

/** Markup that only a payload could have put in the page (the app writes none of it). */
const PAYLOAD_MARKUP = [
  '[onerror]',
  '[onload]',
  '[ontoggle]',
  '[onfocus]',
  'iframe[srcdoc]',
  'a[href^="javascript:" i]',
  'a[href^="data:" i]',
  'meta[http-equiv="refresh" i]',
  'math',
  'object',
  'embed'
].join(', ');

async function importCase(page: Page, c: ManifestCase): Promise<string> {
  const path = join(CORPUS, c.path);
  const input = statSync(path).isDirectory() ? 'import-folder-input' : 'import-input';
  await page.getByTestId(input).setInputFiles(path);
  const status = page.getByTestId('import-status');
  await expect(status).not.toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  return (await status.getAttribute('data-state')) ?? '';
}

/** Run keys as stored, read with the raw IndexedDB API. */
async function storedRunKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('runlens');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const keys = await new Promise<IDBValidKey[]>((resolve) => {
      const req = db.transaction('runs').objectStore('runs').getAllKeys();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    return keys.map(String);
  });
}

/** Keys of the runs the newest import stored (its importId, read with the raw API). */
async function lastImportRunKeys(page: Page): Promise<string[]> {
  const rows = await storedRows(page, { imports: ['id', 'importedAt'], runs: ['key', 'importId'] });
  const imports = rows.imports as { id: string; importedAt: number }[];
  const last = imports.sort((a, b) => a.importedAt - b.importedAt).at(-1);
  return (rows.runs as { key: string; importId: string }[])
    .filter((r) => r.importId === last?.id)
    .map((r) => r.key);
}

/** Tables whose row counts differ, with the change. */
function countChanges(before: Record<string, number>, after: Record<string, number>) {
  return Object.fromEntries(
    Object.keys(after)
      .filter((t) => after[t] !== before[t])
      .map((t) => [t, (after[t] ?? 0) - (before[t] ?? 0)])
  );
}

/** Checks a view after it settled: no payload markup, the sentinel unset; returns its text. */
async function inertView(page: Page, what: string): Promise<string> {
  await page.waitForTimeout(150); // an onerror or onload that slipped through fires by now
  await expect(page.locator(PAYLOAD_MARKUP), `${what}: payload markup`).toHaveCount(0);
  // The page's own inline script is SvelteKit's hashed bootstrap; none may carry a payload.
  const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.text).join('\n'));
  expect(scripts, `${what}: script elements`).not.toContain('__pwned');
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), what).toBeFalsy();
  return page.locator('body').innerText();
}

/** The payloads every view must show somewhere when it shows a run of the batch. */
const VISIBLE = [
  '<script>globalThis.__pwned=1</script>',
  '<img src=x onerror="globalThis.__pwned=1">',
  'javascript:globalThis.__pwned=1'
];

test('the served pages carry the content security policy', async ({ request }) => {
  for (const path of ['/', '/run', '/compare', '/diff', '/settings', '/no-such-page']) {
    const html = await (await request.get(path)).text();
    const csp = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html)?.[1];
    expect(csp, path).toBeDefined();
    expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+')+;/);
    expect(csp).not.toMatch(/unsafe-inline'[^;]*;[^;]*style-src|script-src[^;]*unsafe/);
    expect(csp).toContain("object-src 'none'");
  }
});

/** Opens a run page, its Reproduce panel and every artifact preview; returns views checked. */
async function visitRun(page: Page, key: string, seen: Set<string>): Promise<number> {
  await page.goto(`/run?key=${encodeURIComponent(key)}`);
  await expect(page.getByTestId('reproduce-panel')).toBeVisible();
  await expect(page.getByTestId('reproduce-panel')).not.toContainText('Loading…');
  const text = await inertView(page, `run ${key}`);
  for (const p of VISIBLE) if (text.includes(p)) seen.add(p);
  let views = 1;
  const files = page.getByTestId('artifact-file');
  const count = await files.count();
  for (let i = 0; i < count; i++) {
    const file = files.nth(i);
    const path = await file.getAttribute('data-path');
    await file.click();
    await expect(page.getByTestId('artifact-preview')).toBeVisible();
    await inertView(page, `artifact ${path} of ${key}`);
    views += 1;
  }
  return views;
}

test('script in every imported field is shown as text in every view', async ({ page }) => {
  test.setTimeout(300_000);
  let views = 0;
  const seen = new Set<string>();
  let runs = 0;
  for (const c of SCRIPTED) {
    await page.goto('/');
    const state = await importCase(page, c);
    expect(['done', 'error'], `${c.path} imports`).toContain(state);
    // The import report lists file names and messages of the case: text only.
    await inertView(page, `import report of ${c.path}`);
    views += 1;
    // Visited now: a later case of the same run id replaces the run.
    const added = await lastImportRunKeys(page);
    expect(added.length, `${c.path} stored its runs`).toBe(
      c.expect.outcome === 'imported' ? c.expect.runs : 0
    );
    for (const key of added) {
      views += await visitRun(page, key, seen);
      runs += 1;
    }
  }
  expect([...seen].sort(), 'run pages show the payloads as text').toEqual([...VISIBLE].sort());

  const stored = await storedRunKeys(page);
  await page.goto('/');
  await expect(page.getByTestId('run-count')).toHaveAttribute('data-count', String(stored.length));
  const explorer = await inertView(page, 'explorer');
  views += 1;
  for (const p of VISIBLE) expect(explorer, 'explorer shows the payload as text').toContain(p);

  await page.goto(`/compare?runs=${stored.map(encodeURIComponent).join(',')}`);
  await expect(page.getByTestId('metric-chart').first()).toBeVisible();
  const compare = await inertView(page, 'compare');
  views += 1;
  for (const p of VISIBLE) expect(compare, 'compare shows the payload as text').toContain(p);

  for (let i = 0; i + 1 < stored.length; i++) {
    const [a, b] = [stored[i]!, stored[i + 1]!];
    await page.goto(`/diff?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
    await expect(page.getByTestId('diff-section').first()).toBeVisible();
    await inertView(page, `diff ${a} → ${b}`);
    views += 1;
  }
  const summary = `${SCRIPTED.length} cases, ${runs} runs, ${views} views`;
  test.info().annotations.push({ type: 'xss views checked', description: summary });
  console.log(`hostile: ${summary}`);
  recordFigure('xss-views', { cases: SCRIPTED.length, runs, views, executed: 0 });
});

test('a file the corpus says must be rejected leaves the store as it was', async ({ page }) => {
  test.setTimeout(600_000);
  await loadSample(page);
  const unchanged: string[] = [];
  const changed: string[] = [];
  for (const c of REJECTED) {
    const [before, counts] = [await storeDigest(page), await storedCounts(page)];
    const state = await importCase(page, c);
    expect(state, `${c.path} is rejected`).toBe('error');
    if ((await storeDigest(page)) === before) unchanged.push(c.path);
    else
      changed.push(`${c.path}: ${JSON.stringify(countChanges(counts, await storedCounts(page)))}`);
  }
  expect(changed, 'rejected cases that changed the store').toEqual([]);
  expect(unchanged).toHaveLength(REJECTED.length);
  console.log(`hostile: ${REJECTED.length} rejected cases, store digest unchanged after each`);
  recordFigure('rejected-store', { cases: REJECTED.length, unchanged: unchanged.length });
});
