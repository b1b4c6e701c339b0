/**
 * Scenario 5: change the smoothing on the chart of scenario 4 (EMA on, raw lines shown under the
 * smoothed ones, as the app's defaults are).
 * A = the app: the EMA weight set on the slider (`value`, then an `input` event, as a drag does),
 * timed from that event until the chart's next completed draw. Every change is to a weight not
 * used before in that page (0.9, 0.601, 0.901, 0.602, …), so the worker smooths every run's full
 * line again rather than answering from its cache of smoothed lines.
 * B = in the same page: a uPlot chart of the same size holding the app's own last two frames (x,
 * then raw and smoothed per run: the same series and points), timed from `setData` of the other
 * frame until uPlot's draw hook.
 */
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { median, medianOf, round } from '../lib/stats';
import { SMOOTHED_DATASETS } from '../page/chart-baseline';
import { ARMED_DRAW, armDraw, setSmoothingWeight, type ArmedDraw } from '../page/chart-probe';
import {
  CHART_HEIGHT,
  WAIT_MS,
  callSplit,
  compareSettings,
  medianSplit,
  splitText,
  type CallSplit,
  installBaseline,
  interleave,
  lastCall,
  openCompare,
  otherCalls,
  settle,
  type CompareSession
} from './compare-common';

export const SMOOTHING_NAME = 'change the smoothing on that chart';
export const SMOOTHING_TARGET = 3;
/** Scenario 19 (issue 16): the same change with the default grid of 30 panels on the page. */
export const GRID_SMOOTHING_NAME = 'change the smoothing with a grid of 30 panels (first panel)';

interface AppSample {
  ms: number;
  weight: number;
  to_request_ms: number | null;
  worker_ms: number | null;
  draw_ms: number | null;
  split: CallSplit | null;
  others: string[];
}

/** A new weight for every change, alternating high and low (3 decimals: the slider's step). */
function weightFor(k: number): number {
  return Math.round(((k % 2 === 0 ? 0.9 : 0.6) + 0.001 * ((k + 1) >> 1)) * 1000) / 1000;
}

const med = medianOf;

/**
 * Scenario 5, or with `grid` scenario 19: every metric charted (the default), the first panel's
 * redraw timed while the panels in view ask for their own smoothed frames too.
 */
export async function benchSmoothing(
  cs: CompareSession,
  sizes: Sizes,
  grid = false
): Promise<ScenarioResult> {
  const id = grid ? 19 : 5;
  console.log(
    `Scenario ${id}: changing the EMA weight on ${grid ? 'the first panel' : 'that chart'}…`
  );
  const { page } = cs;
  const opened = await openCompare(
    cs,
    compareSettings({ smoothing: { kind: 'ema', weight: 0.6 }, ...(grid ? { charts: null } : {}) })
  );
  const columns = lastCall(opened.log, 'compareChart', 0, opened.firstDraw)?.out.request?.columns;
  if (!columns) throw new Error('the app never posted a compareChart request');
  await installBaseline(page);
  let changes = 0;
  let baselineSeries = 0;

  const app = async (): Promise<AppSample> => {
    const weight = weightFor(changes++);
    await page.evaluate(armDraw('input', null, WAIT_MS));
    await page.evaluate(setSmoothingWeight(weight));
    const wait = await page.evaluate<ArmedDraw>(ARMED_DRAW);
    if (wait.start === null) throw new Error('the input event never reached the page');
    const call = lastCall(wait.log, 'compareChart', wait.start, wait.end);
    await settle(page);
    const split = await callSplit(page, call);
    return {
      ms: wait.end - wait.start,
      weight,
      to_request_ms: call ? call.out.t - wait.start : null,
      worker_ms: call ? call.in.t - call.out.t : null,
      draw_ms: call ? wait.end - call.in.t : null,
      split,
      others: otherCalls(wait.log, wait.start, wait.end)
    };
  };

  let k = 0;
  const baseline = async (): Promise<{ ms: number }> => {
    if (baselineSeries === 0) {
      baselineSeries = await page.evaluate<number>(`(() => {
        const d = ${SMOOTHED_DATASETS};
        return d ? window.__benchChartBaseline.setDataChart(d, ${columns}, ${CHART_HEIGHT}) : -1;
      })()`);
      if (baselineSeries < 0) throw new Error('the app answered fewer than two smoothed frames');
    }
    return { ms: await page.evaluate<number>(`window.__benchChartBaseline.setData(${++k % 2})`) };
  };

  try {
    const pairs = await interleave(
      'smoothing',
      sizes.pairs,
      app,
      baseline,
      (a) =>
        `app (weight ${a.weight}): request after ${formatMs(a.to_request_ms)}, worker ${formatMs(a.worker_ms)} (${splitText(a.split)}), draw ${formatMs(a.draw_ms)}` +
        (a.others.length > 0 ? `; also asked: ${a.others.join(', ')}` : '')
    );
    const ratio = median(pairs.ratios);
    const appMs = med(pairs.app.map((s) => s.ms));
    const baselineMs = round(median(pairs.baseline.map((s) => s.ms)), 2);
    const others = [...new Set(pairs.app.flatMap((s) => s.others))];
    const split = medianSplit(pairs.app.map((s) => s.split));
    const reason =
      `app = input event → next draw: ${formatMs(med(pairs.app.map((s) => s.to_request_ms)))} until the compareChart request, ` +
      `${formatMs(med(pairs.app.map((s) => s.worker_ms)))} worker round trip (EMA of every full line, envelopes, copies: ${splitText(split)}), ` +
      `${formatMs(med(pairs.app.map((s) => s.draw_ms)))} to the draw; other worker calls meanwhile: ${others.join(', ') || 'none'}. ` +
      `Baseline = uPlot setData of the app's frame (${baselineSeries} series × ${columns * 2} points) until its draw hook.`;
    return {
      id,
      name: grid ? GRID_SMOOTHING_NAME.replace('30', String(sizes.panels)) : SMOOTHING_NAME,
      ratio: round(ratio),
      target: SMOOTHING_TARGET,
      status: statusOf(ratio, SMOOTHING_TARGET),
      absolute: {
        app_ms: appMs,
        baseline_ms: baselineMs,
        app_to_chart_request_ms: med(pairs.app.map((s) => s.to_request_ms)),
        app_chart_worker_ms: med(pairs.app.map((s) => s.worker_ms)),
        app_answer_to_draw_ms: med(pairs.app.map((s) => s.draw_ms)),
        app_chart_call_split: split,
        app_other_worker_calls: others,
        weights: pairs.app.map((s) => s.weight),
        series: baselineSeries,
        slots: columns * 2,
        pairs: pairs.ratios.length,
        ratios: pairs.ratios.map((r) => round(r))
      },
      reason,
      display: { app: formatMs(appMs), baseline: formatMs(baselineMs) }
    };
  } finally {
    await page.evaluate(
      'window.__benchChartBaseline && window.__benchChartBaseline.dropSetDataChart()'
    );
  }
}
