/**
 * Scenario 14 (issue 14): a W&B offline run folder whose `.wandb` transaction log holds 1 M
 * history rows, picked with the app's folder picker, against the baseline worker that only
 * walks the log's framing, checks every chunk's CRC-32, decodes the history items' protobufs and
 * value_json numbers into per-key Float64Arrays and stores the same chunks as scenario 1's.
 */
import { generateWandb } from '../generate/wandb';
import type { Sizes } from '../lib/options';
import { formatMs, statusOf, type ScenarioResult } from '../lib/results';
import { round } from '../lib/stats';
import { baselineImport, importPairs, medianOf } from './import-common';

export const WANDB_NAME = 'import a W&B run folder (.wandb log)';
export const WANDB_TARGET = 2;

const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);

export async function benchWandb(
  baseURL: string,
  outDir: string,
  seed: number,
  sizes: Sizes
): Promise<ScenarioResult> {
  const rows = sizes.wandbRows;
  console.log(`Scenario 14: generating a .wandb log of ${rows.toLocaleString('en')} rows…`);
  const t0 = performance.now();
  const input = generateWandb(outDir, seed, { rows });
  console.log(
    `  ${(input.bytes / 1e6).toFixed(1)} MB, ${input.points.toLocaleString('en')} points (${Math.round(performance.now() - t0)} ms)`
  );
  const { pairs, ratio, appMs, baselineMs } = await importPairs({
    label: 'wandb',
    baseURL,
    outDir,
    pairs: sizes.pairs,
    appInput: 'import-folder-input',
    path: input.dir,
    runs: input.runs,
    what: 'the W&B folder',
    baseline: (page) => baselineImport(page, 'bench-baseline-wandb', input.dir, input.points)
  });
  return {
    id: 14,
    name: `${WANDB_NAME} (${rows.toLocaleString('en')} history rows, ${(input.bytes / 1e6).toFixed(0)} MB)`,
    ratio: round(ratio),
    target: WANDB_TARGET,
    status: statusOf(ratio, WANDB_TARGET),
    absolute: {
      app_ms: Math.round(appMs),
      baseline_ms: Math.round(baselineMs),
      app_parse_ms: Math.round(medianOf(pairs.app, (s) => s.parse_ms)),
      app_write_ms: Math.round(medianOf(pairs.app, (s) => s.write_ms)),
      baseline_parse_ms: Math.round(medianOf(pairs.baseline, (s) => s.parse_ms)),
      baseline_write_ms: Math.round(medianOf(pairs.baseline, (s) => s.write_ms)),
      app_rows_per_second: perSecond(rows, appMs),
      baseline_rows_per_second: perSecond(rows, baselineMs),
      app_long_tasks: pairs.app.map((s) => s.longTasks?.count ?? null),
      rows,
      points: input.points,
      records: input.records,
      bytes: input.bytes,
      pairs: pairs.ratios.length,
      ratios: pairs.ratios.map((r) => round(r))
    },
    display: { app: formatMs(appMs), baseline: formatMs(baselineMs) }
  };
}
