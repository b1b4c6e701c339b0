/**
 * Scenario 17 (opt-in: `npm run bench -- --scale [quick|tenth|full]`, never part of the default
 * run): past the comfort zone. An MLflow mlruns/ tree of 1,000 runs × 10 metrics × 10,000 steps
 * (100 M points; a tenth has 1,000 steps) and a `search_runs` CSV of 1 M runs, each imported into
 * a fresh profile, then listed (a new document), filtered, sorted and, for the curves, charted,
 * with the page's and the worker's V8 heap peaks for each step (lib/heap.ts). No baseline: the
 * targets are "no tab crash" and bounded memory. `--scale-part curves|csv` runs one of the two.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openApp, openSession } from '../lib/browser';
import { HeapSampler, type HeapPeaks } from '../lib/heap';
import { generateMlruns, type MlrunsShape } from '../generate/mlruns';
import { generateSearchRunsCsv } from '../generate/search-runs-csv';
import { waitAppImport, waitRunCount } from '../page/scripts';

export type ScaleSize = 'quick' | 'tenth' | 'full';

export const SCALE_SIZES: Record<ScaleSize, { mlruns: MlrunsShape; csvRuns: number }> = {
  quick: { mlruns: { runs: 100, metrics: 10, steps: 1_000 }, csvRuns: 100_000 },
  tenth: { mlruns: { runs: 1_000, metrics: 10, steps: 1_000 }, csvRuns: 1_000_000 },
  full: { mlruns: { runs: 1_000, metrics: 10, steps: 10_000 }, csvRuns: 1_000_000 }
};

const WAIT_MS = 60 * 60_000;
/** Runs on the first chart: as many lines as scenario 4 draws. */
const CHART_RUNS = 100;

interface Step {
  ms: number | null;
  heap: HeapPeaks;
  note?: string;
}

export interface ScaleReport {
  input: string;
  points: number;
  runs: number;
  bytes: number;
  crashed: boolean;
  steps: Record<string, Step>;
}

const MB = (b: number) => Math.round(b / 1e5) / 10;

