/**
 * What scenarios 4, 5 and 7 share: one fresh profile into which the curves library is imported
 * once through the app's file picker (a warm store for every pair, as scenario 6 does), the
 * compare page opened with controlled chart settings, the worker probe's log read back, and
 * uPlot plus the baseline installed in the same page.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { generateCurvesLibrary, type CurvesLibrary } from '../generate/curves-library';
import { openApp, openSession, type Session } from '../lib/browser';
import type { Sizes } from '../lib/options';
import { formatMs } from '../lib/results';
import { median, round } from '../lib/stats';
import { INSTALL_CHART_BASELINE } from '../page/chart-baseline';
import {
  CHART_PROBE_INIT,
  FIRST_DRAW_DONE,
  FIRST_DRAW_STATE,
  WORKER_QUIET,
  WORKER_TIMINGS,
  type FirstDrawState,
  type ProbeEntry,
  type WorkerTiming
} from '../page/chart-probe';
import { appImport } from './import-common';

export const WAIT_MS = 120_000;
/** Lets the page finish what the change started (other panels' requests) before the next side. */
const SETTLE_MS = 300;
/** CompareChart.svelte's default height. */
export const CHART_HEIGHT = 240;

export interface CompareSession {
  session: Session;
  page: Page;
  library: CurvesLibrary;
  url: string;
  importMs: number;
}

/** The chart settings each scenario opens the page with (runlens.compare.v1, see src/lib/state). */
export function compareSettings(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    charts: ['loss'],
    xAxis: { kind: 'step' },
    logX: false,
    logY: false,
    smoothing: { kind: 'none' },
    showRaw: true,
    ignoreOutliers: false,
    group: null,
    ...overrides
  };
}

/** A fresh profile with the curves library imported through the app's picker. */
export async function openCompareSession(
  baseURL: string,
  outDir: string,
  seed: number,
  sizes: Sizes,
  panels = 1
): Promise<CompareSession> {
  const { runs, steps } = sizes.curves;
  const library = generateCurvesLibrary(outDir, seed, { ...sizes.curves, panels });
  const session = await openSession(baseURL, outDir);
  try {
    await session.context.addInitScript({ content: CHART_PROBE_INIT });
    const { page } = session;
    await openApp(page);
    const t0 = performance.now();
    const { wait } = await appImport(page, 'import-input', library.file, runs);
    if (wait.state !== 'done')
      throw new Error(`the app did not import the curves (${wait.state}): ${wait.errors[0]}`);
    const importMs = performance.now() - t0;
    const metrics = panels > 1 ? ` (+ ${panels - 1} metrics every 10th step)` : '';
    console.log(
      `  imported ${runs} runs × ${steps.toLocaleString('en')} steps${metrics} (${(library.bytes / 1e6).toFixed(0)} MB) in ${formatMs(importMs)}`
    );
    // Run keys, as the explorer's Compare button writes them (bare ids work too, but then the
    // requests name ids and the baselines, which read by key, could not follow them).
    const keys = library.ids.map((id) => encodeURIComponent(`runlens-json|curves|${id}`));
    return { session, page, library, url: `/compare?runs=${keys.join(',')}`, importMs };
  } catch (error) {
    await session.close();
    throw error;
  }
}

/** Waits until every call to the app's worker has been answered, then a little longer. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(WORKER_QUIET, undefined, { timeout: WAIT_MS, polling: 50 });
  await page.waitForTimeout(SETTLE_MS);
}

/**
 * Stores `settings`, then navigates to the compare page (a new document: a new app worker with
 * empty caches) and waits for its first chart draw. Returns the probe's view of that navigation.
 */
export async function openCompare(
  cs: CompareSession,
  settings: Record<string, unknown>
): Promise<FirstDrawState> {
  const { page } = cs;
  await page.evaluate(
    `localStorage.setItem('runlens.compare.v1', ${JSON.stringify(JSON.stringify(settings))})`
  );
  await page.goto(cs.url, { waitUntil: 'commit' });
  await page.waitForFunction(FIRST_DRAW_DONE, undefined, { timeout: WAIT_MS, polling: 50 });
  const state = await page.evaluate<FirstDrawState>(FIRST_DRAW_STATE);
  await settle(page);
  return state;
}

const UPLOT_JS = createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js');

/** uPlot (the file the app bundles, as a global) and the baseline, in the current document. */
export async function installBaseline(page: Page): Promise<void> {
  if (!(await page.evaluate<boolean>('typeof window.uPlot === "function"'))) {
    await page.addScriptTag({ content: readFileSync(UPLOT_JS, 'utf8') });
    await page.addStyleTag({
      content: readFileSync(UPLOT_JS.replace(/\.iife\.min\.js$/, '.min.css'), 'utf8')
    });
  }
  await page.evaluate(INSTALL_CHART_BASELINE);
}

