/**
 * Scenario 4: time to first chart, 100 runs × 10,000 steps of one metric, warm store.
 * A = the app: a navigation to /compare?runs=… (a new document, so a new app worker with empty
 * caches; only the `loss` chart, no smoothing, no grouping), timed from navigation start (the
 * document's time origin) until the chart's `data-draws` reads 1.
 * B = a navigation to a minimal static page on the same origin (../page/first-chart-page.ts):
 * uPlot by a script tag, then a fresh Worker opens the `runlens` database, reads the same runs'
 * chunks, joins steps and values, reduces each run to the min/max envelope of the same pixel
 * grid, and transfers the arrays back; the main thread draws them with one uPlot chart of one
 * series per run, the same width and height. Timed, as the app, from navigation start to
 * uPlot's draw (until 2026-12 it was timed from the Worker's construction in the app's page).
 */
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { median, medianOf, round } from '../lib/stats';
import { FIRST_CHART_PAGE } from '../page/first-chart-page';
import {
  CHART_HEIGHT,
  callSplit,
  compareSettings,
  medianSplit,
  splitText,
  type CallSplit,
  WAIT_MS,
  interleave,
  lastCall,
  openCompare,
  otherCalls,
  type CompareSession
} from './compare-common';

export const FIRST_CHART_NAME =
  'time to first chart: 100 runs × 10,000 steps of one metric, warm store';
export const FIRST_CHART_TARGET = 1.5;
/** Scenario 18 (issue 16): the same first chart as the first panel of the default grid. */
export const GRID_FIRST_CHART_NAME =
  'time to first chart, the first of a grid of 30 panels (100 runs × 10,000 steps of loss)';

/** Which first chart is timed: scenario 4's lone chart, or 18's first panel of a grid. */
export interface FirstChartVariant {
  id: number;
  name: string;
  settings: Record<string, unknown>;
}

const LONE_CHART: FirstChartVariant = {
  id: 4,
  name: FIRST_CHART_NAME,
  settings: compareSettings({})
};

/** Every metric charted (the comparison's default), `loss` leading as the target metric. */
export const GRID_OF_PANELS: FirstChartVariant = {
  id: 18,
  name: GRID_FIRST_CHART_NAME,
  settings: compareSettings({ charts: null })
};

interface AppSample {
  ms: number;
  html_ms: number;
  dom_content_loaded_ms: number;
  /** Navigation start until the compareChart request is posted (page, JS, worker, compareOpen). */
  to_request_ms: number | null;
  /** The compareChart round trip: reads, decoding, lines, the envelope and both copies. */
  worker_ms: number | null;
  /** The frame's arrival until the draw completed (Svelte, uPlot). */
  draw_ms: number | null;
  split: CallSplit | null;
  mode: string;
  slots: number;
  lines: number;
  others: string[];
}

interface BaselineSample {
  /** Navigation start until uPlot's draw. */
  ms: number;
  /** Navigation start until the baseline's Worker is constructed (HTML, uPlot, its script). */
  page_ms: number;
  html_ms: number;
  worker_ms: number;
  read_ms: number;
  reduce_ms: number;
  draw_ms: number;
  points: number;
}

const med = medianOf;

/** The app's last chart frame as plain arrays (NaN gaps as null), for the baseline's check. */
const LAST_APP_FRAME = `(() => {
  const f = window.__benchChart.frames.at(-1);
  if (!f) return null;
  const plain = (a) => Array.from(a, (v) => (v === null || v !== v ? null : v));
  return { x: plain(f.x), lines: f.lines.map((l) => ({ raw: plain(l.raw) })) };
})()`;