async function timed(
  sampler: HeapSampler,
  steps: Record<string, Step>,
  name: string,
  work: () => Promise<void>
): Promise<void> {
  sampler.reset();
  await sampler.sample();
  const t0 = performance.now();
  let note: string | undefined;
  try {
    await work();
  } catch (error) {
    note = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  const ms = note ? null : performance.now() - t0;
  await sampler.sample();
  const heap = sampler.reset();
  steps[name] = { ms, heap, ...(note ? { note } : {}) };
  console.log(
    `    ${name}: ${ms === null ? `failed (${note})` : `${Math.round(ms)} ms`}; heap peaks page ${MB(heap.page_used)} MB, worker ${MB(heap.worker_used)} MB (${heap.samples} samples)`
  );
}

const count = (page: Page) =>
  page.evaluate<string | null>(
    `document.querySelector('[data-testid=run-count]')?.getAttribute('data-count') ?? null`
  );
const firstRow = (page: Page) =>
  page.evaluate<string | null>(
    `document.querySelector('[data-testid=run-row]')?.getAttribute('data-run-id') ?? null`
  );

async function importAndBrowse(
  baseURL: string,
  outDir: string,
  input: { path: string; testId: string; runs: number; filter: string; sortBy: string },
  chartIds: string[] | null,
  report: ScaleReport
): Promise<void> {
  const session = await openSession(baseURL, outDir);
  const { page } = session;
  page.on('crash', () => (report.crashed = true));
  const sampler = await HeapSampler.attach(page);
  sampler.start();
  const s = report.steps;
  try {
    await openApp(page);
    await timed(sampler, s, 'import', async () => {
      const wait = page.evaluate<{ state: string; errors: string[] }>(waitAppImport(WAIT_MS));
      await page.getByTestId(input.testId).setInputFiles(input.path);
      const r = await wait;
      if (r.state !== 'done') throw new Error(`import ${r.state}: ${r.errors[0] ?? ''}`);
      await page.waitForFunction(waitRunCount(input.runs), undefined, { timeout: WAIT_MS });
    });
    // Listing: a new document (and worker) opens the library and shows every run counted.
    await timed(sampler, s, 'listing', async () => {
      await page.goto(baseURL + '/');
      await page.waitForFunction(waitRunCount(input.runs), undefined, { timeout: WAIT_MS });
    });
    await timed(sampler, s, 'filter', async () => {
      await page.getByTestId('run-filter').fill(input.filter);
      await page.waitForFunction(
        `(() => { const c = document.querySelector('[data-testid=run-count]')?.getAttribute('data-count'); return c !== undefined && c !== null && c !== '${input.runs}'; })()`,
        undefined,
        { timeout: WAIT_MS, polling: 'raf' }
      );
    });
    s.filter!.note = `${input.filter} → ${await count(page)} runs`;
    await page.getByTestId('run-filter').fill('');
    await page.waitForFunction(waitRunCount(input.runs), undefined, { timeout: WAIT_MS });
    const before = await firstRow(page);
    await timed(sampler, s, 'sort', async () => {
      // The header's sort button, by its title ("Sort by metric · metric_0 last …"): its text is styled parts.
      await page
        .locator(`button[title^=${JSON.stringify(`Sort by ${input.sortBy}`)}]`)
        .first()
        .click({ timeout: 30_000 });
      await page.waitForFunction(
        `document.querySelector('[data-testid=run-row]')?.getAttribute('data-run-id') !== ${JSON.stringify(before)}`,
        undefined,
        { timeout: WAIT_MS, polling: 'raf' }
      );
    });
    if (chartIds) {
      await timed(sampler, s, 'first_chart', async () => {
        await page.goto(`${baseURL}/compare?runs=${chartIds.join(',')}`);
        await page.waitForFunction(
          `[...document.querySelectorAll('[data-draws]')].some((e) => Number(e.getAttribute('data-draws')) >= 1)`,
          undefined,
          { timeout: WAIT_MS, polling: 100 }
        );
      });
    }
  } finally {
    await sampler.detach();
    await session.close();
  }
}

/** Runs scenario 17 at `size`; prints each step and returns the reports. */
export async function benchScale(
  baseURL: string,
  outDir: string,
  seed: number,
  size: ScaleSize,
  part: 'curves' | 'csv' | null = null
): Promise<ScaleReport[]> {
  const reports: ScaleReport[] = [];
  if (part !== 'csv') reports.push(await benchCurves(baseURL, outDir, seed, size));
  if (part !== 'curves') reports.push(await benchRunsCsv(baseURL, outDir, seed, size));
  return reports;
}

/** The mlruns/ half: 100 M points (a tenth at `tenth`), imported, listed, filtered, charted. */
async function benchCurves(
  baseURL: string,
  outDir: string,
  seed: number,
  size: ScaleSize
): Promise<ScaleReport> {
  const m = SCALE_SIZES[size].mlruns;
  console.log(`Scenario 17 (${size}): generating mlruns/ (${m.runs} × ${m.metrics} × ${m.steps})…`);
  const mlruns = generateMlruns(outDir, seed, m);
  console.log(`  ${mlruns.files.toLocaleString('en')} files, ${MB(mlruns.bytes)} MB`);
  const expDir = join(mlruns.dir, '1');
  const ids = readdirSync(expDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .slice(0, CHART_RUNS);
  const curves: ScaleReport = {
    input: `mlruns/ ${m.runs} runs × ${m.metrics} metrics × ${m.steps} steps`,
    points: mlruns.points,
    runs: mlruns.runs,
    bytes: mlruns.bytes,
    crashed: false,
    steps: {}
  };
  await importAndBrowse(
    baseURL,
    outDir,
    {
      path: mlruns.dir,
      testId: 'import-folder-input',
      runs: mlruns.runs,
      filter: 'params.lr < 0.5',
      sortBy: 'metric · metric_0'
    },
    ids,
    curves
  );
  return curves;
}

/** The search_runs CSV half: 1 M runs imported, listed, filtered and sorted. */
async function benchRunsCsv(
  baseURL: string,
  outDir: string,
  seed: number,
  size: ScaleSize
): Promise<ScaleReport> {
  const shape = SCALE_SIZES[size];
  console.log(`Scenario 17 (${size}): generating a search_runs CSV of ${shape.csvRuns} runs…`);
  const csv = generateSearchRunsCsv(outDir, seed, shape.csvRuns);
  console.log(`  ${MB(csv.bytes)} MB`);
  const table: ScaleReport = {
    input: `search_runs CSV, ${csv.runs.toLocaleString('en')} runs`,
    points: 0,
    runs: csv.runs,
    bytes: csv.bytes,
    crashed: false,
    steps: {}
  };
  await importAndBrowse(
    baseURL,
    outDir,
    {
      path: csv.file,
      testId: 'import-input',
      runs: csv.runs,
      filter: 'params.model = "tree"',
      sortBy: 'metric · loss'
    },
    null,
    table
  );
  return table;
}
