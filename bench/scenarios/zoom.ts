/**
 * Scenario 11 (an extra beyond issue 7's table; issue 5 asks for it): zoom into a tenth of the
 * chart of scenario 4 (100 runs × 10,000 steps of one metric, no smoothing).
 * A = the app: a drag across a tenth of the plot's width (Playwright's mouse on uPlot's overlay;
 * each drag a few pixels further right, so no two ranges are the same), timed from the `mouseup`
 * event until the chart's next completed draw of a frame answered after it (the worker redraws
 * that range at full resolution: every point, or the min/max envelope when there are more points
 * than pixel columns). The zoom is reset between measurements (not timed).
 * B = in the same page: a fresh Worker opens the `runlens` database, reads the chunks holding
 * that step range for the same runs (one getAll per run in one transaction), keeps the points
 * inside the range and reduces them as the app's frame is reduced, transfers the arrays; the
 * main thread turns the gaps into null and calls `setData` on a uPlot chart of the same size and
 * series. Timed from before the Worker is constructed to uPlot's draw hook. The app reads
 * nothing on a zoom (the worker keeps the runs' full lines from the first draw), so the baseline
 * does more I/O than the app needs to: its read time is reported on its own.
 */
import { CHUNK_POINTS } from '../../src/lib/db/series-chunks';
import { METRIC } from '../generate/curves-library';
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { median, medianOf, round } from '../lib/stats';
import { ARMED_DRAW, armDraw, type ArmedDraw } from '../page/chart-probe';
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

export const ZOOM_NAME = 'zoom into a tenth of the first chart (100 runs × 10,000 steps)';
export const ZOOM_TARGET = 1.5;

interface AppSample {
  ms: number;
  range: [number, number];
  to_request_ms: number | null;
  worker_ms: number | null;
  draw_ms: number | null;
  split: CallSplit | null;
  mode: string;
  slots: number;
  lines: number;
  others: string[];
}

interface BaselineSample {
  ms: number;
  worker_ms: number;
  read_ms: number;
  reduce_ms: number;
  draw_ms: number;
  points: number;
  slots: number;
}

const med = medianOf;