export async function benchFirstChart(
  cs: CompareSession,
  sizes: Sizes,
  variant: FirstChartVariant = LONE_CHART
): Promise<ScenarioResult> {
  const { runs, steps } = sizes.curves;
  const where = variant === LONE_CHART ? '' : ` as the first of ${sizes.panels} panels`;
  console.log(
    `Scenario ${variant.id}: first chart of ${runs} runs × ${steps.toLocaleString('en')} steps${where}…`
  );
  const settings = variant.settings;
  let target: { runKeys: string[]; columns: number } | null = null;
  const checks: string[] = [];

  const app = async (): Promise<AppSample> => {
    const state = await openCompare(cs, settings);
    const call = lastCall(state.log, 'compareChart', 0, state.firstDraw);
    if (call?.out.request) target = call.out.request;
    return {
      ms: state.firstDraw,
      html_ms: state.responseEnd,
      dom_content_loaded_ms: state.domContentLoaded,
      to_request_ms: call ? call.out.t : null,
      worker_ms: call ? call.in.t - call.out.t : null,
      draw_ms: call ? state.firstDraw - call.in.t : null,
      split: await callSplit(cs.page, call),
      mode: call?.in.frame?.mode ?? '?',
      slots: call?.in.frame?.x ?? 0,
      lines: call?.in.frame?.lines ?? 0,
      others: otherCalls(state.log, 0, call ? call.in.t : state.firstDraw)
    };
  };

  const baseline = async (): Promise<BaselineSample> => {
    if (!target) throw new Error('the app never posted a compareChart request');
    // The app's last frame, taken before the page leaves it, to check the baseline's arrays.
    const frame = await cs.page.evaluate<unknown>(LAST_APP_FRAME);
    const request = { ...target, metric: 'loss', height: CHART_HEIGHT };
    await cs.page.goto(`${FIRST_CHART_PAGE}#${encodeURIComponent(JSON.stringify(request))}`, {
      waitUntil: 'commit'
    });
    await cs.page.waitForFunction('window.__benchFirstChart', undefined, {
      timeout: WAIT_MS,
      polling: 50
    });
    const r = await cs.page.evaluate<
      (BaselineSample & { lines: number; drawn_at: number }) | { error: string }
    >('window.__benchFirstChart');
    if ('error' in r) throw new Error(`the baseline page failed: ${r.error}`);
    if (r.lines !== runs) throw new Error(`the baseline drew ${r.lines} lines, not ${runs}`);
    const check = await cs.page.evaluate<{ ok: boolean; why: string }>(
      `window.__benchChartBaseline.check(${JSON.stringify(frame)})`
    );
    checks.push(`${check.ok ? 'same arrays' : 'DIFFERENT'} (${check.why})`);
    const html = await cs.page.evaluate<number>(
      "performance.getEntriesByType('navigation')[0]?.responseEnd ?? 0"
    );
    // From navigation start, as the app's: the page and its scripts, then the worker and draw.
    return { ...r, ms: r.drawn_at, page_ms: r.drawn_at - r.ms, html_ms: html };
  };

  const pairs = await interleave(
    'first chart',
    sizes.pairs,
    app,
    baseline,
    (a, b) =>
      `app: request at ${formatMs(a.to_request_ms)}, worker ${formatMs(a.worker_ms)}, draw ${formatMs(a.draw_ms)} (${a.mode}, ${a.lines} lines × ${a.slots}; ${splitText(a.split)}); ` +
      `baseline: page ${formatMs(b.page_ms)}, worker ${formatMs(b.worker_ms)} (read ${formatMs(b.read_ms)}, reduce ${formatMs(b.reduce_ms)}), draw ${formatMs(b.draw_ms)}`
  );
  const ratio = median(pairs.ratios);
  const appMs = med(pairs.app.map((s) => s.ms));
  const baselineMs = med(pairs.baseline.map((s) => s.ms));
  const first = pairs.app[0]!;
  const split = medianSplit(pairs.app.map((s) => s.split));
  const reason =
    `app = navigation start → first draw: ${formatMs(med(pairs.app.map((s) => s.to_request_ms)))} until the compareChart request ` +
    `(HTML at ${formatMs(med(pairs.app.map((s) => s.html_ms)))}, DOMContentLoaded ${formatMs(med(pairs.app.map((s) => s.dom_content_loaded_ms)))}), ` +
    `${formatMs(med(pairs.app.map((s) => s.worker_ms)))} worker round trip (${splitText(split)}), ${formatMs(med(pairs.app.map((s) => s.draw_ms)))} to the draw; ` +
    `other worker calls before the chart's answer: ${first.others.join(', ') || 'none'}. ` +
    `Baseline = navigation start → draw: ${formatMs(med(pairs.baseline.map((s) => s.page_ms)))} until its Worker is constructed ` +
    `(HTML at ${formatMs(med(pairs.baseline.map((s) => s.html_ms)))}, uPlot and its script by script tags), ` +
    `${formatMs(med(pairs.baseline.map((s) => s.worker_ms)))} worker (read ${formatMs(med(pairs.baseline.map((s) => s.read_ms)))}, ` +
    `reduce ${formatMs(med(pairs.baseline.map((s) => s.reduce_ms)))}) + ${formatMs(med(pairs.baseline.map((s) => s.draw_ms)))} draw; ` +
    `its arrays against the app's frame: ${checks.at(-1) ?? '–'}.`;
  return {
    id: variant.id,
    name: variant.name
      .replace('30', String(sizes.panels))
      .replace('100', String(runs))
      .replace('10,000', steps.toLocaleString('en')),
    ratio: round(ratio),
    target: FIRST_CHART_TARGET,
    status: statusOf(ratio, FIRST_CHART_TARGET),
    absolute: {
      app_ms: appMs,
      baseline_ms: baselineMs,
      app_html_ms: med(pairs.app.map((s) => s.html_ms)),
      app_dom_content_loaded_ms: med(pairs.app.map((s) => s.dom_content_loaded_ms)),
      app_to_chart_request_ms: med(pairs.app.map((s) => s.to_request_ms)),
      app_chart_worker_ms: med(pairs.app.map((s) => s.worker_ms)),
      app_answer_to_draw_ms: med(pairs.app.map((s) => s.draw_ms)),
      app_chart_call_split: split,
      app_mode: first.mode,
      app_other_worker_calls: first.others,
      baseline_page_ms: med(pairs.baseline.map((s) => s.page_ms)),
      baseline_html_ms: med(pairs.baseline.map((s) => s.html_ms)),
      baseline_worker_ms: med(pairs.baseline.map((s) => s.worker_ms)),
      baseline_read_ms: med(pairs.baseline.map((s) => s.read_ms)),
      baseline_reduce_ms: med(pairs.baseline.map((s) => s.reduce_ms)),
      baseline_draw_ms: med(pairs.baseline.map((s) => s.draw_ms)),
      baseline_vs_app_arrays: checks.at(-1) ?? null,
      lines: first.lines,
      slots: first.slots,
      points: runs * steps,
      import_ms: Math.round(cs.importMs),
      pairs: pairs.ratios.length,
      ratios: pairs.ratios.map((r) => round(r))
    },
    reason,
    display: { app: formatMs(appMs), baseline: formatMs(baselineMs) }
  };
}
