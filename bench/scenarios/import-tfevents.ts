/**
 * Scenario 12 (issue 12): a TensorBoard logdir of event files picked with the app's folder
 * picker, against the baseline worker that only walks the TFRecord framing, checks both CRCs of
 * every record, decodes the scalars and stores the same chunks. Two targets: the ratio, and the
 * app's own rate in scalar events per second. Whether the app reads event files at all is found
 * out first by importing a tiny logdir: if no run comes out, the scenario is "not built".
 */
import type { Page } from '@playwright/test';
import { generateTfevents, type TfeventsShape } from '../generate/tfevents';
import { openApp, openSession } from '../lib/browser';
import type { Sizes } from '../lib/options';
import { formatMs, notBuilt, type ScenarioResult } from '../lib/results';
import { round } from '../lib/stats';
import { waitAppImport, waitRunCount } from '../page/scripts';
import { baselineImport, importPairs, medianOf } from './import-common';

export const TFEVENTS_NAME = 'import TensorBoard event files';
export const TFEVENTS_TARGET = 2;
/** The app's own floor, in scalar events per second (issue 12). */
export const TFEVENTS_RATE_TARGET = 1_000_000;

const PROBE_SHAPE: TfeventsShape = { runs: 2, tags: 2, steps: 10 };

const shapeText = ({ runs, tags, steps }: TfeventsShape) =>
  `${runs} runs × ${tags} tags × ${steps.toLocaleString('en')} steps`;

/** Imports a tiny logdir; returns why the app did not turn it into runs, or null. */
async function probe(baseURL: string, outDir: string, seed: number): Promise<string | null> {
  const small = generateTfevents(outDir, seed, PROBE_SHAPE);
  const session = await openSession(baseURL, outDir);
  try {
    await openApp(session.page);
    const page = session.page;
    const wait = page.evaluate<{ state: string; errors: string[] }>(waitAppImport(60_000));
    await page.getByTestId('import-folder-input').setInputFiles(small.dir);
    const result = await wait;
    if (result.state === 'done' && (await listsRuns(page, small.runs))) return null;
    const { status, count } = await page.evaluate<{ status: string; count: string | null }>(
      STATUS_AND_COUNT
    );
    const why =
      result.errors.join('; ') ||
      `importing a logdir of ${small.runs} runs (${small.points} scalars) ended "${result.state}" ` +
        `with ${count ?? 'no'} runs listed (status: "${status}")`;
    return `the app does not import TensorBoard event files yet: ${why}`;
  } finally {
    await session.close();
  }
}

/** The import status's words (without its buttons' labels) and the listed run count, if any. */
const STATUS_AND_COUNT = `(() => {
  const status = document.querySelector('[data-testid=import-status]');
  let words = status ? status.textContent : '';
  if (status) for (const b of status.querySelectorAll('button')) words = words.replace(b.textContent, '');
  const count = document.querySelector('[data-testid=run-count]');
  return {
    status: words.replace(/\\s+/g, ' ').trim(),
    count: count ? count.getAttribute('data-count') : null
  };
})()`;

async function listsRuns(page: Page, runs: number): Promise<boolean> {
  return page
    .waitForFunction(waitRunCount(runs), undefined, { timeout: 10_000, polling: 'raf' })
    .then(() => true)
    .catch(() => false);
}

const perSecond = (events: number, ms: number) => (events / ms) * 1000;
const millions = (rate: number) => `${(rate / 1e6).toFixed(2)} M events/s`;

export async function benchTfevents(
  baseURL: string,
  outDir: string,
  seed: number,
  sizes: Sizes
): Promise<ScenarioResult> {
  const shape = sizes.tfevents;
  const name = `${TFEVENTS_NAME} (${shapeText(shape)})`;
  console.log(`Scenario 12: does the app read TensorBoard event files?`);
  const refused = await probe(baseURL, outDir, seed);
  if (refused !== null) {
    console.log(`  not built: ${refused}`);
    return notBuilt(12, name, TFEVENTS_TARGET, refused);
  }
  console.log(`  yes; generating the logdir (${shapeText(shape)})…`);
  const t0 = performance.now();
  const input = generateTfevents(outDir, seed, shape);
  console.log(
    `  ${input.files} event files, ${(input.bytes / 1e6).toFixed(1)} MB, ${input.points.toLocaleString('en')} scalar events (${Math.round(performance.now() - t0)} ms)`
  );
  const { pairs, ratio, appMs, baselineMs } = await importPairs({
    label: 'tfevents',
    baseURL,
    outDir,
    pairs: sizes.pairs,
    appInput: 'import-folder-input',
    path: input.dir,
    runs: input.runs,
    what: 'the logdir',
    baseline: (page) => baselineImport(page, 'bench-baseline-tfevents', input.dir, input.points)
  });
  const rate = perSecond(input.points, appMs);
  const ratioMet = ratio <= TFEVENTS_TARGET;
  const rateMet = rate >= TFEVENTS_RATE_TARGET;
  const misses = [
    ...(ratioMet ? [] : [`ratio ${round(ratio)}× is above ${TFEVENTS_TARGET}×`]),
    ...(rateMet
      ? []
      : [
          `the app imports ${millions(rate)}, below its own floor of ${millions(TFEVENTS_RATE_TARGET)}`
        ])
  ];
  return {
    id: 12,
    name,
    ratio: round(ratio),
    target: TFEVENTS_TARGET,
    status: ratioMet && rateMet ? 'met' : 'missed',
    absolute: {
      app_ms: Math.round(appMs),
      baseline_ms: Math.round(baselineMs),
      app_parse_ms: Math.round(medianOf(pairs.app, (s) => s.parse_ms)),
      app_write_ms: Math.round(medianOf(pairs.app, (s) => s.write_ms)),
      baseline_parse_ms: Math.round(medianOf(pairs.baseline, (s) => s.parse_ms)),
      baseline_write_ms: Math.round(medianOf(pairs.baseline, (s) => s.write_ms)),
      app_events_per_second: Math.round(rate),
      baseline_events_per_second: Math.round(perSecond(input.points, baselineMs)),
      events_per_second_target: TFEVENTS_RATE_TARGET,
      events_per_second_status: rateMet ? 'met' : 'missed',
      ratio_status: ratioMet ? 'met' : 'missed',
      app_long_tasks: pairs.app.map((s) => s.longTasks?.count ?? null),
      points: input.points,
      records: input.records,
      files: input.files,
      bytes: input.bytes,
      pairs: pairs.ratios.length,
      ratios: pairs.ratios.map((r) => round(r))
    },
    ...(misses.length > 0 ? { reason: `missed: ${misses.join('; ')}` } : {}),
    display: {
      app: `${formatMs(appMs)} (${millions(rate)})`,
      baseline: formatMs(baselineMs),
      target: `≤ ${TFEVENTS_TARGET}×, ≥ 1 M events/s`
    }
  };
}
