// NaN, ±Infinity, -0 and subnormals in the browser (issue 18, item 7): an mlruns folder written as
// MLflow writes them is imported; the run page's table says them in words, its chart draws the
// finite points and marks the others at their steps without an error; the metric's CSV export
// holds every value and imports back with the same bits in the store. The figures go to
// test-results/reliability/numbers.json for scripts/reliability-report.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import type { Page } from '@playwright/test';
import {
  EDGE_STEPS,
  EDGE_VALUES,
  edgeMlrunsTexts,
  METRIC,
  RUN_NAME
} from '../fixtures/numbers/edge-values';
import { expect, recordFigure, screenshotPath, test } from './fixtures';

const text = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/**
 * Every stored point of `metric`, per run, as text (-0 kept), read with the raw IndexedDB API:
 * from the series chunks, or from the run row where a short history is kept inline.
 */
async function storedPoints(page: Page, metric: string) {
  return page.evaluate(async (metric) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('runlens');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve) => {
        const req = db.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
      });
    type Points = { steps: ArrayLike<number>; values: ArrayLike<number> };
    const chunks = await all<Points & { runKey: string; metric: string; index: number }>('series');
    const runs = await all<{ key: string; inlineSeries?: Map<string, Points> }>('runs');
    db.close();
    const t = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
    const byRun: Record<string, { steps: string[]; values: string[] }> = {};
    const add = (key: string, p: Points) => {
      const out = (byRun[key] ??= { steps: [], values: [] });
      out.steps.push(...Array.from(p.steps, t));
      out.values.push(...Array.from(p.values, t));
    };
    for (const c of chunks.filter((r) => r.metric === metric).sort((a, b) => a.index - b.index)) {
      add(c.runKey, c);
    }
    for (const r of runs) {
      const inline = r.inlineSeries?.get(metric);
      if (inline) add(r.key, inline);
    }
    return byRun;
  }, metric);
}

/** Pixels of the chart's canvas in the line's colour: a blank plot has none. */
async function linePixels(page: Page, metric: string): Promise<number> {
  return page.evaluate((metric) => {
    const figure = document.querySelector(`[data-testid=metric-chart][data-metric="${metric}"]`)!;
    const canvas = figure.querySelector('canvas')!;
    const accent = getComputedStyle(figure).getPropertyValue('--accent').trim();
    const probe = document.createElement('canvas').getContext('2d')!;
    probe.fillStyle = accent;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const near =
        Math.abs(data[i]! - r!) < 40 &&
        Math.abs(data[i + 1]! - g!) < 40 &&
        Math.abs(data[i + 2]! - b!) < 40;
      if (near && data[i + 3]! > 128) n++;
    }
    return n;
  }, metric);
}

test('NaN, ±Infinity, -0 and subnormals: table in words, chart marked, CSV export imports back bit for bit', async ({
  page
}, testInfo) => {
  const zip = testInfo.outputPath('edge-mlruns.zip');
  const files = Object.fromEntries(
    Object.entries(edgeMlrunsTexts()).map(([path, body]) => [path, strToU8(body)])
  );
  writeFileSync(zip, zipSync(files));
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(zip);
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  await page.locator('[data-testid=run-row]', { hasText: RUN_NAME }).getByRole('link').click();

  // The table: the infinities, NaN, -0 and a subnormal in words.
  const row = (metric: string) =>
    page.locator('tr', { has: page.locator('th[scope=row]', { hasText: metric }) }).first();
  const cells = async (metric: string) =>
    (await row(metric).locator('td').allTextContents()).slice(0, 4);
  await expect(row(METRIC)).toBeVisible();
  const shown = [...(await cells(METRIC)), ...(await cells('edge/signed-zero'))];
  expect(shown).toEqual(['12', '0.1', '−∞', '∞', '2', '-0', '-0', '4.9407e-324']);
  const tableText = await page.locator('#metrics-heading ~ table').textContent();
  expect(tableText).not.toMatch(/null|undefined/);

  // The chart: drawn, not blank, each non-finite value marked at its step, the note says which.
  const chart = page.locator(`[data-testid=metric-chart][data-metric="${METRIC}"]`);
  await expect(chart).toHaveAttribute('data-nan', '1');
  await expect(chart).toHaveAttribute('data-pos-inf', '1');
  await expect(chart).toHaveAttribute('data-neg-inf', '1');
  await expect(chart).toHaveAttribute('data-marks-drawn', '3');
  await expect(chart.getByTestId('points-note')).toHaveText(
    'all 12 points (3 NaN or infinite, not drawn: 1 NaN, 1 ∞, 1 −∞, marked at their steps; 9 drawn)'
  );
  const marks = Number(await chart.getAttribute('data-marks-drawn'));
  const pixels = await linePixels(page, METRIC);
  expect(pixels).toBeGreaterThan(50);
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('numbers-run-page'), fullPage: true });

  // The metric's CSV: every value as text Number() reads back, then imported again.
  const download = page.waitForEvent('download');
  await page.locator(`[data-testid=metric-export-csv][data-metric="${METRIC}"]`).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('edge-numbers-edge_value.csv');
  const csvPath = await saved.path();
  const csv = readFileSync(csvPath, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe(`Step,${RUN_NAME} - ${METRIC}`);
  expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(EDGE_VALUES.map((e) => text(e.value)));

  await page.getByRole('link', { name: 'Library' }).click();
  await page.getByTestId('import-input').setInputFiles({
    name: 'edge-numbers.csv',
    mimeType: 'text/csv',
    buffer: readFileSync(csvPath)
  });
  await expect(page.getByTestId('import-status')).toHaveAttribute('data-state', 'done');
  const stored = await storedPoints(page, METRIC);
  const runs = Object.keys(stored);
  expect(runs).toHaveLength(2);
  const want = { steps: EDGE_STEPS.map(text), values: EDGE_VALUES.map((e) => text(e.value)) };
  for (const key of runs) expect(stored[key], key).toEqual(want);
  const exact = (key: string) => stored[key]!.values.filter((v, i) => v === want.values[i]).length;
  const stepsExact = (key: string) =>
    stored[key]!.steps.filter((s, i) => s === want.steps[i]).length;
  const reimported = runs.find((k) => k.startsWith('wandb-csv'))!;
  const imported = runs.find((k) => k.startsWith('mlflow'))!;

  recordFigure('numbers', {
    values: EDGE_VALUES.length,
    importedExact: exact(imported),
    tableCells: shown.length,
    chartMarks: marks,
    chartLinePixels: pixels,
    csvReimportedExact: exact(reimported),
    csvStepsExact: stepsExact(reimported)
  });
});