export async function benchZoom(cs: CompareSession, sizes: Sizes): Promise<ScenarioResult> {
  const { runs, steps } = sizes.curves;
  console.log('Scenario 11: zooming into a tenth of that chart…');
  const { page } = cs;
  const opened = await openCompare(cs, compareSettings({}));
  const first = lastCall(opened.log, 'compareChart', 0, opened.firstDraw)?.out.request;
  if (!first) throw new Error('the app never posted a compareChart request');
  const { runKeys, columns } = first;
  await installBaseline(page);
  await page.evaluate(
    `window.__benchChartBaseline.zoomChart(${runKeys.length}, ${columns}, ${CHART_HEIGHT})`
  );
  const overlay = page.locator('[data-testid=metric-chart] .u-over').first();
  const reset = page.getByRole('button', { name: 'Reset zoom' });
  let zooms = 0;
  let lastRange: [number, number] | null = null;
  const checks: string[] = [];

  const app = async (): Promise<AppSample> => {
    const box = await overlay.boundingBox();
    if (!box) throw new Error('the chart has no uPlot overlay');
    const x0 = box.x + box.width * (0.3 + 0.02 * zooms++);
    const y = box.y + box.height / 2;
    await page.mouse.move(x0, y);
    await page.mouse.down();
    await page.mouse.move(x0 + box.width / 20, y, { steps: 4 });
    await page.mouse.move(x0 + box.width / 10, y, { steps: 4 });
    await page.evaluate(armDraw('mouseup', null, WAIT_MS));
    await page.mouse.up();
    const wait = await page.evaluate<ArmedDraw>(ARMED_DRAW);
    if (wait.start === null) throw new Error('the mouseup never reached the page');
    const call = lastCall(wait.log, 'compareChart', wait.start, wait.end);
    const range = call?.out.request?.xRange;
    if (!range) throw new Error('the drag did not ask the worker for a range');
    lastRange = range;
    // The zoomed frame, kept for the baseline's check (not timed).
    await page.evaluate('window.__benchZoomFrame = window.__benchChart.frames.at(-1)');
    await settle(page);
    const split = await callSplit(page, call);
    // Back to the whole range, not timed.
    await page.evaluate(armDraw('click', null, WAIT_MS));
    await reset.click();
    await page.evaluate(ARMED_DRAW);
    await settle(page);
    return {
      ms: wait.end - wait.start,
      range,
      to_request_ms: call ? call.out.t - wait.start : null,
      worker_ms: call ? call.in.t - call.out.t : null,
      draw_ms: call ? wait.end - call.in.t : null,
      split,
      mode: call?.in.frame?.mode ?? '?',
      slots: call?.in.frame?.x ?? 0,
      lines: call?.in.frame?.lines ?? 0,
      others: otherCalls(wait.log, wait.start, wait.end)
    };
  };

  const baseline = async (): Promise<BaselineSample> => {
    if (!lastRange) throw new Error('the app has not zoomed yet');
    const [lo, hi] = lastRange;
    const request = { runKeys, metric: METRIC, columns, lo, hi, chunkPoints: CHUNK_POINTS };
    const r = await page.evaluate<BaselineSample & { lines: number }>(
      `window.__benchChartBaseline.zoom(${JSON.stringify(request)})`
    );
    if (r.lines !== runs) throw new Error(`the baseline drew ${r.lines} lines, not ${runs}`);
    const check = await page.evaluate<{ ok: boolean; why: string }>(
      'window.__benchChartBaseline.check(window.__benchZoomFrame)'
    );
    checks.push(`${check.ok ? 'same arrays' : 'DIFFERENT'} (${check.why})`);
    return r;
  };

  try {
    const pairs = await interleave(
      'zoom',
      sizes.pairs,
      app,
      baseline,
      (a, b) =>
        `app (steps ${a.range[0].toFixed(0)}–${a.range[1].toFixed(0)}): request after ${formatMs(a.to_request_ms)}, worker ${formatMs(a.worker_ms)} (${splitText(a.split)}), ` +
        `draw ${formatMs(a.draw_ms)} (${a.mode}, ${a.lines} lines × ${a.slots}); ` +
        `baseline: worker ${formatMs(b.worker_ms)} (read ${formatMs(b.read_ms)}, reduce ${formatMs(b.reduce_ms)}), draw ${formatMs(b.draw_ms)}; ${checks.at(-1) ?? ''}`
    );
    const ratio = median(pairs.ratios);
    const appMs = med(pairs.app.map((s) => s.ms));
    const baselineMs = med(pairs.baseline.map((s) => s.ms));
    const firstApp = pairs.app[0]!;
    const split = medianSplit(pairs.app.map((s) => s.split));
    const others = [...new Set(pairs.app.flatMap((s) => s.others))];
    const reason =
      `app = mouseup → draw of the zoomed frame: ${formatMs(med(pairs.app.map((s) => s.to_request_ms)))} until the compareChart request, ` +
      `${formatMs(med(pairs.app.map((s) => s.worker_ms)))} worker round trip (${splitText(split)}), ${formatMs(med(pairs.app.map((s) => s.draw_ms)))} to the draw ` +
      `(${firstApp.mode}, ${firstApp.lines} lines × ${firstApp.slots} slots); other worker calls meanwhile: ${others.join(', ') || 'none'}. ` +
      `Baseline = ${formatMs(med(pairs.baseline.map((s) => s.worker_ms)))} worker (read ${formatMs(med(pairs.baseline.map((s) => s.read_ms)))}, ` +
      `reduce ${formatMs(med(pairs.baseline.map((s) => s.reduce_ms)))}) + ${formatMs(med(pairs.baseline.map((s) => s.draw_ms)))} setData and draw; ` +
      `its arrays against the app's zoomed frame: ${checks.at(-1) ?? '–'}.`;
    return {
      id: 11,
      name: ZOOM_NAME.replace('100', String(runs)).replace('10,000', steps.toLocaleString('en')),
      ratio: round(ratio),
      target: ZOOM_TARGET,
      status: statusOf(ratio, ZOOM_TARGET),
      absolute: {
        app_ms: appMs,
        baseline_ms: baselineMs,
        app_to_chart_request_ms: med(pairs.app.map((s) => s.to_request_ms)),
        app_chart_worker_ms: med(pairs.app.map((s) => s.worker_ms)),
        app_answer_to_draw_ms: med(pairs.app.map((s) => s.draw_ms)),
        app_chart_call_split: split,
        app_mode: firstApp.mode,
        app_other_worker_calls: others,
        baseline_worker_ms: med(pairs.baseline.map((s) => s.worker_ms)),
        baseline_read_ms: med(pairs.baseline.map((s) => s.read_ms)),
        baseline_reduce_ms: med(pairs.baseline.map((s) => s.reduce_ms)),
        baseline_draw_ms: med(pairs.baseline.map((s) => s.draw_ms)),
        baseline_vs_app_arrays: checks.at(-1) ?? null,
        ranges: pairs.app.map((s) => s.range.map((v) => round(v, 1))),
        points_in_range: pairs.baseline[0]?.points ?? null,
        lines: firstApp.lines,
        slots: firstApp.slots,
        pairs: pairs.ratios.length,
        ratios: pairs.ratios.map((r) => round(r))
      },
      reason,
      display: { app: formatMs(appMs), baseline: formatMs(baselineMs) }
    };
  } finally {
    await page.evaluate(
      'window.__benchChartBaseline && window.__benchChartBaseline.dropZoomChart()'
    );
  }
}
