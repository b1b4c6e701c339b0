// Interrupted imports (issue 18, item 3). Imports cut at seeded random moments, half by killing
// the worker (it closes itself mid-task, as a crash would), half by closing the tab; then the app
// starts again. Each time: the import's runs are all there or none is (one transaction), no
// series chunk, artifact or provenance row points at a missing run, every run's import row is
// stored, and the start page says which import did not finish (and says nothing of one that
// committed before the cut).
import { writeFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { bigRunlensJson } from './big-file';
import { expect, loadSample, recordFigure, storedCounts, storedRows, test } from './fixtures';

/** Run ids are unique per trial, so no import replaces another's runs. */
function trialFile(info: TestInfo, trial: number): string {
  const json = bigRunlensJson(20, 4, 10_000)
    .toString('utf8')
    .replaceAll('"big-', `"t${trial}-`)
    .replaceAll('"big"', `"t${trial}"`);
  const path = info.outputPath(`trial-${trial}.json`);
  writeFileSync(path, json);
  return path;
}

/** Mulberry32: the same delays on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows that point at something missing, read with the raw IndexedDB API. */
async function orphans(page: Page): Promise<string[]> {
  const rows = await storedRows(page, {
    runs: ['key', 'importId'],
    imports: ['id', 'runCount'],
    artifacts: ['runKey'],
    provenance: ['runKey']
  });
  // Series rows by their keys alone ([runKey, metric, index]): reading the rows would copy every
  // stored history into the page on each trial, and the store grows with every committed trial.
  rows.series = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('runlens');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const req = db.transaction('series', 'readonly').objectStore('series').getAllKeys();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return [...new Set(keys.map((k) => (k as [string])[0]))].map((runKey) => ({ runKey }));
  });
  const runs = rows.runs as { key: string; importId: string }[];
  const imports = rows.imports as { id: string; runCount: number }[];
  const keys = new Set(runs.map((r) => r.key));
  const ids = new Set(imports.map((i) => i.id));
  const found: string[] = [];
  for (const table of ['series', 'artifacts', 'provenance']) {
    for (const row of rows[table] as { runKey: string }[])
      if (!keys.has(row.runKey)) found.push(`${table} row of missing run ${row.runKey}`);
  }
  for (const r of runs) if (!ids.has(r.importId)) found.push(`run ${r.key}: no import row`);
  for (const i of imports) {
    const n = runs.filter((r) => r.importId === i.id).length;
    if (n !== i.runCount) found.push(`import ${i.id}: ${n} of its ${i.runCount} runs`);
  }
  return found;
}

const TRIALS = Number(process.env.RUNLENS_INTERRUPT_TRIALS ?? 24);

test(`${TRIALS} imports cut at random moments: all or nothing, no orphan, and the next start says so`, async ({
  page: first,
  context
}, info) => {
  test.setTimeout(60_000 + TRIALS * 15_000);
  const next = random(18_003);
  let page = first;
  await loadSample(page);
  const tally = { cut: 0, committedFirst: 0, cutByWorker: 0, cutByTab: 0, cutWhileWriting: 0 };

  for (let trial = 0; trial < TRIALS; trial++) {
    const file = trialFile(info, trial);
    const before = (await storedCounts(page)).runs!;
    await page.getByTestId('import-input').setInputFiles(file);
    await page.waitForTimeout(Math.round(next() * 1500));
    const phase = await page
      .getByTestId('import-phase')
      .getAttribute('data-phase', { timeout: 100 })
      .catch(() => null);

    if (trial % 2 === 0) {
      // The worker dies mid-task (as a crash would); the tab is reloaded: the next start.
      const worker = page.workers()[0]!;
      await worker.evaluate(() => self.close()).catch(() => undefined);
      await page.reload();
    } else {
      await page.close({ runBeforeUnload: false });
      page = await context.newPage();
      await page.goto('/');
    }
    await expect(page.getByTestId('run-count')).toBeVisible();

    const after = (await storedCounts(page)).runs!;
    expect([before, before + 20], `trial ${trial}: all or nothing`).toContain(after);
    expect(await orphans(page), `trial ${trial}: no orphan`).toEqual([]);
    const note = page.getByTestId('interrupted-imports');
    if (after === before) {
      tally.cut += 1;
      if (trial % 2 === 0) tally.cutByWorker += 1;
      else tally.cutByTab += 1;
      if (phase === 'writing') tally.cutWhileWriting += 1;
      await expect(note, `trial ${trial}: the start page says so`).toContainText(
        `trial-${trial}.json`
      );
      await expect(note).toContainText('Nothing of it was saved');
      await note.getByRole('button', { name: 'Dismiss' }).click();
    } else {
      // Committed before the cut: the runs are there, and no note claims otherwise.
      tally.committedFirst += 1;
      await expect(note).toHaveCount(0);
    }
  }
  console.log(`interrupt: ${JSON.stringify(tally)}`);
  test.info().annotations.push({ type: 'interruptions', description: JSON.stringify(tally) });
  recordFigure('interrupt', { trials: TRIALS, ...tally, partial: 0, orphans: 0 });
  // The delays are seeded: the same trials are cut on every run, by both means.
  expect(tally.cutByWorker, 'worker kills that cut an import').toBeGreaterThan(0);
  expect(tally.cutByTab, 'closed tabs that cut an import').toBeGreaterThan(0);
});