/**
 * The last call of `method` posted after `after` and answered by `end` (page times); of a chart
 * request, the timed chart's (the first panel's metric, `loss`): a grid asks for other panels too.
 */
export function lastCall(
  log: ProbeEntry[],
  method: string,
  after: number,
  end: number,
  metric = 'loss'
): { out: ProbeEntry; in: ProbeEntry } | null {
  const answers = new Map(log.filter((e) => e.dir === 'in').map((e) => [e.id, e]));
  let found: { out: ProbeEntry; in: ProbeEntry } | null = null;
  for (const e of log) {
    if (e.dir !== 'out' || e.method !== method || e.t < after) continue;
    if (e.request && e.request.metric !== undefined && e.request.metric !== metric) continue;
    const answer = answers.get(e.id);
    if (answer && answer.t <= end) found = { out: e, in: answer };
  }
  return found;
}

/** Where one call's round trip went, from the timings taken inside the app's worker (ms). */
export interface CallSplit {
  /** Posted until its handler started: the worker was busy with something else (or starting). */
  queue_ms: number;
  /** Handler start until the answer was posted: the work, and any awaits in it. */
  handler_ms: number;
  /** The answer's postMessage call: serialising it. */
  serialize_ms: number;
  /** Posted until the page's message event: deserialising, and the main thread being busy. */
  delivery_ms: number;
}

/** The split of a call, once its worker timings have arrived (null if they have not). */
export async function callSplit(
  page: Page,
  call: { out: ProbeEntry; in: ProbeEntry } | null
): Promise<CallSplit | null> {
  if (!call) return null;
  const timings = await page.evaluate<Record<string, WorkerTiming>>(WORKER_TIMINGS);
  const w = timings[call.out.id];
  if (!w) return null;
  return {
    queue_ms: w.received - call.out.t,
    handler_ms: w.posting - w.received,
    serialize_ms: w.posted - w.posting,
    delivery_ms: call.in.t - w.posted
  };
}

/** Medians of each part of the splits that were found, rounded to 0.1 ms. */
export function medianSplit(splits: (CallSplit | null)[]): Record<string, number> | null {
  const found = splits.filter((s): s is CallSplit => s !== null);
  if (found.length === 0) return null;
  const keys = ['queue_ms', 'handler_ms', 'serialize_ms', 'delivery_ms'] as const;
  return Object.fromEntries(keys.map((k) => [k, round(median(found.map((s) => s[k])), 1)]));
}

/** "queue 1 ms, handler 2 ms, …" for the console and the reasons. */
export function splitText(split: Record<string, number> | CallSplit | null): string {
  if (!split) return 'no worker timings';
  const s = split as Record<string, number>;
  return `queue ${formatMs(s.queue_ms)}, handler ${formatMs(s.handler_ms)}, serialise ${formatMs(s.serialize_ms)}, delivery ${formatMs(s.delivery_ms)}`;
}

/** Other worker calls posted between `from` and `to`: what shares the worker with the chart. */
export function otherCalls(log: ProbeEntry[], from: number, to: number): string[] {
  const seen = new Map<string, number>();
  for (const e of log) {
    if (e.dir !== 'out' || e.method === 'compareChart' || e.t < from || e.t > to) continue;
    seen.set(e.method ?? '?', (seen.get(e.method ?? '?') ?? 0) + 1);
  }
  return [...seen].map(([m, n]) => (n > 1 ? `${m} ×${n}` : m));
}

/** A B, B A, …: one warm-up pair (dropped) then `pairs` measured pairs, the order alternating. */
export async function interleave<A extends { ms: number }, B extends { ms: number }>(
  label: string,
  pairs: number,
  app: (i: number) => Promise<A>,
  baseline: (i: number) => Promise<B>,
  describe: (a: A, b: B) => string
): Promise<{ app: A[]; baseline: B[]; ratios: number[] }> {
  const out = { app: [] as A[], baseline: [] as B[], ratios: [] as number[] };
  for (let i = 0; i <= pairs; i++) {
    const appFirst = i % 2 === 0;
    let a: A | null = null;
    let b: B | null = null;
    for (const side of appFirst ? ['app', 'baseline'] : ['baseline', 'app']) {
      if (side === 'app') a = await app(i);
      else b = await baseline(i);
    }
    const ratio = a!.ms / b!.ms;
    const tag = i === 0 ? 'warm-up' : `pair ${i}/${pairs}`;
    console.log(
      `  ${label} ${tag} (${appFirst ? 'app first' : 'baseline first'}): app ${formatMs(a!.ms)}, baseline ${formatMs(b!.ms)}, ratio ${ratio.toFixed(2)}; ${describe(a!, b!)}`
    );
    if (i === 0) continue;
    out.app.push(a!);
    out.baseline.push(b!);
    out.ratios.push(ratio);
  }
  return out;
}
