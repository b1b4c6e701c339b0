/**
 * Scenario 7: group statistics for 100 runs × 10,000 steps (the chart of scenario 4, grouped).
 * A = the app: `param:group` (4 groups of 25 runs) chosen in the chart's group-by select, timed
 * from the `change` event until the chart's next completed draw in `data-mode="group"` (mean
 * line and ± std band per group, the app's defaults). Between measurements the grouping is
 * switched off again (not timed); the runs' lines stay in the worker's cache, as they would.
 * B = a worker of the same page holding the same runs' steps and values as Float64Arrays (read
 * from the app's database once, not timed): one pass summing value and value² per step per group,
 * then mean and standard deviation, answered transferred. Timed from postMessage to the answer.
 */
import { GROUPS, GROUP_PARAM } from '../generate/curves-library';
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { median, medianOf, round } from '../lib/stats';
import { ARMED_DRAW, armDraw, type ArmedDraw } from '../page/chart-probe';
import {
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

export const GROUP_NAME = 'group statistics for 100 runs × 10,000 steps';
export const GROUP_TARGET = 5;

interface AppSample {
  ms: number;
  to_request_ms: number | null;
  worker_ms: number | null;
  draw_ms: number | null;
  split: CallSplit | null;
  lines: number;
  others: string[];
}

interface BaselineSample {
  ms: number;
  compute_ms: number;
}

const med = medianOf;

export async function benchGroupStats(cs: CompareSession, sizes: Sizes): Promise<ScenarioResult> {
  const { runs, steps } = sizes.curves;
  console.log(`Scenario 7: grouping the chart by the param \`${GROUP_PARAM}\`…`);
  const { page } = cs;
  const opened = await openCompare(cs, compareSettings({}));
  const runKeys = lastCall(opened.log, 'compareChart', 0, opened.firstDraw)?.out.request?.runKeys;
  if (!runKeys) throw new Error('the app never posted a compareChart request');
  await installBaseline(page);
  const index = new Map(cs.library.ids.map((id, r) => [id, r]));
  const groups = runKeys.map((key) => {
    const r = index.get(key.split('|').pop()!);
    if (r === undefined) throw new Error(`unknown run ${key}`);
    return r % GROUPS.length;
  });
  const kept = await page.evaluate<{ points: number }>(
    `window.__benchChartBaseline.keep(${JSON.stringify({ runKeys, metric: 'loss', groups, groupCount: GROUPS.length })})`
  );
  if (kept.points !== runs * steps)
    throw new Error(`the baseline read ${kept.points} points, not ${runs * steps}`);
  const select = page.getByTestId('group-by');

  const app = async (): Promise<AppSample> => {
    await page.evaluate(armDraw('change', 'group', WAIT_MS));
    await select.selectOption(`param:${GROUP_PARAM}`);
    const wait = await page.evaluate<ArmedDraw>(ARMED_DRAW);
    if (wait.start === null) throw new Error('the change event never reached the page');
    const call = lastCall(wait.log, 'compareChart', wait.start, wait.end);
    await settle(page);
    const split = await callSplit(page, call);
    // Back to one line per run, not timed.
    await page.evaluate(armDraw('change', null, WAIT_MS));
    await select.selectOption('');
    await page.evaluate(ARMED_DRAW);
    await settle(page);
    return {
      ms: wait.end - wait.start,
      to_request_ms: call ? call.out.t - wait.start : null,
      worker_ms: call ? call.in.t - call.out.t : null,
      draw_ms: call ? wait.end - call.in.t : null,
      split,
      lines: call?.in.frame?.lines ?? 0,
      others: otherCalls(wait.log, wait.start, wait.end)
    };
  };

  const baseline = async (): Promise<BaselineSample> => {
    const r = await page.evaluate<BaselineSample & { steps: number }>(
      'window.__benchChartBaseline.groupSum()'
    );
    if (r.steps !== steps) throw new Error(`the baseline summed ${r.steps} steps, not ${steps}`);
    return r;
  };

  const pairs = await interleave(
    'group statistics',
    sizes.pairs,
    app,
    baseline,
    (a, b) =>
      `app: request after ${formatMs(a.to_request_ms)}, worker ${formatMs(a.worker_ms)} (${splitText(a.split)}), draw ${formatMs(a.draw_ms)} (${a.lines} groups)` +
      (a.others.length > 0 ? `, also asked: ${a.others.join(', ')}` : '') +
      `; baseline compute ${formatMs(b.compute_ms)}`
  );
  const ratio = median(pairs.ratios);
  const appMs = med(pairs.app.map((s) => s.ms));
  const baselineMs = round(median(pairs.baseline.map((s) => s.ms)), 2);
  const others = [...new Set(pairs.app.flatMap((s) => s.others))];
  const split = medianSplit(pairs.app.map((s) => s.split));
  const reason =
    `app = change event → grouped draw: ${formatMs(med(pairs.app.map((s) => s.to_request_ms)))} until the compareChart request, ` +
    `${formatMs(med(pairs.app.map((s) => s.worker_ms)))} worker round trip (grid, interpolation, mean and std per group, copies: ${splitText(split)}), ` +
    `${formatMs(med(pairs.app.map((s) => s.draw_ms)))} to the draw (a new uPlot chart: the series change); ` +
    `other worker calls meanwhile: ${others.join(', ') || 'none'}. ` +
    `Baseline = one summing pass in a worker, ${formatMs(median(pairs.baseline.map((s) => s.compute_ms)))} of compute.`;
  return {
    id: 7,
    name: GROUP_NAME.replace('100', String(runs)).replace('10,000', steps.toLocaleString('en')),
    ratio: round(ratio),
    target: GROUP_TARGET,
    status: statusOf(ratio, GROUP_TARGET),
    absolute: {
      app_ms: appMs,
      baseline_ms: baselineMs,
      app_to_chart_request_ms: med(pairs.app.map((s) => s.to_request_ms)),
      app_chart_worker_ms: med(pairs.app.map((s) => s.worker_ms)),
      app_answer_to_draw_ms: med(pairs.app.map((s) => s.draw_ms)),
      app_chart_call_split: split,
      app_other_worker_calls: others,
      baseline_compute_ms: round(median(pairs.baseline.map((s) => s.compute_ms)), 2),
      groups: GROUPS.length,
      points: runs * steps,
      pairs: pairs.ratios.length,
      ratios: pairs.ratios.map((r) => round(r))
    },
    reason,
    display: { app: formatMs(appMs), baseline: formatMs(baselineMs) }
  };
}
